/**
 * `dfbuild fmt`: formats a Dockerfile on the parser's lossless tree. It changes only what the
 * builder does not read — keyword case, `AS` case, blanks between the keyword, flags and JSON
 * elements, indentation where it is not part of an argument, blanks after a line continuation,
 * trailing blanks, blank lines — so BuildKit's parse of the output (`dump`) equals the input's.
 * Comments, directives and heredoc bodies are kept byte for byte.
 *
 * Whitespace on a continuation line is often part of an argument: BuildKit joins the physical
 * lines of an instruction without a separator (`parser.go`), so the indentation of the lines of a
 * shell-form RUN is in the command the shell runs (and in the cache key and the image history).
 * Each instruction is therefore rendered with the most changes first and checked by parsing it
 * again: indentation that would change what the builder reads is left as written.
 */
import { type Dockerfile, type Heredoc, type Instruction, type Token, type TopLevelNode, dump, parse } from "@dfbuild/parser";
import { DEFAULT_FMT_OPTIONS, type FmtOptions } from "./options.js";

export interface FmtResult {
  text: string;
  changed: boolean;
}

export type FmtErrorCode = "DFB_FMT_SYNTAX" | "DFB_FMT_UNSAFE";

/**
 * A file the formatter will not touch: `DFB_FMT_SYNTAX` when BuildKit cannot parse it (fix the
 * reported line first), `DFB_FMT_UNSAFE` when the output would not mean the same (a formatter
 * bug; the file is left as it is). The message starts with the line and column.
 */
export class FmtError extends Error {
  override readonly name = "FmtError";

