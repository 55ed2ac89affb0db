/**
 * Turns the grouped lines into the typed AST, reproducing BuildKit's parser layer (`parser.go`):
 * directives, comments attached to instructions, heredoc bodies, warnings, and the errors that
 * abort BuildKit's parse — reported here as diagnostics while parsing goes on.
 */
import type { IToken } from "chevrotain";
import type {
  ArgInstruction,
  BlankLine,
  Comment,
  Diagnostic,
  Directive,
  Dockerfile,
  FromInstruction,
  Heredoc,
  Instruction,
  ParseResult,
  Range,
  Stage,
  TopLevelNode,
} from "./ast.js";
import { parseCheckOptions } from "./buildkit/check.js";
import { type HeredocMarker, heredocsOpenedBy, splitCommand } from "./buildkit/line.js";
import { nodeFromLine } from "./buildkit/node.js";
import { type SourceLine, groupLines } from "./group-lines.js";
import { InstructionBuilder, KeywordNode, ShellFormNode } from "./instructions.js";
import * as t from "./lexer.js";
import type { LexResult, LexedChunk } from "./lexer.js";
import { LogicalLine } from "./logical-line.js";
import { LineIndex, SourceRange } from "./positions.js";
import { InstructionNode, TokenOwner, TokenTable } from "./token-owner.js";
import { none, trimGoSpace, utf8Length } from "./text.js";

const MAX_LINE_BYTES = 65535;
const EMPTY_CONTINUATION_URL = "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/";

/**
 * What an incremental parse keeps of the previous version's tree: the top-level nodes whose
 * tokens all lie before `end`, the last of them an instruction, and what they contributed to the
 * tree's lists. The text from `end` on is lexed and built afresh.
 */
export interface ReusedPrefix {
  end: number;
  children: readonly TopLevelNode[];
  comments: readonly Comment[];
  directives: readonly Directive[];
  instructions: readonly Instruction[];
  /** The diagnostics those nodes raised, in order (not the line-length ones, which are re-checked on the whole text). */
  diagnostics: readonly Diagnostic[];
}

/**
 * What an incremental parse moves from the previous version's tree: the top-level nodes from the
 * first instruction after the edit that starts a line in the unchanged end of the text, each `by`
 * characters further on, and the diagnostics they raised. The text before `start` is lexed and
 * built afresh; the moved nodes are used only when that ends with a whole instruction right at
 * `start` (see `AstBuilder.#fits`), as a full parse would read on from there exactly as the previous one did.
 */
export interface MovedSuffix {
  /** Where the first moved node starts in the new text. */
  start: number;
  by: number;
  children: readonly TopLevelNode[];
  /** The diagnostics those nodes raised, in order (not the line-length ones, which are re-checked on the whole text). */
  diagnostics: readonly Diagnostic[];
}

/**
 * Copies nodes of an earlier parse `by` characters further on in a new text: every range, and
 * the segments' source offsets, moved; tokens from one table for all the moved nodes. A tree
 * shares no object between two places but ranges (a one-part word's range is its part's), which
 * nothing compares by identity, so no map of what was copied is kept (keying one by every object
 * cost more than the copies).
 */
class NodeMover {
  /** The top-level node being moved: its tokens' run in its table and where they start in the new table. */
  #run: { table: TokenTable; first: number; at: number } | null = null;

  constructor(
    private readonly by: number,
    private readonly index: LineIndex,
    private readonly table: TokenTable,
  ) {}

  /** Moves a top-level node whose tokens start at `at` in the new table. */
  topLevel<T extends TopLevelNode>(node: T, at: number): T {
    const run = TokenOwner.tokenRun(node as unknown as TokenOwner);
    this.#run = run ? { table: run.table, first: run.first, at } : null;
    return this.move(node) as T;
  }

