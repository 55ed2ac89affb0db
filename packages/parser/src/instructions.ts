/**
 * Typed instructions and BuildKit's instruction-layer checks (`instructions/parse.go`), built
 * from the parser-layer node of one logical line.
 */
import type {
  ArgDefinition,
  CommandForm,
  Comment,
  Heredoc,
  Token,
  Diagnostic,
  DiagnosticStage,
  Flag,
  Instruction,
  JsonString,
  KeyValue,
  Keyword,
  Mount,
  Range,
  ShellForm,
  Text,
  TextSegment,
  Word,
  WordPartNode,
} from "./ast.js";
import { type FlagSpec, FLAG_SPECS, type ParsedFlags, isFlagError, parseFlags } from "./buildkit/flags.js";
import { formatMilliseconds, parseDuration, parseInt10 } from "./buildkit/go.js";
import { type Span, instructionName, isHeredocWord, parseHeredocWord } from "./buildkit/line.js";
import { checkDevice, checkMount } from "./buildkit/mount.js";
import { type RawNode, nodeArguments } from "./buildkit/node.js";
import type { LogicalLine } from "./logical-line.js";
import { expand } from "./shell/expand.js";
import { type WordPart, findSyntaxError, parseWord } from "./shell/word.js";
import { type LineIndex, SourceRange } from "./positions.js";
import { goQuote, none, withSuggestion } from "./text.js";
import { InstructionNode } from "./token-owner.js";

/** Everything an instruction node shares, computed by the caller from the tokens (which it attaches itself). */
export interface InstructionShell {
  range: Range;
  original: string;
  leadingComments: string[];
  innerComments: Comment[];
  heredocs: Heredoc[];
}

/** `arguments`: null for the command instructions, whose node makes them from the command (see `InstructionNode`). */
type InstructionBase = InstructionShell & { type: string; keyword: Keyword; flags: Flag[]; arguments: Text[] | null; json: boolean };

/** Builds the node in one go (see `InstructionNode`); the result is the typed instruction. */
function create<T extends object>(base: InstructionBase, specific: T): BuiltInstruction<T> {
  return new InstructionNode(base, specific) as unknown as BuiltInstruction<T>;
}

/** What `create` gives: every node has its arguments, stored or made from its command. */
type BuiltInstruction<T> = Omit<InstructionBase, "arguments"> & { arguments: Text[] } & T & { tokens: Token[] };

const INSTRUCTION_NAMES = [
  "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
  "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
];

const KNOWN_NAMES = new Map(INSTRUCTION_NAMES.map((name) => [name, name]));

/** The instructions whose arguments are their command's strings. */
const COMMAND_NAMES = new Set(["RUN", "CMD", "ENTRYPOINT", "SHELL"]);

const STAGE_NAME = /^[a-z][a-z0-9_.-]*$/;

export class InstructionBuilder {
  constructor(
    private readonly line: LogicalLine,
    private readonly escape: string,
    private readonly diagnostics: Diagnostic[] | null,
  ) {}

  range(span: Span): Range {
    return this.line.range(span.start, span.end);
  }

  private report(message: string, at: Span | Range, code: string, stage: DiagnosticStage = "instruction"): void {
    if (!this.diagnostics) return;
    const range = isRange(at) ? at : this.range(at);
    this.diagnostics.push({ severity: "error", code, message, range, stage });
  }

  text(span: Span): Text {
    return { type: "Text", value: span.value, range: this.range(span) };
  }

