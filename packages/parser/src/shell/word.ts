/**
 * The syntax of one Dockerfile word as BuildKit's shell lexer (`frontend/dockerfile/shell/lex.go`)
 * reads it: literal text, escapes, quotes and `$` substitutions. The tree is what `expand`
 * evaluates, so editors, the linter and the builder all see the same structure.
 *
 * Offsets are relative to the parsed text. Parsing stops at the first syntax error, exactly where
 * BuildKit's scanner stops; an `Error` part records the message and the scanner position.
 */
import { isDigit, isLetter } from "../text.js";

export interface LiteralPart {
  type: "Literal";
  /** The characters as written. */
  value: string;
  start: number;
  end: number;
}

/** Text that never splits into words: `<` and a heredoc marker `<<` with the blanks after it. */
export interface RawTextPart {
  type: "RawText";
  value: string;
  start: number;
  end: number;
}

export interface EscapePart {
  type: "Escape";
  /**
   * The escaped character. `null` when the escape stands alone: at the end of the word, or
   * inside double quotes before a character that the escape does not protect.
   */
  char: string | null;
  start: number;
  end: number;
}

export interface SingleQuotedPart {
  type: "SingleQuoted";
  /** Content between the quotes. */
  value: string;
  start: number;
  end: number;
}

export interface DoubleQuotedPart {
  type: "DoubleQuoted";
  parts: (LiteralPart | EscapePart | VariablePart | ErrorPart)[];
  start: number;
  end: number;
}

export interface VariablePart {
  type: "Variable";
  name: string;
  braced: boolean;
  /**
   * The operator after the name, as BuildKit spells it in messages: `-`, `:-`, `+`, `:+`, `?`, `:?`,
   * `#`, `##`… are reported as `#`/`%` with the doubling kept in `argument`; `/` and `//` for
   * substitution; any other text for an unsupported modifier (`:=`, `=`…). Absent for `$x`/`${x}`.
   */
  modifier?: string;
  /** The word after the operator (the pattern for `/` and `//`). */
  argument?: WordPart[];
  /** The replacement of `/` and `//`. */
  replacement?: WordPart[];
  start: number;
  end: number;
}

export interface ErrorPart {
  type: "Error";
  message: string;
  /** Scanner position when the error was found (BuildKit's wording depends on whether it is the end). */
  position: number;
  start: number;
  end: number;
}

export type WordPart = LiteralPart | RawTextPart | EscapePart | SingleQuotedPart | DoubleQuotedPart | VariablePart | ErrorPart;

export interface WordSyntaxOptions {
  /** The file's escape character (`\` or a backtick). */
  escape?: string;
  /** Treat quotes as ordinary characters (BuildKit's `SkipProcessQuotes`). */
  skipProcessQuotes?: boolean;
}

const EOF = "";

class WordScanner {
  position = 0;
  aborted = false;

  /** A method, so that checks after a nested scan are not narrowed away by the compiler. */
  failed(): boolean {
    return this.aborted;
  }

  constructor(
    readonly text: string,
    readonly escape: string,
    readonly processQuotes: boolean,
  ) {}

  peek(): string {
    if (this.position >= this.text.length) return EOF;
    const code = this.text.charCodeAt(this.position);
    if (code >= 0xd800 && code <= 0xdbff && this.position + 1 < this.text.length) {
      return this.text.slice(this.position, this.position + 2);
    }
    return this.text[this.position] ?? EOF;
  }

  next(): string {
    const ch = this.peek();
    this.position += ch.length;
    return ch;
  }

  error(message: string, start: number, parts: WordPart[]): WordPart[] {
    this.aborted = true;
    parts.push({ type: "Error", message, position: this.position, start, end: this.position });
    return parts;
  }