  move(value: unknown): unknown {
    if (typeof value !== "object" || value === null) return value;
    if (value instanceof SourceRange) return SourceRange.moved(value, this.by, this.index);
    if (value instanceof ShellFormNode) return ShellFormNode.moved(value, (field) => this.move(field));
    if (value instanceof KeywordNode) return KeywordNode.moved(value, (field) => this.move(field));
    if (Array.isArray(value)) {
      // An empty array is often the shared one nothing writes to (`none()`): keep it.
      if (value.length === 0) return value;
      const items: unknown[] = new Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) items[i] = this.move(value[i]);
      return items;
    }
    // A copy made the way the original was (same fields in the same order, so the same shape to
    // V8), then every object field moved in place.
    let moved: Record<string, unknown>;
    if (value instanceof TokenOwner) {
      const node = value instanceof InstructionNode ? InstructionNode.copy(value, (field) => this.move(field)) : Object.assign(new TokenOwner(), value);
      // An ONBUILD's trigger has no tokens of its own (the ONBUILD has them).
      const run = TokenOwner.tokenRun(value);
      const current = this.#run;
      if (run && run.table !== current?.table) throw new Error("reparse: a moved node's tokens are not in its top-level node's table");
      if (run && current) TokenOwner.attach(node, this.table, current.at + run.first - current.first, run.count);
      moved = node as unknown as Record<string, unknown>;
    } else {
      moved = { ...(value as Record<string, unknown>) };
      // A shell form's segments say where each piece of the command is in the text.
      if (typeof moved.sourceOffset === "number") moved.sourceOffset += this.by;
    }
    for (const key in moved) {
      const field = moved[key];
      if (typeof field === "object" && field !== null) moved[key] = this.move(field);
    }
    return moved;
  }
}

