/**
 * BuildKit's line-level algorithms (`frontend/dockerfile/parser/split_command.go`,
 * `line_parsers.go`, `parser.go` heredoc detection), applied to one logical line. Every result
 * carries [start, end) offsets into that line so the AST can map it back to the source.
 */
import { expand } from "../shell/expand.js";
import { goToLower, isAsciiBlank, isGoSpace, none, utf8Bytes } from "../text.js";

/** A piece of the logical line: its text and where it came from. */
export interface Span {
  value: string;
  start: number;
  end: number;
}

export interface SplitLine {
  /** The instruction word as written (`RuN`), or "" for an empty line. */
  keyword: Span;
  /** BuildKit's flag strings (quotes removed, escapes applied), with the span of each raw word. */
  flags: Span[];
  /** The rest after the flags, trimmed. */
  rest: Span;
}

/**
 * The instruction a keyword names, in capitals (`RuN` is `RUN`). BuildKit looks a keyword up
 * lower-cased by Go's `strings.ToLower` (frontend/dockerfile/parser/parser.go
 * `dispatch[strings.ToLower(cmd)]`, instructions/parse.go `switch strings.ToLower(node.Value)`),
 * so the Kelvin sign U+212A is `k` and U+0130 `İ` is `i` there: `WOR\u212ADIR` is WORKDIR and
 * `ENTRYPO\u0130NT` ENTRYPOINT. Then only ASCII letters are capitalized: `toUpperCase` would make
 * `I` of `ı` (U+0131) and `S` of `ſ` (U+017F), which Go's lowering keeps (`EXPO\u017fE` is no
 * instruction in BuildKit).
 */
export function instructionName(keyword: string): string {
  for (let i = 0; i < keyword.length; i++) {
    if (keyword.charCodeAt(i) >= 0x80) return goToLower(keyword).replace(/[a-z]+/g, (letters) => letters.toUpperCase());
  }
  // ASCII only (every keyword but a rare few): lowering first changes nothing.
  return keyword.toUpperCase();
}

/** BuildKit's `splitCommand`: keyword, `--flags`, and the trimmed rest. */
export function splitCommand(line: string): SplitLine {
  let start = 0;
  let end = line.length;
  while (start < end && isGoSpace(line.charCodeAt(start))) start++;
  while (end > start && isGoSpace(line.charCodeAt(end - 1))) end--;
  let keywordEnd = start;
  while (keywordEnd < end && !isAsciiBlank(line.charCodeAt(keywordEnd))) keywordEnd++;
  const keyword: Span = { value: line.slice(start, keywordEnd), start, end: keywordEnd };
  if (keywordEnd === end) return { keyword, flags: none(), rest: { value: "", start: end, end } };
  let restStart = keywordEnd;
  while (restStart < end && isAsciiBlank(line.charCodeAt(restStart))) restStart++;
  const { flags, argsStart } = extractBuilderFlags(line, restStart, end);
  let argsFrom = argsStart;
  while (argsFrom < end && isGoSpace(line.charCodeAt(argsFrom))) argsFrom++;
  return { keyword, flags, rest: { value: line.slice(argsFrom, end), start: argsFrom, end } };
}

/** The bytes of a line as BuildKit's flag scanner sees them (it reads bytes as Latin-1 runes). */
interface ByteView {
  codes: number[];
  /** Offset in the line of the character each byte belongs to. */
  offsets: number[];
}

/** null when every character from `start` to `end` is ASCII: byte `i` is then character `start + i`. */
function byteView(line: string, start: number, end: number): ByteView | null {
  let i = start;
  while (i < end && line.charCodeAt(i) < 0x80) i++;
  if (i === end) return null;
  const codes: number[] = [];
  const offsets: number[] = [];
  for (let i = start; i < end; i++) {
    const code = line.codePointAt(i) ?? 0;
    if (code < 0x80) {
      codes.push(code);
      offsets.push(i);
      continue;
    }
    for (const byte of utf8Bytes(code)) {
      codes.push(byte);
      offsets.push(i);
    }
    if (code > 0xffff) i++;
  }
  return { codes, offsets };
}

/** `unicode.IsSpace` of a byte read as a rune: Latin-1 spaces include 0x85 and 0xA0. */
function isByteSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0xa0;
}