  constructor(
    readonly code: FmtErrorCode,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${String(line)}:${String(column)}: ${reason}`);
  }
}

/** Formats Dockerfile text. Throws `FmtError` for a file it must not or cannot format. */
export function formatDockerfile(text: string, options: Partial<FmtOptions> = {}): FmtResult {
  const settings: FmtOptions = { ...DEFAULT_FMT_OPTIONS, ...options };
  const { ast, diagnostics } = parse(text);
  const syntax = diagnostics.find((diagnostic) => diagnostic.severity === "error" && diagnostic.stage === "parse");
  if (syntax) {
    const { line, column } = syntax.range.start;
    throw new FmtError("DFB_FMT_SYNTAX", line, column, `${syntax.message} (BuildKit cannot parse the file: fix this before formatting it)`);
  }
  const newline = (text.match(/\r\n/g)?.length ?? 0) * 2 > (text.match(/\n/g)?.length ?? 0) ? "\r\n" : "\n";
  const units: Unit[] = [];
  for (const child of ast.children) {
    if (child.type === "BlankLine") units.push({ blank: true });
    else if (child.type === "Directive" || child.type === "Comment") units.push({ blank: false, node: child, text: sourceOf(child.tokens) });
    else units.push({ blank: false, node: child, text: new InstructionFormatter(child, settings, ast.escape).format() });
  }
  const output = assemble(units, settings, newline);
  verify(ast, output);
  return { text: output, changed: output !== text };
}

type Unit = { blank: true } | { blank: false; node: TopLevelNode; text: string };

function sourceOf(tokens: readonly Token[]): string {
  let text = "";
  for (const token of tokens) text += token.text;
  return text;
}

/**
 * Lines: blank runs become one blank line, none at the end; one blank line before each stage
 * after the first, above the comments that lead into it. No blank line is removed before the
 * first instruction where that could turn a comment into a parser directive (a blank line ends
 * BuildKit's directive scanning): runs there only shrink to one.
 */
function assemble(units: Unit[], options: FmtOptions, newline: string): string {
  const lines: Unit[] = [];
  let firstFrom = true;
  for (const unit of units) {
    if (unit.blank) {
      if (lines.length > 0 && lines.at(-1)?.blank !== true) lines.push(unit);
      else if (lines.length === 0) lines.push(unit);
      continue;
    }
    if (unit.node.type === "From") {
      if (!firstFrom && options.blankLineBetweenStages) {
        let at = lines.length;
        while (at > 0 && (lines[at - 1]?.blank === true || (lines[at - 1] as { node?: TopLevelNode } | undefined)?.node?.type === "Comment")) at--;
        if (at > 0 && lines[at]?.blank !== true) lines.splice(at, 0, { blank: true });
      }
      firstFrom = false;
    }
    lines.push(unit);
  }
  while (lines.at(-1)?.blank === true) lines.pop();
  let output = "";
  for (const line of lines) output += line.blank ? newline : line.text;
  if (output !== "" && !output.endsWith("\n")) output += newline;
  return output;
}

/**
 * `dump` with FROM's `AS` in upper case: BuildKit keeps the word as written in its tree but reads
 * it case-insensitively (`instructions/parse.go` `parseBuildStageName`), and the formatter cases it.
 */
function readDump(ast: Dockerfile): string {
  const instructions = ast.instructions.map((instruction): Instruction => {
    if (instruction.type !== "From" || instruction.as === null) return instruction;
    const [image, as, ...rest] = instruction.arguments;
    if (!image || !as) return instruction;
    return { ...instruction, arguments: [image, { ...as, value: as.value.toUpperCase() }, ...rest] };
  });
  return dump({ ...ast, instructions });
}

/** The output must parse to the same instructions, heredoc bodies, comments and directives. */
function verify(before: Dockerfile, output: string): void {
  const after = parse(output).ast;
  const heredocs = (ast: Dockerfile): string => JSON.stringify(ast.instructions.map((instruction) => instruction.heredocs.map(heredocFacts)));
  const comments = (ast: Dockerfile): string => JSON.stringify([ast.comments.map((comment) => comment.value), ast.directives.map((directive) => [directive.name, directive.value]), ast.escape]);
  if (readDump(after) !== readDump(before) || heredocs(after) !== heredocs(before) || comments(after) !== comments(before)) {
    const first = before.instructions.find((instruction, i) => readDump({ ...before, instructions: [instruction] }) !== readDump({ ...after, instructions: after.instructions.slice(i, i + 1) }));
    const at = (first ?? before.instructions[0])?.range.start ?? { line: 1, column: 1 };
    throw new FmtError("DFB_FMT_UNSAFE", at.line, at.column, "formatting would change how BuildKit reads this instruction, so the file was left as it is (please report this)");
  }
}

function heredocFacts(heredoc: Heredoc): unknown[] {
  return [heredoc.name, heredoc.content, heredoc.chomp, heredoc.expand, heredoc.fileDescriptor];
}

const LINE_BREAKS = new Set(["Continuation", "ContinuationComment", "EmptyContinuationLine"]);
const JSON_TOKENS = new Set(["JsonOpen", "HealthcheckJsonOpen", "JsonString", "JsonPunctuation"]);
/** Tokens before an instruction's arguments: the keyword, its flags, and the blanks and line breaks between them. */
const HEAD = new Set(["Bom", "Indent", "Keyword", "Whitespace", "Flag", ...LINE_BREAKS]);

/**
 * How far a rendering goes: `all` re-indents every continuation line; `head` only the lines of
 * flags (the arguments' lines as written); `fixed` none (only the changes that never touch an
 * argument).
 */
type Reach = "all" | "head" | "fixed";

class InstructionFormatter {
  readonly #tokens: Token[];
  readonly #original: string;
  /** Tokens from here on are kept as written: heredoc bodies, or the trigger of an ONBUILD. */
  readonly #verbatimFrom: number;
  /** The token that ends the instruction's line (its line end or the newline before heredoc bodies). */
  readonly #lineEnd: number;
  /** The first token of the arguments. */
  readonly #args: number;
  /** JSON (exec) form: the blanks between its elements are not part of any argument. */
  readonly #json: boolean;
  readonly #indent: string;
  /** Arguments BuildKit splits on blanks, quotes or not: the blanks between them can be normalized. */
  readonly #splitOnBlanks: boolean;
  #originalParse: ReturnType<typeof meaningOf> | undefined;

  constructor(
    readonly instruction: Instruction,
    readonly options: FmtOptions,
    readonly escape: string,
  ) {
    this.#tokens = instruction.tokens;
    this.#original = sourceOf(this.#tokens);
    const trigger = this.#tokens.findIndex((token) => token.type === "TriggerKeyword");
    const heredoc = this.#tokens.findIndex((token) => token.type === "HeredocStart");
    const end = this.#tokens.findIndex((token) => token.type === "InstructionEnd");
    this.#lineEnd = heredoc >= 0 ? heredoc : end >= 0 ? end : this.#tokens.length;
    this.#verbatimFrom = trigger >= 0 ? trigger : this.#lineEnd;
    const args = this.#tokens.findIndex((token) => !HEAD.has(token.type));
    this.#args = args < 0 ? this.#tokens.length : args;
    this.#json = instruction.json && (instruction.type !== "Healthcheck" || instruction.command?.type === "ExecForm");
    this.#indent = options.indent === "tab" ? "\t" : " ".repeat(options.indent);
    const type = instruction.type;
    this.#splitOnBlanks = type === "From" || type === "Expose" || (!instruction.json && (type === "Copy" || type === "Add" || type === "Volume"));
  }

  format(): string {
    const type = this.instruction.type;
    // An unknown keyword fails the build anyway; a first line holding only `\` is too odd to guess at.
    if (type === "Unknown" || this.#tokens.some((token) => token.type === "LeadingContinuation")) return this.#original;
    // Moving continuation lines may change an argument; each rendering is parsed again, and the
    // first that BuildKit reads as the original wins. The fixed changes never touch an argument,
    // yet are checked too, so that a mistake costs one instruction its formatting, not the file.
    const fixed = this.#render("fixed");
    for (const reach of ["all", "head"] as const) {
      const text = this.#render(reach);
      if (text === fixed) break;
      if (this.#sameMeaning(text)) return text;
    }
    return fixed === this.#original || this.#sameMeaning(fixed) ? fixed : this.#original;
  }

  #render(reach: Reach): string {
    const tokens = this.#tokens;
    let head = "";
    // True at the first token of a continuation line (the first line's indentation is an `Indent` token).
    let lineStart = false;
    for (let i = 0; i < this.#verbatimFrom; i++) {
      const token = tokens[i];
      if (!token) break;
      const previous = tokens[i - 1];
      const next = tokens[i + 1];
      if (lineStart) {
        // The first token of a continuation line: its indentation.
        lineStart = false;
        const reindent = reach === "all" || (reach === "head" && this.#firstContentFrom(i) < this.#args);
        if (token.type === "ContinuationComment") {
          head += token.text;
          lineStart = true;
          continue;
        }
        if (token.type === "EmptyContinuationLine") {
          head += lineEndOf(token.text);
          lineStart = true;
          continue;
        }
        if (token.type === "Whitespace") {
          head += reindent && !isLineBreak(next) ? this.#indent : token.text;
          continue;
        }
        if (reindent && !isLineBreak(token)) head += this.#indent;
      }
      head += this.#token(i, token, previous, next, reach);
      if (isLineBreak(token)) lineStart = true;
    }
    if (this.#verbatimFrom === this.#lineEnd) head = head.replace(/[ \t]+$/, "");
    return head + sourceOf(tokens.slice(this.#verbatimFrom));
  }

  /** Index of the first token after `from` on its line that is not a blank. */
  #firstContentFrom(from: number): number {
    let i = from;
    while (this.#tokens[i]?.type === "Whitespace") i++;
    return i;
  }

  #token(i: number, token: Token, previous: Token | undefined, next: Token | undefined, reach: Reach): string {
    switch (token.type) {
      case "Indent":
        return i === 0 || previous?.type === "Bom" ? "" : token.text;
      case "Keyword":
        return this.#case(token.text);
      case "Continuation":
        // Blanks between the escape and the line end are dropped by BuildKit (`parser.go` line continuation regex).
        return token.text.charAt(0) + lineEndOf(token.text);
      case "Whitespace":
        return this.#blank(i, token, previous, next, reach);
      case "JsonPunctuation":
        return this.#json && token.text === "," && next?.type === "JsonString" ? ", " : token.text;
      case "FirstArgText":
        return this.#splitOnBlanks && (next === undefined || next.type === "InstructionEnd" || next.type === "HeredocStart") ? this.#words(token.text) : token.text;
      default:
        return token.text;
    }
  }

  /** A run of blanks inside a line. */
  #blank(i: number, token: Token, previous: Token | undefined, next: Token | undefined, reach: Reach): string {
    // Between the keyword and flags, and between flags: BuildKit splits these words on blanks.
    if (i < this.#args || previous?.type === "Keyword" || previous?.type === "Flag") return " ";
    if (this.#json && this.#inJson(previous, next)) {
      if (previous?.type === "JsonOpen" || previous?.type === "HealthcheckJsonOpen") return "";
      if (next?.type === "JsonPunctuation") return "";
      if (next?.type === "Continuation") return previous?.text === "," ? " " : "";
      return " ";
    }
    // Blanks before a line continuation belong to the argument, unless re-indenting proved harmless.
    if (next?.type === "Continuation" && reach === "all") return " ";
    return token.text;
  }

  #inJson(previous: Token | undefined, next: Token | undefined): boolean {
    return (previous !== undefined && JSON_TOKENS.has(previous.type)) || (next !== undefined && JSON_TOKENS.has(next.type));
  }

  /**
   * The arguments of an instruction BuildKit splits on blanks without regard to quotes
   * (`parseStringsWhitespaceDelimited`, and `parseMaybeJSONToList` outside JSON), one blank
   * apart; FROM's `AS` cased like the keyword.
   */
  #words(text: string): string {
    const words = text.trim().split(/[ \t\v\f\r]+/);
    if (this.instruction.type === "From" && words.length === 3 && words[1]?.toLowerCase() === "as") words[1] = this.#case(words[1]);
    return words.join(" ");
  }

  #case(word: string): string {
    switch (this.options.keywordCase) {
      case "upper":
        return word.toUpperCase();
      case "lower":
        return word.toLowerCase();
      case "preserve":
        return word;
    }
  }

  #sameMeaning(text: string): boolean {
    this.#originalParse ??= meaningOf(this.#original, this.escape);
    const before = this.#originalParse;
    const after = meaningOf(text, this.escape);
    return before !== null && after !== null && before === after;
  }
}

function isLineBreak(token: Token | undefined): boolean {
  return token !== undefined && LINE_BREAKS.has(token.type);
}

/** The line end at the end of a token's text (`\n`, `\r\n`), or nothing. */
function lineEndOf(text: string): string {
  return /\r*\n$/.exec(text)?.[0] ?? "";
}

/** What BuildKit reads from one instruction's text: its dump, heredoc bodies and errors; null unless it is one instruction. */
function meaningOf(text: string, escape: string): string | null {
  const { ast, diagnostics } = parse(escape === "`" ? `# escape=\`\n${text}` : text);
  if (ast.instructions.length !== 1) return null;
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === "error").map((diagnostic) => diagnostic.message);
  return JSON.stringify([readDump(ast), ast.instructions.map((instruction) => instruction.heredocs.map(heredocFacts)), errors]);
}