class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly index: LineIndex;
  private readonly children: TopLevelNode[] = [];
  private readonly comments: Comment[] = [];
  private readonly directives: Directive[] = [];
  private readonly instructions: Instruction[] = [];
  private readonly seenDirectives = new Set<string>();
  /** BuildKit's `PrevComment` accumulator. */
  private pendingComments: string[] = none();

  constructor(
    private readonly text: string,
    private readonly escape: string,
    private readonly prefix: ReusedPrefix | null,
    private readonly suffix: MovedSuffix | null = null,
  ) {
    this.index = new LineIndex(text);
  }

  private table!: TokenTable;
  /** Index in the token table of the first token of the line being built. */
  private firstToken = 0;

  private withTokens<T extends TokenOwner>(node: T, tokens: readonly IToken[]): T {
    const first = tokens[0];
    const offset = first ? this.firstToken + this.lineTokens.indexOf(first) : this.firstToken;
    return TokenOwner.attach(node, this.table, offset, tokens.length);
  }

  private lineTokens: readonly IToken[] = [];

  private error(message: string, range: Range, code: string, stage: Diagnostic["stage"] = "parse"): void {
    this.diagnostics.push({ severity: "error", code, message, range, stage });
  }

  /** Takes the lexer's result and empties it, so its tokens can be freed as lines are built. */
  build(lexed: LexResult): ParseResult | null {
    const { suffix } = this;
    this.table = new TokenTable(lexed.tokens, this.text, t.allTokens, this.index, suffix ? suffix.start : this.text.length);
    const lines = groupLines(lexed.tokens);
    const lastToken = lexed.tokens.at(-1);
    lexed.tokens = [];
    this.begin();
    this.buildLines(lines);
    return this.finish(lastToken, lexed.openHeredocs ?? 0);
  }

  /**
   * Builds the tree from a whole file lexed a piece at a time (`tokenizeInChunks`, whose first
   * piece is `first`): each piece's lines are built before the next piece is lexed, so only one
   * piece's token objects are alive at a time.
   */
  buildInChunks(first: LexedChunk, rest: Iterator<LexedChunk>): ParseResult {
    this.table = new TokenTable([], this.text, t.allTokens, this.index, 0);
    this.begin();
    let chunk: LexedChunk | undefined = first;
    let last: LexedChunk = first;
    while (chunk) {
      last = chunk;
      this.table.append(chunk.tokens, chunk.end);
      const lines = groupLines(chunk.tokens);
      chunk.tokens = [];
      this.buildLines(lines);
      const next = rest.next();
      chunk = next.done === true ? undefined : next.value;
    }
    this.table.trim();
    const result = this.finish(undefined, last.openHeredocs ?? 0);
    // Only moved nodes that do not fit give no tree, and a whole file has none.
    if (!result) throw new Error("buildInChunks: no tree");
    return result;
  }

  /** Before the first line: the line-length check over the whole text, and the reused prefix. */
  private begin(): void {
    this.checkLineLengths();
    if (this.prefix) {
      // The nodes before the edit, as the previous parse built them: a full parse would build
      // them equal (their text and offsets are unchanged), and right after an instruction no
      // comment is pending and no directive can follow.
      const { prefix } = this;
      this.diagnostics.push(...prefix.diagnostics);
      this.children.push(...prefix.children);
      this.comments.push(...prefix.comments);
      this.directives.push(...prefix.directives);
      this.instructions.push(...prefix.instructions);
      for (const directive of prefix.directives) this.seenDirectives.add(directive.name);
    }
  }

  private buildLines(lines: (SourceLine | undefined)[]): void {
    // An index loop: `entries()` made an [index, line] pair for each of a file's lines.
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!line) continue;
      this.lineTokens = line.tokens;
      switch (line.kind) {
        case "directive":
          this.directive(line.tokens);
          break;
        case "comment":
          this.comment(line.tokens);
          break;
        case "blank":
          this.blank(line.tokens);
          break;
        case "instruction":
          this.instruction(line.tokens);
          break;
      }
      this.firstToken += line.tokens.length;
      // Free the lexer's tokens as the tree grows: the table keeps what the nodes need.
      lines[i] = undefined;
    }
  }

  /** After the last line: the moved nodes, if they fit (null if not), and the tree. */
  private finish(lastToken: IToken | undefined, openHeredocs: number): ParseResult | null {
    const { suffix } = this;
    if (suffix) {
      if (!this.fits(suffix, lastToken, openHeredocs)) return null;
      this.appendMoved(suffix);
    }
    if (this.instructions.length === 0) {
      this.error("file with no instructions", this.index.range(this.text.length, this.text.length), "no-instructions");
    }
    const range = this.index.range(0, this.text.length);
    const { stages, globalArgs } = groupStages(this.instructions, this.index);
    const ast: Dockerfile = {
      type: "Dockerfile",
      range,
      escape: this.escape,
      children: this.children,
      directives: this.directives,
      // In source order as collected: comment lines and an instruction's inner comments as its
      // line is built, the reused and moved nodes' before and after the built ones.
      comments: this.comments,
      instructions: this.instructions,
      globalArgs,
      stages,
    };
    return { ast, diagnostics: this.diagnostics };
  }

  /**
   * Whether what was built ends with a whole instruction right where the moved nodes start: its
   * line end the last token, no heredoc body to come. The lexer is then back at a line start with
   * nothing pending, as the previous parse was there, and the builder holds no comment for the
   * next instruction: from there a full parse reads the rest as the previous one did.
   */
  private fits(suffix: MovedSuffix, lastToken: IToken | undefined, openHeredocs: number): boolean {
    const last = this.children.at(-1);
    return (
      lastToken?.tokenType === t.InstructionEnd &&
      lastToken.startOffset + lastToken.image.length === suffix.start &&
      openHeredocs === 0 &&
      last !== undefined &&
      last === this.instructions.at(-1) &&
      last.heredocs.length === 0 &&
      this.pendingComments.length === 0
    );
  }

  private appendMoved(suffix: MovedSuffix): void {
    const runs = suffix.children.map((child) => TokenOwner.tokenRun(child as unknown as TokenOwner));
    const table = TokenTable.moved(runs.filter((run) => run !== null), suffix.by, this.text, this.index);
    const mover = new NodeMover(suffix.by, this.index, table);
    let at = 0;
    for (const [i, child] of suffix.children.entries()) {
      const node = mover.topLevel(child, at);
      at += runs[i]?.count ?? 0;
      this.children.push(node);
      if (node.type === "Comment") this.comments.push(node);
      else if (node.type !== "BlankLine" && node.type !== "Directive") {
        this.instructions.push(node);
        this.comments.push(...node.innerComments);
      }
    }
    for (const diagnostic of suffix.diagnostics) this.diagnostics.push(mover.move(diagnostic) as Diagnostic);
  }

  private checkLineLengths(): void {
    let start = 0;
    while (start <= this.text.length) {
      const newline = this.text.indexOf("\n", start);
      const end = newline < 0 ? this.text.length : newline;
      // Only lines long enough to possibly exceed the limit pay for a byte count.
      if (end - start > MAX_LINE_BYTES / 4 && utf8Length(this.text.slice(start, end)) > MAX_LINE_BYTES) {
        this.error(
          `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES}`,
          this.index.range(start, end),
          "line-too-long",
        );
      }
      if (newline < 0) break;
      start = newline + 1;
    }
  }

  /** A comment line as BuildKit collects it for the next instruction. */
  private collectComment(text: string): void {
    const value = trimGoSpace(text.slice(1));
    if (value === "") this.pendingComments = none();
    // The shared empty array is never written to: the first comment starts a fresh one (no copy
    // per comment, which made a long run of comment lines quadratic).
    else if (this.pendingComments.length === 0) this.pendingComments = [value];
    else this.pendingComments.push(value);
  }

  private commentNode(token: IToken, tokens: IToken[]): Comment {
    return this.withTokens(
      Object.assign(new TokenOwner(), {
        type: "Comment" as const,
        value: trimGoSpace(token.image.slice(1)),
        range: this.index.range(token.startOffset, token.startOffset + token.image.length),
      }),
      tokens,
    );
  }

  private comment(tokens: IToken[]): void {
    const token = tokens.find((each) => each.tokenType === t.Comment);
    if (!token) return;
    this.collectComment(token.image);
    const node = this.commentNode(token, tokens);
    this.children.push(node);
    this.comments.push(node);
  }

  private blank(tokens: IToken[]): void {
    const first = tokens[0];
    const last = tokens.at(-1);
    const start = first?.startOffset ?? this.text.length;
    const end = last ? last.startOffset + last.image.length : start;
    const node: BlankLine = this.withTokens(
      Object.assign(new TokenOwner(), { type: "BlankLine" as const, range: this.index.range(start, end) }),
      tokens,
    );
    this.children.push(node);
  }

  private directive(tokens: IToken[]): void {
    const token = tokens.find((each) => each.tokenType === t.Directive);
    if (!token) return;
    const parsed = t.matchDirective(token.image);
    const start = token.startOffset;
    const range = this.index.range(start, start + token.image.length);
    if (!parsed) return;
    const nameAt = token.image.toLowerCase().indexOf(parsed.name);
    const valueAt = token.image.lastIndexOf(parsed.value);
    const directive = Object.assign(new TokenOwner(), {
      type: "Directive" as const,
      name: parsed.name,
      value: parsed.value,
      range,
      nameRange: this.index.range(start + nameAt, start + nameAt + parsed.name.length),
      valueRange: this.index.range(start + valueAt, start + valueAt + parsed.value.length),
    });
    const node: Directive = this.withTokens(directive, tokens);
    this.children.push(node);
    this.directives.push(node);
    if (this.seenDirectives.has(parsed.name)) {
      this.error(`only one ${parsed.name} parser directive can be used`, range, "duplicate-directive");
      return;
    }
    this.seenDirectives.add(parsed.name);
    if (parsed.name === "escape" && parsed.value !== "\\" && parsed.value !== "`") {
      this.error(`invalid escape token '${parsed.value}' does not match \` or \\`, node.valueRange, "invalid-escape");
    }
    if (parsed.name === "check") this.checkDirective(node);
  }

  /** BuildKit refuses a file whose `# check=…` directive does not parse (`newRuleLinter`). */
  private checkDirective(node: Directive): void {
    const parsed = parseCheckOptions(node.value);
    if (!parsed.ok) this.error(parsed.message, node.valueRange, "invalid-check-directive", "instruction");
  }

  private instruction(tokens: IToken[]): void {
    const startIndex = tokens.findIndex((each) => each.tokenType === t.Keyword || each.tokenType === t.LeadingContinuation);
    const first = tokens[Math.max(0, startIndex)];
    if (!first) return;
    const logical = new LogicalLine(tokens, this.index);
    const start = first.startOffset;
    const end = contentEnd(tokens);
    const range = this.index.range(start, Math.max(start, end));
    let innerComments: Comment[] = none();
    let emptyContinuation = false;
    for (const token of tokens) {
      if (token.tokenType === t.ContinuationComment) {
        if (innerComments.length === 0) innerComments = [];
        const hash = token.image.indexOf("#");
        const textEnd = withoutLineEnd(token.image);
        const comment: Comment = this.withTokens(
          Object.assign(new TokenOwner(), {
            type: "Comment" as const,
            value: trimGoSpace(token.image.slice(hash + 1, textEnd)),
            range: this.index.range(token.startOffset + hash, token.startOffset + textEnd),
          }),
          [token],
        );
        innerComments.push(comment);
        this.comments.push(comment);
      } else if (token.tokenType === t.EmptyContinuationLine) {
        emptyContinuation = true;
      }
    }
    const leadingComments = this.pendingComments;
    this.pendingComments = none();

    const line = logical.text;
    const raw = nodeFromLine(line, this.escape);
    const heredocs = this.heredocs(tokens, line, logical, range);
    const shell = {
      range,
      original: line,
      leadingComments,
      innerComments,
      heredocs,
    };
    if (emptyContinuation) {
      this.diagnostics.push({
        severity: "warning",
        code: "no-empty-continuation",
        message: `Empty continuation line found in: ${line}`,
        range,
        stage: "parse",
        url: EMPTY_CONTINUATION_URL,
      });
    }
    let instruction: Instruction;
    if ("message" in raw) {
      this.error(raw.message, logical.range(raw.span.start, raw.span.end), "syntax");
      instruction = new InstructionBuilder(logical, this.escape, null).build(
        { keyword: splitCommand(line).keyword, flags: [], rest: raw.span, args: [], json: false, trigger: null },
        shell,
      );
    } else {
      instruction = new InstructionBuilder(logical, this.escape, this.diagnostics).build(raw, shell);
    }
    this.withTokens(instruction as unknown as TokenOwner, tokens);
    this.children.push(instruction);
    this.instructions.push(instruction);
  }

  private heredocs(tokens: IToken[], line: string, logical: LogicalLine, range: Range): Heredoc[] {
    if (!line.includes("<<")) return none();
    const start = tokens.find((each) => each.tokenType === t.HeredocStart);
    let markers: HeredocMarker[];
    if (start) {
      markers = start.payload as HeredocMarker[];
    } else {
      const opened = heredocsOpenedBy(line);
      if (!Array.isArray(opened)) {
        this.error(opened.error, range, "syntax");
        return [];
      }
      markers = opened;
    }
    if (markers.length === 0) return [];
    const markerRanges = locateMarkers(line, markers.length).map(([from, to]) => logical.range(from, to));
    const heredocs: Heredoc[] = [];
    let current = 0;
    let content = "";
    let bodyStart = start ? start.startOffset + start.image.length : this.text.length;
    let bodyEnd = bodyStart;
    for (const token of tokens) {
      const type = token.tokenType;
      if (type === t.HeredocLine) {
        content += token.image;
        bodyEnd = token.startOffset + token.image.length;
      } else if (type === t.HeredocEnd || type === t.HeredocLastEnd) {
        const marker = markers[current];
        if (!marker) break;
        const terminatorEnd = token.startOffset + withoutLineEnd(token.image);
        heredocs.push(this.heredoc(marker, markerRanges[current] ?? null, content, bodyStart, bodyEnd, this.index.range(token.startOffset, terminatorEnd)));
        current++;
        content = "";
        bodyStart = token.startOffset + token.image.length;
        bodyEnd = bodyStart;
      }
    }
    // Unterminated: the open heredoc took the rest of the file, the ones after it are empty.
    for (let i = current; i < markers.length; i++) {
      const marker = markers[i];
      if (!marker) break;
      const body = i === current ? content : "";
      const from = i === current ? bodyStart : bodyEnd;
      heredocs.push(this.heredoc(marker, markerRanges[i] ?? null, body, from, bodyEnd, null));
    }
    if (heredocs.some((heredoc) => heredoc.terminator === null)) {
      this.error("unterminated heredoc", range, "unterminated-heredoc");
    }
    return heredocs;
  }

  private heredoc(marker: HeredocMarker, markerRange: Range | null, content: string, bodyStart: number, bodyEnd: number, terminator: Range | null): Heredoc {
    return {
      type: "Heredoc",
      name: marker.name,
      fileDescriptor: marker.fileDescriptor,
      chomp: marker.chomp,
      expand: marker.expand,
      marker: markerRange,
      content,
      body: this.index.range(bodyStart, Math.max(bodyStart, bodyEnd)),
      terminator,
      range: this.index.range(markerRange?.start.offset ?? bodyStart, terminator?.end.offset ?? Math.max(bodyStart, bodyEnd)),
    };
  }
}