/**
 * BuildKit's `extractBuilderFlags`, byte for byte, including its habit of re-encoding each byte
 * of a non-ASCII character as a separate Latin-1 character (`--chown=é` becomes `--chown=Ã©`).
 * It escapes with a backslash whatever `# escape=` says (frontend/dockerfile/parser/
 * split_command.go takes no escape token): under `` # escape=` ``, `--chown=a\ b` is `a b`.
 */
function extractBuilderFlags(line: string, start: number, end: number): { flags: Span[]; argsStart: number } {
  // Fast path: most instructions have no flags; `start` is already past the blanks. They share
  // one empty list, which nothing writes to.
  if (!(start + 1 < end && line.charCodeAt(start) === 0x2d && line.charCodeAt(start + 1) === 0x2d)) {
    return { flags: none(), argsStart: start };
  }
  const flags: Span[] = [];
  // Most lines are ASCII: their bytes are read from the line, with no arrays made.
  const view = byteView(line, start, end);
  const length = view ? view.codes.length : end - start;
  const codeAt = (pos: number): number => (view ? (view.codes[pos] ?? 0) : line.charCodeAt(start + pos));
  const offsetAt = (pos: number): number => (pos >= length ? end : view ? (view.offsets[pos] ?? end) : start + pos);
  const escapeCode = 0x5c;
  const IN_SPACES = 0;
  const IN_WORD = 1;
  const IN_QUOTE = 2;
  let phase = IN_SPACES;
  let quote = 0;
  // BuildKit's scanner also keeps an empty word that had quotes (`blankOK`); a flag word starts
  // with "--", so it is never empty and needs no such flag here.
  let word = "";
  let wordStart = 0;
  for (let pos = 0; pos <= length; pos++) {
    let ch = pos < length ? codeAt(pos) : -1;
    if (phase === IN_SPACES) {
      if (pos === length) break;
      if (isByteSpace(ch)) continue;
      if (ch !== 0x2d || pos + 1 === length || codeAt(pos + 1) !== 0x2d) {
        return { flags, argsStart: offsetAt(pos) };
      }
      phase = IN_WORD;
      wordStart = pos;
    }
    if (pos === length) {
      if (word !== "--") flags.push({ value: word, start: offsetAt(wordStart), end });
      break;
    }
    if (phase === IN_WORD) {
      if (isByteSpace(ch)) {
        phase = IN_SPACES;
        if (word === "--") return { flags, argsStart: offsetAt(pos) };
        flags.push({ value: word, start: offsetAt(wordStart), end: offsetAt(pos) });
        word = "";
        continue;
      }
      if (ch === 0x27 || ch === 0x22) {
        quote = ch;
        phase = IN_QUOTE;
        continue;
      }
      if (ch === escapeCode) {
        if (pos + 1 === length) continue;
        pos++;
        ch = codeAt(pos);
      }
      word += String.fromCharCode(ch);
      continue;
    }
    // IN_QUOTE
    if (ch === quote) {
      phase = IN_WORD;
      continue;
    }
    if (ch === escapeCode) {
      if (pos + 1 === length) {
        phase = IN_WORD;
        continue;
      }
      pos++;
      ch = codeAt(pos);
    }
    word += String.fromCharCode(ch);
  }
  return { flags, argsStart: end };
}

/**
 * BuildKit's `parseWords` (ENV, LABEL, ARG): whitespace outside quotes separates words; quotes
 * and escapes are kept. So a word's value is its source text, but for an escape ending the text,
 * which BuildKit drops: the scan finds where words start and end, and slices them.
 */