  /**
   * A word from a span of the logical line. `expanded` marks words BuildKit expands: their
   * syntax errors fail the build, so they are reported now.
   */
  word(span: Span, expanded: boolean, source?: JsonString): Word {
    // A JSON string's literal is inside its quotes: only a word that is its own source text is one
    // literal with the word's range.
    if (!source && isPlain(span.value, this.escape)) {
      const range = this.range(span);
      // One literal: the part and the word share their (immutable) range.
      const parts: WordPartNode[] = span.value === "" ? [] : [{ type: "Literal", value: span.value, range }];
      return { type: "Word", value: span.value, range, parts };
    }
    const parts = parseWord(span.value, { escape: this.escape });
    if (expanded) {
      const error = findSyntaxError(parts);
      if (error) this.report(`failed to process ${goQuote(span.value)}: ${error.message}`, span, "expansion-syntax", "expand");
    }
    // A decoded JSON string maps onto its source through its escapes (`\\`, `\u00e9`…).
    const offsets = source && source.raw.length !== span.value.length + 2 ? jsonStringOffsets(source.raw) : null;
    const base = source ? span.start + 1 : span.start;
    const at = (start: number, end: number): Range =>
      offsets ? this.line.range(span.start + (offsets[start] ?? 0), span.start + (offsets[end] ?? 0)) : this.line.range(base + start, base + end);
    return { type: "Word", value: span.value, range: this.range(span), parts: parts.map((part) => locate(part, at)) };
  }

  flag(span: Span): Flag {
    const raw = this.line.text.slice(span.start, span.end);
    const rawEq = raw.indexOf("=");
    const eq = span.value.indexOf("=");
    return {
      type: "Flag",
      name: span.value.slice(2, eq < 0 ? undefined : eq),
      value: eq < 0 ? null : span.value.slice(eq + 1),
      text: span.value,
      range: this.range(span),
      nameRange: this.line.range(span.start, rawEq < 0 ? span.end : span.start + rawEq),
      valueRange: rawEq < 0 ? null : this.line.range(span.start + rawEq + 1, span.end),
    };
  }

  private jsonString(span: Span): JsonString {
    return { type: "JsonString", value: span.value, raw: this.line.text.slice(span.start, span.end), range: this.range(span) };
  }

  /**
   * The command of RUN, CMD, ENTRYPOINT, SHELL or HEALTHCHECK; `from` is where its text starts.
   */
  private command(node: RawNode, args: Span[], from: number): CommandForm | null {
    const first = args[0];
    if (node.json) {
      const open = first ? this.line.text.lastIndexOf("[", first.start) : this.line.text.indexOf("[", from);
      const elements = args.map((span) => this.jsonString(span));
      return { type: "ExecForm", elements, range: this.line.range(Math.max(open, from), node.rest.end) };
    }
    if (!first) return null;
    // A command in one unbroken run of the source (a one-line RUN) has its one segment made when read.
    const whole = this.line.isOneRun(first.start, first.end) && first.end - first.start === first.value.length;
    return new ShellFormNode(first.value, this.range(first), whole ? null : this.line.segments(first.start, first.end));
  }

  private flags(node: RawNode, specs: readonly FlagSpec[]): ParsedFlags | null {
    const parsed = parseFlags(node.flags, specs);
    if (isFlagError(parsed)) {
      this.report(parsed.message, parsed.span, "invalid-flag");
      return null;
    }
    return parsed;
  }

  /**
   * Its callers fail only without arguments (EXPOSE and VOLUME want one or more; WORKDIR, USER,
   * STOPSIGNAL and MAINTAINER take their rest as one, BuildKit's `parseString`), so the error is at
   * the whole instruction.
   */
  private requireCount(ok: boolean, message: string, whole: Range): boolean {
    if (!ok) this.report(message, whole, "argument-count");
    return ok;
  }

  private spanOf(spans: Span[]): Span {
    const first = spans[0];
    const last = spans.at(-1);
    return { value: "", start: first?.start ?? 0, end: last?.end ?? 0 };
  }