/** Length of `text` without a final `\r*\n`. */
function withoutLineEnd(text: string): number {
  let end = text.length;
  if (text.charCodeAt(end - 1) !== 0x0a) return end;
  end--;
  while (end > 0 && text.charCodeAt(end - 1) === 0x0d) end--;
  return end;
}

/** End offset of an instruction's content: the last token, without a final line end. */
function contentEnd(tokens: IToken[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (!token) continue;
    const type = token.tokenType;
    if (type === t.InstructionEnd || type === t.HeredocStart || type === t.LineEnd) continue;
    return token.startOffset + withoutLineEnd(token.image);
  }
  return tokens[0]?.startOffset ?? 0;
}

/** Where the `<<NAME` words are in the logical line, in order (for editors; BuildKit keeps no positions). */
function locateMarkers(line: string, count: number): [number, number][] {
  const found: [number, number][] = [];
  const pattern = /\d*<<-?[ \t]*/g;
  let match: RegExpExecArray | null;
  while (found.length < count && (match = pattern.exec(line)) !== null) {
    let end = match.index + match[0].length;
    while (end < line.length && !/[\t\v\f\r ]/.test(line.charAt(end))) end++;
    if (end > match.index + match[0].length) found.push([match.index, end]);
    pattern.lastIndex = end;
  }
  return found;
}