export function parseWords(text: string, base: number, escape: string): Span[] {
  const words: Span[] = [];
  const escapeCode = escape.charCodeAt(0);
  const IN_SPACES = 0;
  const IN_WORD = 1;
  const IN_QUOTE = 2;
  let phase = IN_SPACES;
  let quote = 0;
  let wordStart = 0;
  /** The width of an escape ending the text, which the last word leaves out. */
  let dropped = 0;
  // BuildKit also keeps an empty word that had quotes (`blankOK`), but here a word keeps its
  // quotes, so it is empty only when it is an escape ending the text: no quote in it.
  const push = (endAt: number): void => {
    const value = text.slice(wordStart, endAt - dropped);
    if (value.length > 0) words.push({ value, start: base + wordStart, end: base + endAt });
  };
  /** Width of the code point at `pos` (a lone surrogate counts one, as `String.fromCodePoint` makes it). */
  const widthAt = (pos: number): number => ((text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1);
  for (let pos = 0; pos <= text.length; ) {
    const code = pos < text.length ? (text.codePointAt(pos) ?? 0) : -1;
    const width = code > 0xffff ? 2 : 1;
    if (phase === IN_SPACES) {
      if (pos === text.length) break;
      if (isGoSpace(code)) {
        pos += width;
        continue;
      }
      phase = IN_WORD;
      wordStart = pos;
    }
    if (pos === text.length) {
      push(pos);
      break;
    }
    if (phase === IN_WORD) {
      if (isGoSpace(code)) {
        phase = IN_SPACES;
        push(pos);
        pos += width;
        continue;
      }
      if (code === 0x27 || code === 0x22) {
        quote = code;
        phase = IN_QUOTE;
      }
      if (code === escapeCode) {
        pos += width;
        // The escape and the character it protects stay in the word.
        if (pos === text.length) dropped = width;
        else pos += widthAt(pos);
        continue;
      }
      pos += width;
      continue;
    }
    // IN_QUOTE
    if (code === quote) phase = IN_WORD;
    if (code === escapeCode && quote !== 0x27) {
      pos += width;
      if (pos === text.length) {
        phase = IN_WORD;
        dropped = width;
      } else {
        pos += widthAt(pos);
      }
      continue;
    }
    pos += width;
  }
  return words;
}

/** `reWhitespace.Split(text, -1)`: split on runs of `[\t\v\f\r ]`, no quote awareness. */
export function splitOnBlanks(text: string, base: number): Span[] {
  const parts: Span[] = [];
  let start = 0;
  let i = 0;
  while (i <= text.length) {
    if (i === text.length || isAsciiBlank(text.charCodeAt(i))) {
      parts.push({ value: text.slice(start, i), start: base + start, end: base + i });
      if (i === text.length) break;
      while (i < text.length && isAsciiBlank(text.charCodeAt(i))) i++;
      start = i;
      continue;
    }
    i++;
  }
  return parts;
}

/** `reWhitespace.Split(text, 2)`. */
export function splitOnceOnBlanks(text: string, base: number): Span[] {
  let i = 0;
  while (i < text.length && !isAsciiBlank(text.charCodeAt(i))) i++;
  if (i === text.length) return [{ value: text, start: base, end: base + text.length }];
  let j = i;
  while (j < text.length && isAsciiBlank(text.charCodeAt(j))) j++;
  return [
    { value: text.slice(0, i), start: base, end: base + i },
    { value: text.slice(j), start: base + j, end: base + text.length },
  ];
}

export type JsonArrayResult =
  | { kind: "strings"; elements: Span[] }
  | { kind: "not-strings" }
  | { kind: "invalid" };

/**
 * BuildKit's `parseJSON`: a strict JSON array. All strings gives the elements (spans cover the
 * quoted source text); any other element is BuildKit's hard error; anything that Go's decoder
 * rejects falls back to the shell form.
 */
const INVALID_JSON: JsonArrayResult = { kind: "invalid" };

export function parseJsonArray(text: string, base: number): JsonArrayResult {
  let start = 0;
  while (start < text.length && isGoSpace(text.charCodeAt(start))) start++;
  if (text.charCodeAt(start) !== 0x5b) return INVALID_JSON;
  let decoded: unknown;
  try {
    decoded = JSON.parse(text.slice(start));
  } catch {
    return INVALID_JSON;
  }
  if (!Array.isArray(decoded)) return INVALID_JSON;
  if (!decoded.every((element) => typeof element === "string")) {
    // Go cannot decode numbers beyond float64 into `any`, so such an array is not JSON to BuildKit.
    if (decoded.some((element) => typeof element === "number" && !Number.isFinite(element))) return INVALID_JSON;
    return { kind: "not-strings" };
  }
  const values: string[] = decoded;
  const elements: Span[] = [];
  let pos = start + 1;
  for (const value of values) {
    while (text[pos] !== '"') pos++;
    const open = pos;
    pos++;
    while (text[pos] !== '"') pos += text[pos] === "\\" ? 2 : 1;
    pos++;
    elements.push({ value: toGoString(value), start: base + open, end: base + pos });
  }
  return { kind: "strings", elements };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Go's decoder turns unpaired surrogate escapes into U+FFFD. */
function toGoString(value: string): string {
  return value.replace(LONE_SURROGATE, "\ufffd");
}

/**
 * BuildKit's `parseHealthConfig` split: the type word ends at the first byte that is whitespace.
 * Each UTF-16 unit is tested as the byte would be (`isByteSpace`): U+0085 and U+00A0 count as
 * space, as the second of their two bytes does.
 */
export function splitHealthcheck(text: string, base: number): { type: Span; rest: Span } | null {
  let sep = 0;
  while (sep < text.length && !isByteSpace(text.charCodeAt(sep))) sep++;
  if (sep === 0) return null;
  let next = sep;
  while (next < text.length && isByteSpace(text.charCodeAt(next))) next++;
  return {
    type: { value: text.slice(0, sep), start: base, end: base + sep },
    rest: { value: text.slice(next), start: base + next, end: base + text.length },
  };
}

export interface HeredocMarker {
  /** The delimiter with quotes removed and escapes applied. */
  name: string;
  /** File descriptor prefix (`3<<EOF`), 0 when absent. */
  fileDescriptor: number;
  /** `<<-`: leading tabs are stripped from the body by consumers. */
  chomp: boolean;
  /** False when any part of the delimiter was quoted: the body is not expanded. */
  expand: boolean;
}

const HEREDOC_WORD = /^(\d*)<<(-?)[\t\n\f\r ]*([^<]*)$/;

/** BuildKit's `ParseHeredoc` for one word; `{ error }` when its internal re-lexing fails. */
export function parseHeredocWord(word: string): HeredocMarker | null | { error: string } {
  const match = HEREDOC_WORD.exec(word);
  if (!match) return null;
  const rest = match[3] ?? "";
  if (rest === "") return null;
  const cooked = expand(rest, {}, { skipUnset: true });
  if (!cooked.ok) return { error: cooked.message };
  if (cooked.words.length !== 1) return null;
  const raw = expand(rest, {}, { skipUnset: true, rawQuotes: true });
  if (!raw.ok) return { error: raw.message };
  if (raw.words.length !== cooked.words.length) {
    return { error: `internal lexing of heredoc produced inconsistent results: ${rest}` };
  }
  const name = cooked.words[0] ?? "";
  const quotes = (text: string): number => text.split(/['"]/).length - 1;
  return {
    name,
    fileDescriptor: match[1] ? Number(match[1]) : 0,
    chomp: match[2] === "-",
    expand: quotes(name) === quotes(raw.words[0] ?? ""),
  };
}

/** A word BuildKit's `ParseHeredoc` takes as a heredoc marker, without error. */
export function isHeredocWord(word: string): boolean {
  const marker = parseHeredocWord(word);
  return marker !== null && !("error" in marker);
}

/** BuildKit's `heredocsFromLine`: lexes the whole line with `\` and finds every heredoc word. */
export function heredocsFromLine(line: string): HeredocMarker[] | { error: string } {
  const lexed = expand(line, {}, { skipUnset: true, rawQuotes: true, rawEscapes: true });
  if (!lexed.ok) return [];
  const markers: HeredocMarker[] = [];
  for (const word of lexed.words) {
    const marker = parseHeredocWord(word);
    if (marker === null) continue;
    if ("error" in marker) return marker;
    markers.push(marker);
  }
  return markers;
}

const HEREDOC_KEYWORDS = new Set(["ADD", "COPY", "RUN"]);

/**
 * The heredocs a logical line opens, as BuildKit decides: only ADD, COPY and RUN (also inside
 * ONBUILD), not in JSON form, and only when the line contains `<<`.
 */
export function heredocsOpenedBy(line: string): HeredocMarker[] | { error: string } {
  if (!line.includes("<<")) return [];
  let split = splitCommand(line);
  let keyword = instructionName(split.keyword.value);
  if (keyword === "ONBUILD") {
    if (split.rest.value === "") return [];
    split = splitCommand(split.rest.value);
    keyword = instructionName(split.keyword.value);
  }
  if (!HEREDOC_KEYWORDS.has(keyword)) return [];
  if (split.rest.value !== "" && parseJsonArray(split.rest.value, 0).kind !== "invalid") return [];
  return heredocsFromLine(line);
}