  /** The typed node for a parser-layer node; validation goes to the diagnostics list. */
  build(node: RawNode, shell: InstructionShell): Instruction {
    // The instruction names are shared strings, and a keyword written in capitals is its name:
    // two strings fewer per instruction on large files.
    const written = node.keyword.value;
    const named = instructionName(written);
    const known = KNOWN_NAMES.get(named) ?? named;
    const keyword: Keyword = new KeywordNode(written === known ? known : written, known, this.range(node.keyword));
    const base: InstructionBase = {
      type: "Unknown",
      range: shell.range,
      keyword,
      flags: node.flags.length === 0 ? none<Flag>() : node.flags.map((span) => this.flag(span)),
      original: shell.original,
      arguments: node.trigger ? [] : COMMAND_NAMES.has(known) ? null : node.args.map((span) => this.text(span)),
      leadingComments: shell.leadingComments,
      innerComments: shell.innerComments,
      heredocs: shell.heredocs,
      json: node.json,
    };
    const args = nodeArguments(node);
    const whole = shell.range;
    const name = keyword.name;
    switch (name) {
      case "FROM": {
        const [image, as, stage] = node.args;
        const named = node.args.length === 3 && as !== undefined && stage !== undefined && as.value.toLowerCase() === "as";
        if (named && !STAGE_NAME.test(stage.value.toLowerCase())) {
          this.report(
            `invalid name for build stage: ${goQuote(stage.value)}, name can't start with a number or contain symbols`,
            stage,
            "invalid-stage-name",
          );
        } else if (!named && node.args.length !== 1) {
          this.report("FROM requires either one or three arguments", node.args.length > 0 ? this.spanOf(node.args) : whole, "argument-count");
        } else if (this.flags(node, FLAG_SPECS.FROM)) {
          this.expandedFlags(node, ["platform"]);
        }
        return create(base, {
          type: "From" as const,
          image: image ? this.word(image, true) : null,
          as: named ? this.text(as) : null,
          stageName: named ? this.word(stage, false) : null,
        });
      }
      case "RUN": {
        const flags = this.flags(node, FLAG_SPECS.RUN);
        const mounts = flags ? this.runFlags(node, flags) : none<Mount>();
        const command = this.command(node, node.args, node.rest.start);
        const heredocScript = base.heredocs.length > 0 && command?.type === "ShellForm" && isHeredocWord(command.value.trim());
        return create(base, { type: "Run" as const, command, mounts, heredocScript });
      }
      case "CMD":
        this.flags(node, FLAG_SPECS.NONE);
        return create(base, { type: "Cmd" as const, command: this.command(node, node.args, node.rest.start) });
      case "ENTRYPOINT":
        this.flags(node, FLAG_SPECS.NONE);
        return create(base, { type: "Entrypoint" as const, command: this.command(node, node.args, node.rest.start) });
      case "SHELL": {
        if (this.flags(node, FLAG_SPECS.NONE)) {
          if (args.length === 0) this.report("SHELL requires at least one argument", whole, "argument-count");
          else if (!node.json) this.report("SHELL requires the arguments to be in JSON form", this.spanOf(args), "shell-not-json");
        }
        return create(base, { type: "Shell" as const, command: this.command(node, node.args, node.rest.start) });
      }
      case "HEALTHCHECK":
        return this.healthcheck(node, base, args, whole);
      case "ENV":
      case "LABEL": {
        const pairs = this.pairs(node);
        if (this.flags(node, FLAG_SPECS.NONE)) {
          if (args.length === 0) this.report(`${name} requires at least one argument`, whole, "argument-count");
          else {
            const blank = pairs.find((pair) => pair.key.value === "");
            if (blank) this.report(`${name} names can not be blank`, blank.range, "blank-name");
          }
        }
        return name === "ENV" ? create(base, { type: "Env" as const, pairs }) : create(base, { type: "Label" as const, pairs });
      }
      case "ARG": {
        if (args.length === 0) this.report("ARG requires at least one argument", whole, "argument-count");
        const definitions = args.map((span) => this.argDefinition(span));
        const blank = definitions.find((definition) => definition.value !== null && definition.name.value === "");
        if (blank) this.report("ARG names can not be blank", blank.range, "blank-name");
        return create(base, { type: "Arg" as const, args: definitions });
      }
      case "EXPOSE":
        if (this.requireCount(args.length > 0, "EXPOSE requires at least one argument", whole)) this.flags(node, FLAG_SPECS.NONE);
        return create(base, { type: "Expose" as const, ports: args.map((span) => this.word(span, true)) });
      case "COPY":
      case "ADD":
        return this.copy(node, base, args, whole, name);
      case "VOLUME": {
        if (this.requireCount(args.length > 0, "VOLUME requires at least one argument", whole) && this.flags(node, FLAG_SPECS.NONE)) {
          const empty = args.find((span) => span.value.trim() === "");
          if (empty) this.report("VOLUME specified can not be an empty string", empty, "empty-volume");
        }
        return create(base, { type: "Volume" as const, paths: args.map((span) => this.word(span, true)) });
      }
      case "WORKDIR":
      case "USER":
      case "STOPSIGNAL": {
        const ok = this.requireCount(args.length === 1, `${name} requires exactly one argument`, whole);
        if (ok && name !== "STOPSIGNAL") this.flags(node, FLAG_SPECS.NONE);
        const value = args[0] ? this.word(args[0], true) : null;
        if (name === "WORKDIR") return create(base, { type: "Workdir" as const, path: value });
        if (name === "USER") return create(base, { type: "User" as const, user: value });
        return create(base, { type: "Stopsignal" as const, signal: value });
      }
      case "MAINTAINER": {
        if (this.requireCount(args.length === 1, "MAINTAINER requires exactly one argument", whole)) this.flags(node, FLAG_SPECS.NONE);
        return create(base, { type: "Maintainer" as const, maintainer: args[0] ? this.text(args[0]) : null });
      }
      case "ONBUILD":
        return this.onbuild(node, base, args, whole);
      default:
        this.report(
          withSuggestion(`unknown instruction: ${node.keyword.value}`, node.keyword.value, INSTRUCTION_NAMES, false),
          node.keyword,
          "unknown-instruction",
        );
        return create(base, { type: "Unknown" as const });
    }
  }