  /** BuildKit's `processStopOn`: scans until `stop` (consumed) or the end of the text. */
  sequence(stop: string): WordPart[] {
    const parts: WordPart[] = [];
    let literalStart = -1;
    const flush = (): void => {
      if (literalStart >= 0) {
        parts.push({ type: "Literal", value: this.text.slice(literalStart, this.position), start: literalStart, end: this.position });
        literalStart = -1;
      }
    };
    while (this.position < this.text.length) {
      const ch = this.peek();
      if (stop !== EOF && ch === stop) {
        flush();
        this.next();
        return parts;
      }
      if (ch === "$" || ch === "<" || (this.processQuotes && (ch === "'" || ch === '"'))) {
        flush();
        if (ch === "$") this.dollar(parts);
        else if (ch === "<") this.possibleHeredoc(parts);
        else if (ch === "'") this.singleQuoted(parts);
        else this.doubleQuoted(parts);
        if (this.failed()) return parts;
        continue;
      }
      if (ch === this.escape) {
        flush();
        const start = this.position;
        this.next();
        const escaped = this.next();
        parts.push({ type: "Escape", char: escaped === EOF ? null : escaped, start, end: this.position });
        continue;
      }
      if (literalStart < 0) literalStart = this.position;
      this.next();
    }
    flush();
    if (stop !== EOF) {
      return this.error(`unexpected end of statement while looking for matching ${stop}`, this.position, parts);
    }
    return parts;
  }

  private singleQuoted(parts: WordPart[]): void {
    const start = this.position;
    this.next();
    const end = this.text.indexOf("'", this.position);
    if (end < 0) {
      this.position = this.text.length;
      this.error("unexpected end of statement while looking for matching single-quote", start, parts);
      return;
    }
    parts.push({ type: "SingleQuoted", value: this.text.slice(start + 1, end), start, end: end + 1 });
    this.position = end + 1;
  }

  private doubleQuoted(parts: WordPart[]): void {
    const start = this.position;
    this.next();
    const inner: DoubleQuotedPart["parts"] = [];
    const quoted: DoubleQuotedPart = { type: "DoubleQuoted", parts: inner, start, end: start };
    parts.push(quoted);
    let literalStart = -1;
    const flush = (): void => {
      if (literalStart >= 0) {
        inner.push({ type: "Literal", value: this.text.slice(literalStart, this.position), start: literalStart, end: this.position });
        literalStart = -1;
      }
    };
    for (;;) {
      const ch = this.peek();
      if (ch === EOF) {
        flush();
        this.aborted = true;
        inner.push({
          type: "Error",
          message: "unexpected end of statement while looking for matching double-quote",
          position: this.position,
          start,
          end: this.position,
        });
        quoted.end = this.position;
        return;
      }
      if (ch === '"') {
        flush();
        this.next();
        quoted.end = this.position;
        return;
      }
      if (ch === "$") {
        flush();
        const nested: WordPart[] = [];
        this.dollar(nested);
        for (const part of nested) inner.push(part as LiteralPart | VariablePart | ErrorPart);
        if (this.failed()) {
          quoted.end = this.position;
          return;
        }
        continue;
      }
      if (ch === this.escape) {
        flush();
        const escapeStart = this.position;
        this.next();
        const following = this.peek();
        if (following === '"' || following === "$" || following === this.escape) {
          this.next();
          inner.push({ type: "Escape", char: following, start: escapeStart, end: this.position });
        } else {
          inner.push({ type: "Escape", char: null, start: escapeStart, end: this.position });
        }
        continue;
      }
      if (literalStart < 0) literalStart = this.position;
      this.next();
    }
  }

  private possibleHeredoc(parts: WordPart[]): void {
    const start = this.position;
    this.next();
    if (this.peek() === "<") {
      this.next();
      while (this.peek() === " " || this.peek() === "\t" || this.peek() === "\r") this.next();
    }
    parts.push({ type: "RawText", value: this.text.slice(start, this.position), start, end: this.position });
  }

