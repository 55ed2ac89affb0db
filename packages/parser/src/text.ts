/**
 * Character classes and string helpers that reproduce Go's standard library, because BuildKit's
 * behaviour is defined in terms of `unicode.IsSpace`, `strings.TrimSpace`, `strconv.Quote` & co.
 * JavaScript's `\s` and `trim()` differ (they include U+FEFF and omit U+0085).
 */

/** Go's `unicode.IsSpace`: the Unicode White_Space property. */
export function isGoSpace(code: number): boolean {
  if (code <= 0xff) {
    return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0xa0;
  }
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** BuildKit's `reWhitespace`, `[\t\v\f\r ]`: the separator of keywords and whitespace-split arguments. */
export function isAsciiBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0x0d;
}

/**
 * Go's `strings.ToLower`: `unicode.ToLower` on every rune, i.e. Unicode's simple lowercase mapping
 * (UnicodeData.txt, Go's `unicode.CaseRanges`). JavaScript's `toLowerCase` applies the full mapping
 * (SpecialCasing.txt) instead, which differs once without a condition: U+0130 `İ` lowers to
 * `i\u0307` there, to `i` in Go; and once in context (a final `Σ` is `ς` there, `σ` in Go), which
 * lowering one code point at a time leaves out.
 */
export function goToLower(text: string): string {
  let ascii = 0;
  while (ascii < text.length && text.charCodeAt(ascii) < 0x80) ascii++;
  if (ascii === text.length) return text.toLowerCase();
  let out = text.slice(0, ascii).toLowerCase();
  for (const ch of text.slice(ascii)) out += ch === "\u0130" ? "i" : ch.toLowerCase();
  return out;
}

export function trimGoSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isGoSpace(text.charCodeAt(start))) start++;
  while (end > start && isGoSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

// Built on first use. V8 parses a regular expression when it creates the object (a literal when
// its expression first runs, `new RegExp` when called: `RegExp::Compile` in V8's regexp.cc), and
// compiles it at its first match; a Unicode property class is a large table to build then, from
// ICU's data (most files never need one: ASCII is decided before). Created at load, the
// five-property class of `goQuote` was ~18 million instructions of every `dfbuild` start
// (callgrind, `node -e` creating it against `node -e 0`).
let letter: RegExp | undefined;
let digit: RegExp | undefined;
let printable: RegExp | undefined;

/** Go's `unicode.IsLetter` for one code point. */
export function isLetter(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  letter ??= /\p{L}/u;
  return letter.test(ch);
}

/** Go's `unicode.IsDigit` (decimal digits of any script). */
export function isDigit(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 0x30 && code <= 0x39;
  digit ??= /\p{Nd}/u;
  return digit.test(ch);
}

/**
 * Go's `strconv.Quote`: printable runes are kept, the rest escaped. Lone surrogates stand for
 * invalid UTF-8 and are written as the replacement character's escape would be in Go (`\ufffd`
 * is printable, so Go prints it as is).
 */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    switch (code) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += "\\\\";
        continue;
      case 0x07:
        out += "\\a";
        continue;
      case 0x08:
        out += "\\b";
        continue;
      case 0x0c:
        out += "\\f";
        continue;
      case 0x0a:
        out += "\\n";
        continue;
      case 0x0d:
        out += "\\r";
        continue;
      case 0x09:
        out += "\\t";
        continue;
      case 0x0b:
        out += "\\v";
        continue;
    }
    if (code >= 0x20 && code < 0x7f) {
      out += ch;
    } else if (code < 0x20 || code === 0x7f) {
      out += "\\x" + code.toString(16).padStart(2, "0");
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += "\ufffd";
    } else if ((printable ??= /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u).test(ch)) {
      out += ch;
    } else if (code > 0xffff) {
      out += "\\U" + code.toString(16).padStart(8, "0");
    } else {
      out += "\\u" + code.toString(16).padStart(4, "0");
    }
  }
  return out + '"';
}

/** UTF-8 bytes of one code point. */
export function utf8Bytes(code: number): number[] {
  if (code < 0x80) return [code];
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 0x3f)];
  if (code < 0x10000) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
  return [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
}

/** UTF-8 byte length of a string, as Go's `len()` would count it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // Past the end, charCodeAt gives NaN, which is no low surrogate.
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Levenshtein distance over code points (BuildKit's suggestions use agext/levenshtein). */
export function levenshtein(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  let previous = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[t.length] ?? 0;
}

/**
 * BuildKit's `suggest.Search`: the closest option at distance < 3, or undefined. Options are
 * tried in the given order and a later option wins only when strictly closer; without case, both
 * are lowered by Go's `strings.ToLower`.
 */
export function suggest(value: string, options: readonly string[], caseSensitive: boolean): string | undefined {
  const needle = caseSensitive ? value : goToLower(value);
  const needleLength = codePointCount(needle);
  let match: string | undefined;
  let best = 3;
  for (const option of options) {
    const candidate = caseSensitive ? option : goToLower(option);
    if (candidate === needle) return undefined;
    // The distance is at least the difference in length: an option that cannot be closer is not
    // compared (a file of PowerShell lines read as instructions asks for thousands of these).
    if (Math.abs(codePointCount(candidate) - needleLength) >= best) continue;
    const distance = levenshtein(needle, candidate);
    if (distance < best) {
      best = distance;
      match = caseSensitive ? candidate : matchCase(candidate, value);
    }
  }
  return match;
}

/** Length in code points, as `levenshtein` counts them. */
function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function matchCase(candidate: string, original: string): string {
  if (original === goToLower(original)) return goToLower(candidate);
  if (original === original.toUpperCase()) return candidate.toUpperCase();
  return candidate;
}

/** Appends BuildKit's ` (did you mean x?)` hint when a close option exists. */
export function withSuggestion(message: string, value: string, options: readonly string[], caseSensitive: boolean): string {
  const match = suggest(value, options, caseSensitive);
  return match === undefined ? message : `${message} (did you mean ${match}?)`;
}

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * A shared, frozen empty array. Most instructions have no flags, heredocs or comments; sharing
 * one empty array for them keeps large trees small. The tree is read-only.
 */
export function none<T>(): T[] {
  return EMPTY as unknown as T[];
}