function groupStages(instructions: Instruction[], index: LineIndex): { stages: Stage[]; globalArgs: ArgInstruction[] } {
  const stages: Stage[] = [];
  const globalArgs: ArgInstruction[] = [];
  let current: Stage | undefined;
  for (const instruction of instructions) {
    if (instruction.type === "From") {
      current = newStage(instruction, stages.length);
      stages.push(current);
    } else if (current) {
      current.instructions.push(instruction);
    } else if (instruction.type === "Arg") {
      globalArgs.push(instruction);
    }
  }
  for (const stage of stages) {
    const last = stage.instructions.at(-1) ?? stage.from;
    stage.range = index.range(stage.from.range.start.offset, last.range.end.offset);
  }
  return { stages, globalArgs };
}

function newStage(from: FromInstruction, index: number): Stage {
  return {
    type: "Stage",
    index,
    name: from.stageName ? from.stageName.value.toLowerCase() : null,
    from,
    instructions: [],
    range: from.range,
  };
}

/** Builds the tree of `text`; with a `prefix`, `lexed` holds the tokens from `prefix.end` on. */
export function buildAst(text: string, lexed: LexResult, prefix: ReusedPrefix | null = null): ParseResult {
  const result = new AstBuilder(text, lexed.escape, prefix).build(lexed);
  if (!result) throw new Error("buildAst: no tree without moved nodes");
  return result;
}

/** Builds the tree of a whole file, lexing it a piece of about `chunkSize` characters at a time. */
export function buildAstInChunks(text: string, chunkSize: number): ParseResult {
  const chunks = t.tokenizeInChunks(text, chunkSize);
  const first = chunks.next();
  if (first.done === true) throw new Error("buildAstInChunks: the lexer made no piece");
  return new AstBuilder(text, first.value.escape, null).buildInChunks(first.value, chunks);
}

/**
 * Builds the tree of `text` from the reused prefix, the tokens lexed from `prefix.end` to
 * `suffix.start`, and the moved nodes; null when what was lexed does not end with a whole
 * instruction at `suffix.start` (then the rest must be lexed too).
 */
export function buildAstMoving(text: string, lexed: LexResult, prefix: ReusedPrefix, suffix: MovedSuffix): ParseResult | null {
  return new AstBuilder(text, lexed.escape, prefix, suffix).build(lexed);
}
