import { describe, expect, test } from "vitest";
import { goQuote, goToLower, isAsciiBlank, isDigit, isGoSpace, isLetter, levenshtein, none, suggest, trimGoSpace, utf8Bytes, utf8Length, withSuggestion } from "./text.js";

/** Every code point of the BMP but the surrogates, and a few above it. */
const codePoints = (): number[] => [
  ...Array.from({ length: 0x10000 }, (_, code) => code).filter((code) => code < 0xd800 || code > 0xdfff),
  0x10000,
  0x1f600,
  0xe0001,
  0x10ffff,
];

/** The code points where `actual` and the reference disagree (none expected). */
function disagreements(actual: (code: number) => boolean, reference: (code: number) => boolean): string[] {
  return codePoints()
    .filter((code) => actual(code) !== reference(code))
    .map((code) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
}

describe("Go's character classes", () => {
  // Go's unicode.IsSpace is the White_Space property (its Latin-1 fast path lists the same
  // characters: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0); Unicode's own property is the
  // reference, as regular expressions read it.
  test("unicode.IsSpace: the White_Space property, over every code point of the BMP", () => {
    const whiteSpace = /^\p{White_Space}$/u;
    expect(disagreements(isGoSpace, (code) => whiteSpace.test(String.fromCodePoint(code)))).toEqual([]);
    // Not JavaScript's \s: U+FEFF is no space in Go, U+0085 is.
    expect([isGoSpace(0xfeff), isGoSpace(0x85)]).toEqual([false, true]);
  });

  test("BuildKit's reWhitespace: tab, vertical tab, form feed, carriage return and space only", () => {
    const blanks = [0x09, 0x0b, 0x0c, 0x0d, 0x20];
    expect(disagreements(isAsciiBlank, (code) => blanks.includes(code))).toEqual([]);
  });

  test("unicode.IsLetter and unicode.IsDigit: the general categories L and Nd", () => {
    const letter = /^\p{L}$/u;
    const digit = /^\p{Nd}$/u;
    expect(disagreements((code) => isLetter(String.fromCodePoint(code)), (code) => letter.test(String.fromCodePoint(code)))).toEqual([]);
    expect(disagreements((code) => isDigit(String.fromCodePoint(code)), (code) => digit.test(String.fromCodePoint(code)))).toEqual([]);
  });

  test("strings.TrimSpace: Go's spaces at both ends, none inside", () => {
    expect(trimGoSpace("")).toBe("");
    expect(trimGoSpace("a b")).toBe("a b");
    expect(trimGoSpace(" \t\n\v\f\r\u0085\u00a0a b\u2000\u3000 ")).toBe("a b");
    expect(trimGoSpace("\u0085\u00a0")).toBe("");
    expect(trimGoSpace("  x")).toBe("x");
    expect(trimGoSpace("x  ")).toBe("x");
    // U+FEFF is kept (JavaScript's trim() would take it).
    expect(trimGoSpace("\ufeffa\ufeff")).toBe("\ufeffa\ufeff");
  });
});

describe("strconv.Quote", () => {
  test("the escapes Go names: quote, backslash, \\a \\b \\f \\n \\r \\t \\v", () => {
    expect(goQuote(`a"b\\c`)).toBe(String.raw`"a\"b\\c"`);
    expect(goQuote("\x07\b\f\n\r\t\v")).toBe(String.raw`"\a\b\f\n\r\t\v"`);
  });

  test("other control characters as \\x, printable ASCII as it is", () => {
    expect(goQuote("\x00\x01\x1b\x1f\x7f")).toBe(String.raw`"\x00\x01\x1b\x1f\x7f"`);
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i))
      .filter((ch) => ch !== '"' && ch !== "\\")
      .join("");
    expect(goQuote(printable)).toBe(`"${printable}"`);
  });

  test("beyond ASCII: letters, marks, numbers, punctuation and symbols kept; spaces and format characters escaped", () => {
    expect(goQuote("한국어 é ́ ٣ « € 😀")).toBe('"한국어 é ́ ٣ « € 😀"');
    expect(goQuote("\u00a0\u0085\u200b\ufeff\u2028")).toBe(String.raw`"\u00a0\u0085\u200b\ufeff\u2028"`);
    // Above the BMP, eight hex digits.
    expect(goQuote("\u{e0001}")).toBe(String.raw`"\U000e0001"`);
    expect(goQuote("\u{10ffff}")).toBe(String.raw`"\U0010ffff"`);
    // The last code point of the first plane is not printable, and takes \u.
    expect(goQuote("\uffff")).toBe(String.raw`"\uffff"`);
  });

  test("a lone surrogate (invalid UTF-8 in Go) is the replacement character", () => {
    expect(goQuote("a\ud800b\udfff")).toBe('"a\ufffdb\ufffd"');
  });
});

