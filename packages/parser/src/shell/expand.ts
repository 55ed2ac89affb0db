/**
 * BuildKit's word expansion (`ProcessWord` / `ProcessWords`), evaluated over the tree from
 * `parseWord`. Evaluation follows BuildKit's scanning order exactly, because the order decides
 * which error wins and which variables count as looked up.
 */
import { goQuote, isGoSpace } from "../text.js";
import { type ErrorPart, type VariablePart, type WordPart, parseWord } from "./word.js";

/** Variables: a plain object, a Map, or a lookup function (`undefined` = unset). */
export type Environment =
  | Readonly<Record<string, string>>
  | ReadonlyMap<string, string>
  | ((name: string) => string | undefined);

export interface ExpandOptions {
  /** The escape character of the Dockerfile (default `\`). */
  escape?: string;
  /** Variable names are case-insensitive, as on Windows. */
  caseInsensitive?: boolean;
  /** Leave unset variables as written (`$x`, `${x}`) instead of expanding them to nothing. */
  skipUnset?: boolean;
  /** Keep quote characters in the result. */
  rawQuotes?: boolean;
  /** Keep escape characters in the result. */
  rawEscapes?: boolean;
  /** Treat quotes as ordinary characters. */
  skipProcessQuotes?: boolean;
}

export interface ExpandSuccess {
  ok: true;
  /** `ProcessWord`: the single expanded word. */
  value: string;
  /** `ProcessWords`: the expansion split into words. */
  words: string[];
  /** Variables that were looked up and set. */
  matched: string[];
  /** Variables that were looked up and unset. */
  unmatched: string[];
}

export interface ExpandFailure {
  ok: false;
  /** BuildKit's message, e.g. `failed to process "${x": unsupported modifier (…) in substitution`. */
  message: string;
  /** The message without the `failed to process` wrapper. */
  reason: string;
  matched: string[];
  unmatched: string[];
}

export type ExpandResult = ExpandSuccess | ExpandFailure;

/**
 * Expands one word as BuildKit does: `value` is `ProcessWord`'s result (one word) and `words` is
 * `ProcessWords`' (split on whitespace that did not come from quotes or escapes). Never throws.
 */
export function expand(word: string, env: Environment, options: ExpandOptions = {}): ExpandResult {
  const parts = parseWord(word, { escape: options.escape ?? "\\", skipProcessQuotes: options.skipProcessQuotes === true });
  return evaluateWord(word, parts, env, options);
}

/** Evaluates an already parsed word (see `parseWord`). `source` is the text it was parsed from. */
export function evaluateWord(source: string, parts: readonly WordPart[], env: Environment, options: ExpandOptions = {}): ExpandResult {
  const evaluation = new Evaluation(source.length, lookupFunction(env, options.caseInsensitive === true), options);
  const words = new WordSplitter();
  evaluation.words = words;
  const result = evaluation.sequence(parts, options.rawEscapes === true, words);
  const matched = [...evaluation.matched];
  const unmatched = [...evaluation.unmatched];
  if (typeof result !== "string") {
    return { ok: false, message: `failed to process ${goQuote(source)}: ${result.message}`, reason: result.message, matched, unmatched };
  }
  return { ok: true, value: result, words: words.finish(), matched, unmatched };
}

function lookupFunction(env: Environment, caseInsensitive: boolean): (name: string) => string | undefined {
  if (typeof env === "function") return caseInsensitive ? (name) => env(name.toUpperCase()) ?? env(name) : env;
  const map: ReadonlyMap<string, string> =
    env instanceof Map ? (env as ReadonlyMap<string, string>) : new Map(Object.entries(env as Record<string, string>));
  if (!caseInsensitive) return (name) => map.get(name);
  const folded = new Map<string, string>();
  for (const [key, value] of map) folded.set(key.toUpperCase(), value);
  return (name) => folded.get(name.toUpperCase());
}