  /** Flags whose values BuildKit expands: their syntax errors fail the build. */
  private expandedFlags(node: RawNode, names: string[]): void {
    for (const span of node.flags) {
      const eq = span.value.indexOf("=");
      if (eq < 0 || !names.includes(span.value.slice(2, eq))) continue;
      const value = span.value.slice(eq + 1);
      const error = findSyntaxError(parseWord(value, { escape: this.escape }));
      if (error) this.report(`failed to process ${goQuote(value)}: ${error.message}`, span, "expansion-syntax", "expand");
    }
  }

  private runFlags(node: RawNode, flags: ParsedFlags): Mount[] {
    for (const value of flags.get("device")?.values ?? []) {
      const error = checkDevice(value);
      if (error) {
        this.report(error, this.flagSpan(flags, "device", value), "invalid-device");
        return none();
      }
    }
    const mountFlag = flags.get("mount");
    const mounts: Mount[] = mountFlag ? [] : none();
    for (const [index, value] of (mountFlag?.values ?? []).entries()) {
      const span = mountFlag?.spans[index] ?? node.keyword;
      const parsed = checkMount(value);
      if (parsed.ok !== true) {
        if (parsed.ok === false) this.report(parsed.message, span, "invalid-mount");
        return mounts;
      }
      const expandStage = checkMount(value, (field) => this.expandLiteral(field));
      if (expandStage.ok === false) this.report(expandStage.message, span, "invalid-mount", "expand");
      mounts.push({
        type: "Mount",
        mountType: expandStage.ok === false ? parsed.mount.type : expandStage.mount.type,
        fields: parsed.mount.fields.map((field) => ({ ...field, range: this.range(span) })),
        range: this.range(span),
      });
    }
    const network = flags.get("network")?.value ?? "default";
    if (!["default", "none", "host"].includes(network)) {
      this.report(`invalid network mode ${goQuote(network)}`, this.flagSpan(flags, "network"), "invalid-flag");
    }
    const security = flags.get("security")?.value ?? "sandbox";
    if (!["sandbox", "insecure"].includes(security)) {
      this.report(`security ${goQuote(security)} is not valid`, this.flagSpan(flags, "security"), "invalid-flag");
    }
    return mounts;
  }

  /** Expands a literal value as the builder would; undefined when it uses variables. */
  private expandLiteral(value: string): { value: string } | { error: string } | undefined {
    const parts = parseWord(value, { escape: this.escape });
    if (hasVariable(parts)) return undefined;
    const result = expand(value, {}, { escape: this.escape });
    return result.ok ? { value: result.value } : { error: result.message };
  }