describe("UTF-8", () => {
  /**
   * The reference: `encodeURIComponent` writes each UTF-8 byte of what it escapes as `%XX` (and
   * throws on a lone surrogate). The parser package has no TextEncoder types: it runs anywhere.
   */
  const encoded = (text: string): number[] =>
    Array.from(text).flatMap((ch) => {
      const escaped = encodeURIComponent(ch);
      return escaped.startsWith("%") ? escaped.slice(1).split("%").map((hex) => Number.parseInt(hex, 16)) : [ch.charCodeAt(0)];
    });

  test("the bytes of a code point, at each length's bounds", () => {
    for (const code of [0, 0x21, 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0xd55c, 0xffff, 0x10000, 0x1f600, 0x10ffff]) {
      expect(utf8Bytes(code), code.toString(16)).toEqual(encoded(String.fromCodePoint(code)));
    }
    expect(utf8Bytes(0x10ffff)).toEqual([0xf4, 0x8f, 0xbf, 0xbf]);
  });

  test("the byte length of a string, as Go's len(); a lone surrogate counts as the replacement character's 3 bytes", () => {
    for (const text of ["", "abc", "é", "한국어", "😀", "a😀b", "\u07ff\u0800", "\u007f\u0080"]) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(encoded(text).length);
    }
    expect(encoded("\ufffd")).toHaveLength(3);
    for (const [text, length] of [["\ud800", 3], ["\ud800a", 4], ["a\udc00", 4], ["\ud800\ud800", 6], ["\udc00\ud800", 6], ["x\ud83d", 4], ["\udbff\udfff", 4], ["\ud7ff\udc00", 6], ["\ud800\udc00", 4], ["\udc00\udc00", 6], ["\ud800\ue000", 6]] as const) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(length);
    }
  });
});