interface EvaluationError {
  message: string;
  /** Scanner position after the failing construct. */
  position: number;
}

/** BuildKit's word accumulator; note that its buffer is shared by nested scans (see `sequence`). */
class WordSplitter {
  buffer = "";
  words: string[] = [];
  inWord = false;

  addChar(ch: string): void {
    if (isGoSpace(ch.charCodeAt(0))) {
      if (this.inWord && this.buffer.length !== 0) {
        this.words.push(this.buffer);
        this.buffer = "";
        this.inWord = false;
      }
    } else {
      this.addRaw(ch);
    }
  }

  addString(text: string): void {
    for (const ch of text) this.addChar(ch);
  }

  addRaw(text: string): void {
    this.buffer += text;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.buffer.length > 0) {
      this.words.push(this.buffer);
      this.buffer = "";
      this.inWord = false;
    }
    return this.words;
  }
}

class Evaluation {
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();
  words: WordSplitter | undefined;
  private readonly escape: string;

  constructor(
    private readonly length: number,
    private readonly lookup: (name: string) => string | undefined,
    private readonly options: ExpandOptions,
  ) {
    this.escape = options.escape ?? "\\";
  }

  private get(name: string): string | undefined {
    const value = this.lookup(name);
    if (value === undefined) this.unmatched.add(name);
    else this.matched.add(name);
    return value;
  }

  /** `processStopOn`: the parts of one scan, with its own word accumulator. */
  sequence(parts: readonly WordPart[], rawEscapes: boolean, words: WordSplitter): string | EvaluationError {
    let result = "";
    for (const part of parts) {
      switch (part.type) {
        case "Literal":
          result += part.value;
          words.addString(part.value);
          break;
        case "RawText":
          result += part.value;
          words.addRaw(part.value);
          break;
        case "Escape": {
          if (rawEscapes) {
            result += this.escape;
            words.addRaw(this.escape);
          }
          if (part.char !== null) {
            result += part.char;
            words.addRaw(part.char);
          }
          break;
        }
        case "SingleQuoted": {
          const text = this.options.rawQuotes === true ? `'${part.value}'` : part.value;
          result += text;
          words.addRaw(text);
          break;
        }
        case "DoubleQuoted": {
          const text = this.doubleQuoted(part.parts, rawEscapes);
          if (typeof text !== "string") return text;
          result += text;
          words.addRaw(text);
          break;
        }
        case "Variable": {
          if (part.modifier !== undefined && part.argument === undefined) break; // the Error part that follows reports it
          const text = this.variable(part);
          if (typeof text !== "string") return text;
          result += text;
          words.addString(text);
          break;
        }
        case "Error":
          return errorOf(part);
      }
    }
    return result;
  }

  private doubleQuoted(parts: readonly WordPart[], rawEscapes: boolean): string | EvaluationError {
    const quote = this.options.rawQuotes === true ? '"' : "";
    let result = quote;
    for (const part of parts) {
      switch (part.type) {
        case "Literal":
          result += part.value;
          break;
        case "Escape":
          if (rawEscapes) result += this.escape;
          // An escape that protects nothing stays in the text.
          result += part.char ?? this.escape;
          break;
        case "Variable": {
          if (part.modifier !== undefined && part.argument === undefined) break;
          const text = this.variable(part);
          if (typeof text !== "string") return text;
          result += text;
          break;
        }
        case "Error":
          return errorOf(part);
        default:
          break;
      }
    }
    return result + quote;
  }

  /** Evaluates a nested scan. BuildKit reuses one buffer for all scans, so a nested scan empties the outer word. */
  private nested(parts: readonly WordPart[], rawEscapes: boolean, endMessage: string): string | EvaluationError {
    const outer = this.words;
    const inner = new WordSplitter();
    if (outer) {
      outer.buffer = "";
      inner.inWord = false;
    }
    this.words = inner;
    const result = this.sequence(parts, rawEscapes, inner);
    this.words = outer;
    if (typeof result !== "string" && result.position >= this.length) {
      return { message: endMessage, position: result.position };
    }
    return result;
  }