  private flagSpan(flags: ParsedFlags, name: string, value?: string): Span {
    const flag = flags.get(name);
    const index = value === undefined ? 0 : Math.max(0, flag?.values.indexOf(value) ?? 0);
    return flag?.spans[index] ?? flag?.spans[0] ?? { value: "", start: 0, end: 0 };
  }

  private pairs(node: RawNode): KeyValue[] {
    const pairs: KeyValue[] = [];
    for (let i = 0; i < node.args.length; i += 3) {
      const key = node.args[i];
      const value = node.args[i + 1];
      const separator = node.args[i + 2];
      if (!key || !value || !separator) break;
      pairs.push({
        type: "KeyValue",
        key: this.word(key, true),
        value: this.word(value, true),
        legacy: separator.value === "",
        range: this.line.range(key.start, Math.max(value.end, key.end)),
      });
    }
    return pairs;
  }

  private argDefinition(span: Span): ArgDefinition {
    const eq = span.value.indexOf("=");
    if (eq < 0) return { type: "ArgDefinition", name: this.word(span, false), value: null, range: this.range(span) };
    const name = { value: span.value.slice(0, eq), start: span.start, end: span.start + eq };
    const value = { value: span.value.slice(eq + 1), start: span.start + eq + 1, end: span.end };
    return { type: "ArgDefinition", name: this.word(name, false), value: this.word(value, true), range: this.range(span) };
  }

  private healthcheck(node: RawNode, base: InstructionBase, args: Span[], whole: Range): Instruction {
    const [typeSpan] = args;
    const kind = typeSpan ? typeSpan.value.toUpperCase() : null;
    const commandArgs = args.slice(1);
    const result: Instruction = create(base, {
      type: "Healthcheck" as const,
      kind,
      kindRange: typeSpan ? this.range(typeSpan) : null,
      command: typeSpan ? this.command(node, commandArgs, typeSpan.end) : null,
    });
    if (!typeSpan) {
      this.report("HEALTHCHECK requires at least one argument", whole, "argument-count");
      return result;
    }
    if (kind === "NONE") {
      if (commandArgs.length > 0) this.report("HEALTHCHECK NONE takes no arguments", this.spanOf(commandArgs), "argument-count");
      return result;
    }
    const flags = this.flags(node, FLAG_SPECS.HEALTHCHECK);
    if (!flags) return result;
    if (kind !== "CMD") {
      this.report(`Unknown type ${goQuote(kind ?? "")} in HEALTHCHECK (try CMD)`, typeSpan, "healthcheck-type");
      return result;
    }
    // BuildKit's handleJSONArgs joins a shell form's words into one: either form has a command
    // exactly when an argument follows CMD.
    if (commandArgs.length === 0) {
      this.report("Missing command after HEALTHCHECK CMD", typeSpan, "argument-count");
      return result;
    }
    for (const option of ["interval", "timeout", "start-period", "start-interval"]) {
      const value = flags.get(option)?.value ?? "";
      if (value === "") continue;
      const duration = parseDuration(value);
      const span = this.flagSpan(flags, option);
      if (!duration.ok) {
        this.report(duration.message, span, "invalid-flag");
        return result;
      }
      if (duration.value !== 0 && duration.value < 1e6) {
        this.report(`Interval ${goQuote(option)} cannot be less than ${formatMilliseconds(1e6)}`, span, "invalid-flag");
        return result;
      }
    }
    const retries = flags.get("retries")?.value ?? "";
    if (retries !== "") {
      const parsed = parseInt10(retries, 32);
      const span = this.flagSpan(flags, "retries");
      if (!parsed.ok) this.report(parsed.message, span, "invalid-flag");
      else if (parsed.value < 0) this.report(`--retries cannot be negative (${parsed.value})`, span, "invalid-flag");
    }
    return result;
  }