  private name(): string {
    const start = this.position;
    const first = this.peek();
    if (first !== EOF && isDigit(first)) {
      while (this.peek() !== EOF && isDigit(this.peek())) this.next();
      return this.text.slice(start, this.position);
    }
    if (first !== EOF && "@*#?-$!0".includes(first)) {
      this.next();
      return first;
    }
    for (;;) {
      const ch = this.peek();
      if (ch === EOF || !(isLetter(ch) || isDigit(ch) || ch === "_")) break;
      this.next();
    }
    return this.text.slice(start, this.position);
  }

  /** BuildKit's `processDollar`. */
  private dollar(parts: WordPart[]): void {
    const start = this.position;
    this.next();
    if (this.peek() !== "{") {
      const name = this.name();
      if (name === "") parts.push({ type: "Literal", value: "$", start, end: this.position });
      else parts.push({ type: "Variable", name, braced: false, start, end: this.position });
      return;
    }
    this.next();
    const afterBrace = this.peek();
    if (afterBrace === EOF) {
      this.error("syntax error: missing '}'", start, parts);
      return;
    }
    if (afterBrace === "{" || afterBrace === "}" || afterBrace === ":") {
      this.error("syntax error: bad substitution", start, parts);
      return;
    }
    const name = this.name();
    let ch = this.next();
    // Go prints the end-of-input rune as U+FFFD in messages.
    let modifier = ch === EOF ? "\ufffd" : ch;
    const variable: VariablePart = { type: "Variable", name, braced: true, start, end: start };
    parts.push(variable);
    if (ch === "}") {
      variable.end = this.position;
      return;
    }
    if (ch === "/") {
      if (this.peek() === "/") {
        this.next();
        modifier = "//";
      }
      variable.modifier = modifier;
      variable.argument = this.sequence("/");
      if (this.failed()) {
        this.rewordAtEnd(variable.argument, "syntax error: missing '/' in ${}");
        variable.end = this.position;
        return;
      }
      variable.replacement = this.sequence("}");
      if (this.failed()) this.rewordAtEnd(variable.replacement, "syntax error: missing '}'");
      variable.end = this.position;
      return;
    }
    let nullIsUnset = false;
    if (ch === ":") {
      nullIsUnset = true;
      ch = this.next();
      modifier += ch === EOF ? "\ufffd" : ch;
    }
    variable.modifier = modifier;
    // BuildKit rejects these before it reads the word after them.
    if ((!nullIsUnset && (!"+-?#%".includes(ch) || ch === EOF)) || (nullIsUnset && (ch === "#" || ch === "%"))) {
      variable.end = this.position;
      this.error(`unsupported modifier (${modifier}) in substitution`, start, parts);
      return;
    }
    variable.argument = this.sequence("}");
    if (this.failed()) this.rewordAtEnd(variable.argument, "syntax error: missing '}'");
    variable.end = this.position;
  }

  /** BuildKit replaces any error that leaves the scanner at the end with a "missing" message. */
  private rewordAtEnd(parts: WordPart[], message: string): void {
    const last = lastError(parts);
    if (last && last.position >= this.text.length) last.message = message;
  }
}

function lastError(parts: WordPart[]): ErrorPart | undefined {
  const last = parts.at(-1);
  if (!last) return undefined;
  if (last.type === "Error") return last;
  if (last.type === "DoubleQuoted") return lastError(last.parts);
  if (last.type === "Variable") return lastError(last.replacement ?? last.argument ?? []);
  return undefined;
}

/** Parses one word into parts. Never throws; a syntax error ends the list with an `Error` part. */
export function parseWord(text: string, options: WordSyntaxOptions = {}): WordPart[] {
  const scanner = new WordScanner(text, options.escape ?? "\\", options.skipProcessQuotes !== true);
  return scanner.sequence(EOF);
}

/** The first syntax error of a parsed word, if any. */
export function findSyntaxError(parts: readonly WordPart[]): ErrorPart | undefined {
  return lastError(parts as WordPart[]);
}
