import { describe, expect, test } from "vitest";
import { type WordPart, findSyntaxError, parseWord } from "./word.js";

/**
 * The tree `parseWord` builds and the messages of its errors, which `expand` (and BuildKit's
 * conformance cases through it) mostly do not show: `expand` rewords an error at the end of a
 * nested scan itself and never reads offsets (moby/buildkit frontend/dockerfile/shell/lex.go).
 */
describe("parseWord: parts and offsets", () => {
  test.each<[string, WordPart[]]>([
    // A rune of two UTF-16 units is one character: the escape takes both.
    ["\\😀", [{ type: "Escape", char: "😀", start: 0, end: 3 }]],
    ["\\\u{10000}", [{ type: "Escape", char: "\u{10000}", start: 0, end: 3 }]],
    ["\\\u{10ffff}", [{ type: "Escape", char: "\u{10ffff}", start: 0, end: 3 }]],
    // Above the surrogates, one unit is one rune again.
    [
      "\\\uff01x",
      [
        { type: "Escape", char: "\uff01", start: 0, end: 2 },
        { type: "Literal", value: "x", start: 2, end: 3 },
      ],
    ],
    [
      "a\\",
      [
        { type: "Literal", value: "a", start: 0, end: 1 },
        { type: "Escape", char: null, start: 1, end: 2 },
      ],
    ],
    [
      "'a'b",
      [
        { type: "SingleQuoted", value: "a", start: 0, end: 3 },
        { type: "Literal", value: "b", start: 3, end: 4 },
      ],
    ],
    ['"$x"', [{ type: "DoubleQuoted", parts: [{ type: "Variable", name: "x", braced: false, start: 1, end: 3 }], start: 0, end: 4 }]],
    // `<` and `<<` with the blanks after it never split into words.
    [
      "a<b",
      [
        { type: "Literal", value: "a", start: 0, end: 1 },
        { type: "RawText", value: "<", start: 1, end: 2 },
        { type: "Literal", value: "b", start: 2, end: 3 },
      ],
    ],
    [
      "<< \t\rEOF",
      [
        { type: "RawText", value: "<< \t\r", start: 0, end: 5 },
        { type: "Literal", value: "EOF", start: 5, end: 8 },
      ],
    ],
    ["$a_b", [{ type: "Variable", name: "a_b", braced: false, start: 0, end: 4 }]],
    [
      "$12x",
      [
        { type: "Variable", name: "12", braced: false, start: 0, end: 3 },
        { type: "Literal", value: "x", start: 3, end: 4 },
      ],
    ],
    // Scanning stops at the first error, inside double quotes and nested scans too.
    [
      '"${x!a}b"',
      [
        {
          type: "DoubleQuoted",
          parts: [
            { type: "Variable", name: "x", braced: true, modifier: "!", start: 1, end: 5 },
            { type: "Error", message: "unsupported modifier (!) in substitution", position: 5, start: 1, end: 5 },
          ],
          start: 0,
          end: 5,
        },
      ],
    ],
    [
      "${x!a}b",
      [
        { type: "Variable", name: "x", braced: true, modifier: "!", start: 0, end: 4 },
        { type: "Error", message: "unsupported modifier (!) in substitution", position: 4, start: 0, end: 4 },
      ],
    ],
    [
      '${x:-"a',
      [
        {
          type: "Variable",
          name: "x",
          braced: true,
          modifier: ":-",
          argument: [
            {
              type: "DoubleQuoted",
              parts: [
                { type: "Literal", value: "a", start: 6, end: 7 },
                { type: "Error", message: "syntax error: missing '}'", position: 7, start: 5, end: 7 },
              ],
              start: 5,
              end: 7,
            },
          ],
          start: 0,
          end: 7,
        },
      ],
    ],
  ])("%j", (word, parts) => {
    expect(parseWord(word)).toEqual(parts);
  });

  test("the escape character is `\\` unless told; Go prints the end of input as U+FFFD in a modifier", () => {
    expect(parseWord("a\\b")).toEqual([
      { type: "Literal", value: "a", start: 0, end: 1 },
      { type: "Escape", char: "b", start: 1, end: 3 },
    ]);
    expect(parseWord("${x:")[0]).toMatchObject({ type: "Variable", name: "x", modifier: ":\ufffd" });
  });
});

describe("findSyntaxError", () => {
  test.each<[string, string]>([
    ["'abc", "unexpected end of statement while looking for matching single-quote"],
    ["${", "syntax error: missing '}'"],
    ["${{x}", "syntax error: bad substitution"],
    ["${}", "syntax error: bad substitution"],
    // BuildKit refuses the end of input as a modifier before it reads any word.
    ["${x", "unsupported modifier (\ufffd) in substitution"],
    // An error that leaves the scanner at the end is reworded as what is missing.
    ["${x/a", "syntax error: missing '/' in ${}"],
    ["${x/a/b", "syntax error: missing '}'"],
    ["${x:-abc", "syntax error: missing '}'"],
    ["a${x!b}", "unsupported modifier (!) in substitution"],
  ])("%j: %s", (word, message) => {
    expect(findSyntaxError(parseWord(word))?.message).toBe(message);
  });

  test("a word without error has none", () => {
    expect(findSyntaxError(parseWord('a"${x:-b}"c'))).toBeUndefined();
  });
});