  private copy(node: RawNode, base: InstructionBase, args: Span[], whole: Range, name: "COPY" | "ADD"): Instruction {
    const words = args.map((span) => {
      const source = node.json ? this.jsonString(span) : undefined;
      return this.word(span, !isHeredocWord(span.value), source);
    });
    const sources = words.slice(0, -1);
    const destination = words.at(-1) ?? null;
    const result: Instruction =
      name === "COPY"
        ? create(base, { type: "Copy" as const, sources, destination: args.length >= 2 ? destination : null })
        : create(base, { type: "Add" as const, sources, destination: args.length >= 2 ? destination : null });
    if (args.length < 2) {
      this.report(
        `${name} requires at least two arguments, but only one was provided. Destination could not be determined`,
        args.length > 0 ? this.spanOf(args) : whole,
        "argument-count",
      );
      return result;
    }
    if (!this.flags(node, name === "COPY" ? FLAG_SPECS.COPY : FLAG_SPECS.ADD)) return result;
    this.expandedFlags(node, ["chown", "chmod", "checksum"]);
    const dest = args.at(-1);
    if (dest && parseHeredocWord(dest.value) !== null) {
      this.report(`${name} cannot accept a heredoc as a destination`, dest, "heredoc-destination");
    }
    return result;
  }

  private onbuild(node: RawNode, base: InstructionBase, args: Span[], whole: Range): Instruction {
    const trigger = node.trigger;
    const triggerNode = trigger
      ? new InstructionBuilder(this.line, this.escape, null).build(trigger, {
          range: this.line.range(trigger.keyword.start, Math.max(trigger.rest.end, trigger.keyword.end)),
          original: this.line.text.slice(trigger.keyword.start, Math.max(trigger.rest.end, trigger.keyword.end)),
          leadingComments: [],
          innerComments: [],
          // BuildKit attaches the bodies to the ONBUILD line; the trigger they belong to sees them too.
          heredocs: base.heredocs,
        })
      : null;
    const result: Instruction = create(base, { type: "Onbuild" as const, trigger: triggerNode });
    if (args.length === 0) {
      this.report("ONBUILD requires at least one argument", whole, "argument-count");
      return result;
    }
    if (!this.flags(node, FLAG_SPECS.NONE)) return result;
    const triggerName = (args[0]?.value ?? "").trim().toUpperCase();
    if (triggerName === "ONBUILD") {
      this.report("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", args[0] ?? whole, "onbuild-trigger");
    } else if (triggerName === "MAINTAINER" || triggerName === "FROM") {
      this.report(`${triggerName} isn't allowed as an ONBUILD trigger`, args[0] ?? whole, "onbuild-trigger");
    }
    return result;
  }
}

/**
 * A node that keeps its range as what `SourceRange.keep` gives and two offsets, and makes the
 * range when it is read: most nodes' ranges are never read, and a large file's tree has one or
 * two such nodes per instruction. A private range, not a property: `{ ...node }` and the key
 * order of `toJSON` stay what they were.
 */
abstract class RangeMadeWhenRead {
  readonly #where: LineIndex | Range;
  readonly #start: number;
  readonly #end: number;

  protected constructor(range: Range) {
    this.#where = SourceRange.keep(range);
    this.#start = SourceRange.startOffsetOf(range);
    this.#end = SourceRange.endOffsetOf(range);
  }

  get range(): Range {
    return SourceRange.remake(this.#where, this.#start, this.#end);
  }

  /** Where the range starts, without making it. */
  protected get startOffset(): number {
    return this.#start;
  }
}

/**
 * A shell form. Most commands are one unbroken run of the source (a one-line RUN): their one
 * segment follows from the range and is made when read, not stored — two objects fewer per
 * instruction on files with hundreds of thousands of RUNs; so is the range (see
 * `SourceRange.keep`). `JSON.stringify` gives the same fields in the same order either way.
 */
export class ShellFormNode extends RangeMadeWhenRead implements ShellForm {
  readonly type = "ShellForm" as const;
  readonly value: string;
  /** null: one segment, the whole value where the range starts. */
  readonly #segments: TextSegment[] | null;