  private variable(part: VariablePart): string | EvaluationError {
    const failure = (message: string): EvaluationError => ({ message, position: part.end });
    const modifier = part.modifier;
    if (modifier === undefined) {
      const value = this.get(part.name);
      if (value === undefined && this.options.skipUnset === true) {
        return part.braced ? `\${${part.name}}` : `$${part.name}`;
      }
      return value ?? "";
    }
    if (modifier === "/" || modifier === "//") {
      const pattern = this.nested(part.argument ?? [], true, "syntax error: missing '/' in ${}");
      if (typeof pattern !== "string") return pattern;
      if (part.replacement === undefined) return failure("syntax error: missing '/' in ${}");
      const replacement = this.nested(part.replacement, true, "syntax error: missing '}'");
      if (typeof replacement !== "string") return replacement;
      const value = this.get(part.name);
      if (value === undefined && this.options.skipUnset === true) {
        return `\${${part.name}/${pattern}/${replacement}}`;
      }
      const regex = shellPatternToRegex(pattern, true, false);
      if (!(regex instanceof RegExp)) {
        return failure(`invalid pattern (${pattern}) in substitution: ${regex.message}`);
      }
      return modifier === "//" ? replaceAllGo(value ?? "", regex, replacement) : replaceFirst(value ?? "", regex, replacement);
    }
    const operator = modifier.startsWith(":") ? modifier.slice(1) : modifier;
    const nullIsUnset = modifier.startsWith(":");
    const rawEscapes = operator === "#" || operator === "%";
    let word = this.nested(part.argument ?? [], rawEscapes, "syntax error: missing '}'");
    if (typeof word !== "string") return word;
    const value = this.get(part.name);
    const set = value !== undefined;
    if (this.options.skipUnset === true && !set) return `\${${part.name}${modifier}${word}}`;
    const current = value ?? "";
    switch (operator) {
      case "-":
        return !set || (nullIsUnset && current === "") ? word : current;
      case "+":
        return !set || (nullIsUnset && current === "") ? "" : word;
      case "?":
        if (!set) return failure(`${part.name}: ${word === "" ? "is not allowed to be unset" : word}`);
        if (nullIsUnset && current === "") return failure(`${part.name}: ${word === "" ? "is not allowed to be empty" : word}`);
        return current;
      case "#":
      case "%": {
        let greedy = false;
        if (word.startsWith(operator)) {
          greedy = true;
          word = word.slice(1);
        }
        const trimmed = operator === "%" ? trimSuffix(word, current, greedy) : trimPrefix(word, current, greedy);
        return typeof trimmed === "string" ? trimmed : failure(trimmed.message);
      }
      default:
        return failure(`unsupported modifier (${modifier}) in substitution`);
    }
  }
}

function errorOf(part: ErrorPart): EvaluationError {
  return { message: part.message, position: part.position };
}

/**
 * BuildKit's `convertShellPatternToRegex`: `*` and `?` are wildcards, `\*`, `\?`, `\\` literal,
 * `\}` and `\/` mean `}` and `/`. Go's `.` never matches a newline; JavaScript's also skips `\r`,
 * so the class is spelled out.
 */
function shellPatternToRegex(pattern: string, greedy: boolean, anchored: boolean): RegExp | { message: string } {
  const chars = Array.from(pattern);
  let source = anchored ? "^" : "";
  const star = greedy ? "[^\\n]*" : "[^\\n]*?";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? "";
    switch (ch) {
      case "*":
        source += star;
        continue;
      case "?":
        source += "[^\\n]";
        continue;
      case "\\": {
        const next = chars[i + 1];
        if (next === "}" || next === "/") continue;
        i++;
        if (next !== "*" && next !== "?" && next !== "\\") return { message: `invalid escape '\\${next ?? "\ufffd"}'` };
        source += "\\" + next;
        continue;
      }
      case "[":
      case "]":
      case "{":
      case "}":
      case ".":
      case "+":
      case "(":
      case ")":
      case "|":
      case "^":
      case "$":
        source += "\\" + ch;
        continue;
      default:
        source += ch;
    }
  }
  return new RegExp(source, "u");
}