describe("suggestions (BuildKit's suggest.Search)", () => {
  test("Levenshtein distance over code points", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("sitting", "kitten")).toBe(3);
    expect(levenshtein("flaw", "lawn")).toBe(2);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("abc", "")).toBe(3);
    expect(levenshtein("same", "same")).toBe(0);
    expect(levenshtein("ab", "ba")).toBe(2);
    expect(levenshtein("😀a", "a")).toBe(1);
    expect(levenshtein("a", "😀a")).toBe(1);
    expect(levenshtein("abcdef", "azcdxf")).toBe(2);
    expect(levenshtein("abc", "abcd")).toBe(1);
  });

  test("the closest option at a distance under 3; a tie goes to the first, a later option only when strictly closer", () => {
    expect(suggest("cop", ["copy", "cmd"], true)).toBe("copy");
    expect(suggest("xyzw", ["copy"], true)).toBeUndefined();
    // Distance 2 is close enough, 3 is not.
    expect(suggest("ab", ["abcd"], true)).toBe("abcd");
    expect(suggest("ab", ["abcde"], true)).toBeUndefined();
    expect(suggest("abc", ["abd", "abe"], true)).toBe("abd");
    expect(suggest("abcd", ["axyd", "abxd", "abce"], true)).toBe("abxd");
    expect(suggest("value", [], true)).toBeUndefined();
    // Lengths count code points, as the distance does: two astral characters are two edits.
    expect(suggest("😀😀x", ["x"], true)).toBe("x");
    expect(suggest("x", ["😀😀x"], true)).toBe("😀😀x");
    expect(suggest("😀😀😀x", ["x"], true)).toBeUndefined();
  });

  test("an exact match suggests nothing, even after a close option", () => {
    expect(suggest("copy", ["cop", "copy"], true)).toBeUndefined();
    expect(suggest("COPY", ["cop", "copy"], false)).toBeUndefined();
  });

  test("case: compared as written when case-sensitive; else folded, and the suggestion written in the value's case", () => {
    expect(suggest("COPI", ["copy"], true)).toBeUndefined();
    expect(suggest("Copi", ["Copy"], true)).toBe("Copy");
    expect(suggest("COPI", ["copy"], false)).toBe("COPY");
    expect(suggest("copi", ["COPY"], false)).toBe("copy");
    expect(suggest("CoPi", ["copy"], false)).toBe("copy");
    // A value with no cased letters counts as lower case (BuildKit's util/suggest matchCase tries lower case first).
    expect(suggest("2", ["X"], false)).toBe("x");
  });

  test("without case, Go's strings.ToLower folds both: U+0130 is one letter `i`, not `i` and a combining dot", () => {
    // BuildKit: "entrypointss" is 2 edits from "entrypoint", so it is suggested, in the value's
    // case (upper, or neither: Go lowers U+0130, so `entrypo\u0130ntss` is not lower case);
    // JavaScript's toLowerCase would make it 3 edits.
    expect(suggest("ENTRYPO\u0130NTSS", ["ENTRYPOINT"], false)).toBe("ENTRYPOINT");
    expect(suggest("entrypo\u0130ntss", ["ENTRYPOINT"], false)).toBe("entrypoint");
    expect(suggest("ENTRYPO\u0130NT", ["ENTRYPOINT"], false)).toBeUndefined();
  });

  test("the hint BuildKit appends", () => {
    expect(withSuggestion("unknown instruction: COPI", "COPI", ["COPY"], false)).toBe("unknown instruction: COPI (did you mean COPY?)");
    expect(withSuggestion("unknown flag: zzz", "zzz", ["from"], true)).toBe("unknown flag: zzz");
  });
});

test("none(): one frozen empty array, shared", () => {
  const empty = none<string>();
  expect(empty).toEqual([]);
  expect(Object.isFrozen(empty)).toBe(true);
  expect(none<number>()).toBe(empty);
});

describe("goToLower (Go's strings.ToLower: unicode.ToLower on every rune)", () => {
  test("ASCII, and the simple lowercase mapping of every other code point", () => {
    expect(goToLower("RuN --Mount")).toBe("run --mount");
    expect(goToLower("")).toBe("");
    // The Kelvin sign lowers to ASCII `k` (Go's unicode.CaseRanges: U+212A, -8383), and U+0130
    // to `i` (-199): JavaScript's full mapping makes it `i` and U+0307.
    expect(goToLower("WOR\u212ADIR")).toBe("workdir");
    expect(goToLower("ENTRYPO\u0130NT")).toBe("entrypoint");
    expect("\u0130".toLowerCase()).toBe("i\u0307");
    // No final-sigma context: Go lowers Σ to σ wherever it stands.
    expect(goToLower("ΟΔΟΣ")).toBe("οδοσ");
    // Lower case and uncased characters stay, `ı` and `ſ` too; astral letters lower.
    expect(goToLower("ıſß\u00c9😀\u{10400}")).toBe("ıſß\u00e9😀\u{10428}");
    expect(goToLower("A\u00c9B")).toBe("a\u00e9b");
  });
});