  /**
   * `segments`: null when the value is one unbroken run of the source, starting where `range`
   * does. The builder knows that before making the segments (`LogicalLine.isOneRun`), so it is
   * not checked again here.
   */
  constructor(value: string, range: Range, segments: TextSegment[] | null) {
    super(range);
    this.value = value;
    this.#segments = segments;
  }

  get segments(): TextSegment[] {
    return this.#segments ?? [{ offset: 0, sourceOffset: this.startOffset, length: this.value.length }];
  }

  /** The same form elsewhere: `move` maps the range and stored segments (a made segment follows the range). */
  static moved(form: ShellFormNode, move: (value: unknown) => unknown): ShellFormNode {
    return new ShellFormNode(form.value, move(form.range) as Range, form.#segments === null ? null : (move(form.#segments) as TextSegment[]));
  }

  toJSON(): ShellForm {
    return { type: this.type, value: this.value, range: this.range, segments: this.segments };
  }
}

/** An instruction's keyword, whose range is made when read (see `SourceRange.keep`): one object per instruction fewer. */
export class KeywordNode extends RangeMadeWhenRead implements Keyword {
  readonly type = "Keyword" as const;
  readonly text: string;
  readonly name: string;

  constructor(text: string, name: string, range: Range) {
    super(range);
    this.text = text;
    this.name = name;
  }

  /** The same keyword elsewhere: `move` maps the range. */
  static moved(keyword: KeywordNode, move: (value: unknown) => unknown): KeywordNode {
    return new KeywordNode(keyword.text, keyword.name, move(keyword.range) as Range);
  }

  toJSON(): Keyword {
    return { type: this.type, text: this.text, name: this.name, range: this.range };
  }
}

/**
 * For a JSON string literal as written (quotes included), where each UTF-16 unit of its decoded
 * value starts in it; one more entry for the end (the closing quote).
 */
function jsonStringOffsets(raw: string): number[] {
  const offsets: number[] = [];
  let i = 1;
  while (i < raw.length - 1) {
    offsets.push(i);
    if (raw.charAt(i) !== "\\") i++;
    else if (raw.charAt(i + 1) === "u") i += 6;
    else i += 2;
  }
  offsets.push(raw.length - 1);
  return offsets;
}

/** A word the shell lexer would read as one literal: no quotes, escapes, `$` or `<`. */
function isPlain(text: string, escape: string): boolean {
  const escapeCode = escape.charCodeAt(0);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x24 || code === 0x27 || code === 0x22 || code === 0x3c || code === escapeCode) return false;
  }
  return true;
}

function isRange(value: Span | Range): value is Range {
  return typeof value.start === "object";
}

function hasVariable(parts: readonly WordPart[]): boolean {
  return parts.some(
    (part) =>
      part.type === "Variable" ||
      (part.type === "DoubleQuoted" && hasVariable(part.parts)),
  );
}

/** Gives a word part (offsets relative to its word) source ranges. */
function locate(part: WordPart, at: (start: number, end: number) => Range): WordPartNode {
  const range = at(part.start, part.end);
  switch (part.type) {
    case "Literal":
      return { type: "Literal", value: part.value, range };
    case "RawText":
      return { type: "RawText", value: part.value, range };
    case "Escape":
      return { type: "Escape", char: part.char, range };
    case "SingleQuoted":
      return { type: "SingleQuoted", value: part.value, range };
    case "DoubleQuoted":
      return {
        type: "DoubleQuoted",
        parts: part.parts.map((inner) => locate(inner, at)) as (WordPartNode & { type: "Literal" | "Escape" | "Variable" | "WordError" })[],
        range,
      };
    case "Variable": {
      const nameStart = part.start + (part.braced ? 2 : 1);
      const node: WordPartNode = { type: "Variable", name: part.name, nameRange: at(nameStart, nameStart + part.name.length), braced: part.braced, range };
      if (part.modifier !== undefined) node.modifier = part.modifier;
      if (part.argument) node.argument = part.argument.map((inner) => locate(inner, at));
      if (part.replacement) node.replacement = part.replacement.map((inner) => locate(inner, at));
      return node;
    }
    case "Error":
      return { type: "WordError", message: part.message, range };
  }
}