function trimPrefix(pattern: string, value: string, greedy: boolean): string | { message: string } {
  const regex = shellPatternToRegex(pattern, greedy, true);
  if (!(regex instanceof RegExp)) return { message: `invalid pattern (${pattern}) in substitution: ${regex.message}` };
  const match = regex.exec(value);
  return match ? value.slice(match.index + match[0].length) : value;
}

/** Reverses a pattern by characters, keeping each `\x` pair in order. */
function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out: string[] = new Array<string>(chars.length);
  const last = chars.length - 1;
  for (let i = 0; i <= last; ) {
    const ch = chars[i] ?? "";
    const index = last - i;
    if (ch === "\\" && i !== last) {
      out[index - 1] = ch;
      out[index] = chars[i + 1] ?? "";
      i += 2;
    } else {
      out[index] = ch;
      i++;
    }
  }
  return out.join("");
}

function reverseString(text: string): string {
  return Array.from(text).reverse().join("");
}

function trimSuffix(pattern: string, value: string, greedy: boolean): string | { message: string } {
  const trimmed = trimPrefix(reversePattern(pattern), reverseString(value), greedy);
  if (typeof trimmed !== "string") {
    // BuildKit reports the reversed pattern, which is what it tried to compile.
    return trimmed;
  }
  return reverseString(trimmed);
}

function replaceFirst(value: string, regex: RegExp, replacement: string): string {
  const match = regex.exec(value);
  if (!match) return value;
  return value.slice(0, match.index) + replacement + value.slice(match.index + match[0].length);
}

/** Go's `Regexp.ReplaceAllString`: `$` in the replacement is a template; empty matches advance one rune. */
function replaceAllGo(value: string, regex: RegExp, template: string): string {
  const sticky = new RegExp(regex.source, "gu");
  let out = "";
  let lastEnd = 0;
  let searchFrom = 0;
  while (searchFrom <= value.length) {
    sticky.lastIndex = searchFrom;
    const match = sticky.exec(value);
    if (!match) break;
    const start = match.index;
    const end = start + match[0].length;
    out += value.slice(lastEnd, start);
    if (end > lastEnd || start === 0) out += expandTemplate(template, match[0]);
    lastEnd = end;
    // Past the match, or at least one rune (two UTF-16 units for one above U+FFFF). Go's
    // `utf8.DecodeRuneInString` is 0 wide at the end of the input, where Go advances one byte
    // instead; here `codePointAt` is undefined there and the width 1, which is the same step.
    const code = value.codePointAt(searchFrom);
    const width = code !== undefined && code > 0xffff ? 2 : 1;
    searchFrom = Math.max(searchFrom + width, end);
  }
  return out + value.slice(lastEnd);
}

/** Go's `Regexp.Expand` for a pattern without groups: `$0` is the match, other names are empty. */
function expandTemplate(template: string, match: string): string {
  let out = "";
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf("$");
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith("$")) {
      out += "$";
      rest = rest.slice(1);
      continue;
    }
    const braced = rest.startsWith("{");
    const body = braced ? rest.slice(1) : rest;
    const nameMatch = /^[\p{L}\p{Nd}_]+/u.exec(body);
    if (!nameMatch || (braced && body[nameMatch[0].length] !== "}")) {
      out += "$";
      continue;
    }
    const name = nameMatch[0];
    rest = body.slice(name.length + (braced ? 1 : 0));
    if (name === "0") out += match;
  }
  return out + rest;
}
