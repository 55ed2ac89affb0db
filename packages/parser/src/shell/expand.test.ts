import { describe, expect, test } from "vitest";
import { type ExpandOptions, expand } from "./expand.js";

/**
 * The options and paths BuildKit's conformance cases (test/conformance/buildkit-shell.test.ts) do
 * not reach: the lexer's `escapeToken`, `SkipUnsetEnv`, `RawQuotes`/`RawEscapes`,
 * `SkipProcessQuotes`, the error messages of `ProcessWord`, and Go's `Regexp.ReplaceAllString`
 * (moby/buildkit frontend/dockerfile/shell/lex.go).
 */
const env = {
  x: "1",
  E: "",
  AB: "a  b",
  P: "a.b[c]d",
  S: "foo*bar",
  U: "a😀b😀c",
  FOO: "abcabc",
  ZERO: "<$0>",
  DOLLARS: "$$",
  BRACED: "${0}x",
  ONE: "$1",
  LONE: "$",
  TAIL: "$0$",
  OPEN: "${0",
  NAME: "${0x}",
  DASH: "$-0",
  PLUS: "a+b",
  // Values that start with a rune of two UTF-16 units, and with the last rune of one.
  ASTRAL: "😀a",
  LAST_BMP: "\uffffa",
};

describe("expand: values", () => {
  test.each<[string, ExpandOptions, string]>([
    ["a`$x", { escape: "`" }, "a$x"],
    ["\\$x", {}, "$x"],
    ["'$x'", { skipProcessQuotes: true }, "'1'"],
    ["\\$x", { rawEscapes: true }, "\\$x"],
    ['"\\$x"', { rawEscapes: true }, "\\$x"],
    ["'a'", { rawQuotes: true }, "'a'"],
    ['"a$x"', { rawQuotes: true }, '"a1"'],
    ["$y", { skipUnset: true }, "$y"],
    ["${y}", { skipUnset: true }, "${y}"],
    ["${y/a/b}", { skipUnset: true }, "${y/a/b}"],
    ["${y:-a}", { skipUnset: true }, "${y:-a}"],
    ["${y/a/b}", {}, ""],
    ["${P/./-}", {}, "a-b[c]d"],
    ["${P//[/-}", {}, "a.b-c]d"],
    ["${P//]/-}", {}, "a.b[c-d"],
    ["${S%\\*bar}", {}, "foo"],
    ["${S#foo\\*}", {}, "bar"],
    ["${S%%b*}", {}, "foo*"],
    ["${S%b\\*}", {}, "foo*bar"],
    // Empty matches advance one rune (a surrogate pair is one rune), as in Go's ReplaceAllString.
    ["${FOO///-}", {}, "-a-b-c-a-b-c-"],
    ["${U//?/-}", {}, "-----"],
    ["${U///-}", {}, "-a-😀-b-😀-c-"],
    ["${U//😀/-}", {}, "a-b-c"],
    ["${ASTRAL///-}", {}, "-😀-a-"],
    ["${LAST_BMP///-}", {}, "-\uffff-a-"],
    ["${FOO//*/-}", {}, "-"],
    ["${FOO//b*/-}", {}, "a-"],
    ["${FOO//c/}", {}, "abab"],
    // The replacement of `//` is a Go template: `$0` / `${0}` is the match, `$$` a dollar, other names empty.
    ["${FOO//b/$ZERO}", {}, "a<b>ca<b>c"],
    ["${FOO//b/$DOLLARS}", {}, "a$ca$c"],
    ["${FOO//b/$BRACED}", {}, "abxcabxc"],
    ["${FOO//b/$ONE}", {}, "acac"],
    ["${FOO//b/$LONE}", {}, "a$ca$c"],
    ["${FOO//b/$TAIL}", {}, "ab$cab$c"],
    ["${FOO//b/$OPEN}", {}, "a${0ca${0c"],
    ["${FOO//b/$NAME}", {}, "acac"],
    ["${FOO/b/$ZERO}", {}, "a<$0>cabc"],
    ["${FOO//b/$DASH}", {}, "a$-0ca$-0c"],
    ["${PLUS/+/-}", {}, "a-b"],
    // A pattern matches runes, not UTF-16 halves.
    ["${U#a?}", {}, "b😀c"],
    ["${FOO%b*}", {}, "abca"],
    ["${y#a}", {}, ""],
    ["$x", { skipUnset: true }, "1"],
    ["${x/1/2}", { skipUnset: true }, "2"],
  ])("%s %j", (word, options, value) => {
    expect(expand(word, env, options)).toMatchObject({ ok: true, value });
  });

  test("a lookup function, case-insensitive: the upper-cased name first, then the name as written", () => {
    const lookup = (name: string): string | undefined => ({ FOO: "upper", bar: "lower" })[name];
    expect(expand("$foo-$bar-$baz", lookup, { caseInsensitive: true })).toMatchObject({ ok: true, value: "upper-lower-" });
    expect(expand("$foo", lookup)).toMatchObject({ ok: true, value: "" });
  });
});

describe("expand: words (ProcessWords)", () => {
  test.each<[string, string[]]>([
    ["$AB c", ["a", "b", "c"]],
    ["a $AB", ["a", "a", "b"]],
    [" a ", ["a"]],
    // An empty quoted string is no word of its own (BuildKit's `inWord` with an empty buffer).
    ['"" a', ["a"]],
    ['"$AB" $AB', ["a  b", "a", "b"]],
    ["${x:+a b} c", ["a", "b", "c"]],
    // BuildKit's nested scan shares the word buffer: the `x` before it is lost.
    ["x${y:-a b}y", ["a", "by"]],
    ["a${AB}b", ["aa", "bb"]],
  ])("%s", (word, words) => {
    expect(expand(word, env)).toMatchObject({ ok: true, words });
  });
});

describe("expand: errors", () => {
  // A modifier without its argument is reported by the error that follows it, before the variable
  // is looked up; so is one BuildKit refuses before it reads the word (`processDollar`'s `default:`
  // and `nullIsUnset && rawEscapes`).
  test.each<[string, string]>([
    ["${x:-", "syntax error: missing '}'"],
    ['"${x:-"', "syntax error: missing '}'"],
    ["${x!a}", "unsupported modifier (!) in substitution"],
    ['"${x!a}"', "unsupported modifier (!) in substitution"],
    ["${x:#a}", "unsupported modifier (:#) in substitution"],
  ])("%s looks nothing up", (word, reason) => {
    expect(expand(word, env)).toMatchObject({ ok: false, reason, matched: [], unmatched: [] });
  });

  // `:` followed by an operator BuildKit does not know reads the word and looks the variable up first.
  test("${x:=a} looks x up, then refuses the modifier", () => {
    expect(expand("${x:=a}", env)).toMatchObject({ ok: false, reason: "unsupported modifier (:=) in substitution", matched: ["x"], unmatched: [] });
  });

  test.each<[string, string]>([
    ['"${x"', "unsupported modifier (\") in substitution"],
    ['"${x:-"', "syntax error: missing '}'"],
    ['"a\\"', "unexpected end of statement while looking for matching double-quote"],
    ["${x:-abc", "syntax error: missing '}'"],
    ["${x/a", "syntax error: missing '/' in ${}"],
    ["${x/a/b", "syntax error: missing '}'"],
    ["${FOO//}", "syntax error: missing '/' in ${}"],
    ["${x/\\q/b}", "invalid pattern (\\q) in substitution: invalid escape '\\q'"],
    ["${x%\\q}", "invalid pattern (\\q) in substitution: invalid escape '\\q'"],
    ["${y?}", "y: is not allowed to be unset"],
    ["${E:?}", "E: is not allowed to be empty"],
    ["${y?msg}", "y: msg"],
    ["${E:?msg}", "E: msg"],
    ["${x!a}", "unsupported modifier (!) in substitution"],
    // An error inside a nested scan keeps its message unless the scan ran to the end of the word.
    ["${x:-${y!a}}b", "unsupported modifier (!) in substitution"],
    ["${x:-'abc", "syntax error: missing '}'"],
    // An error raised once the scanner has read the last character is reworded as the missing end.
    ["${x:-${y?}", "syntax error: missing '}'"],
    ["${x/${y?}", "syntax error: missing '/' in ${}"],
    // A pattern that ends in its escape: Go's scanner reads the end of input, printed as U+FFFD.
    ["${x#'a\\'}", "invalid pattern (a\\) in substitution: invalid escape '\\\ufffd'"],
    // `%` reverses the pattern (an escape at its end stays first) and reports the reversed one.
    ["${x%'a\\'}", "invalid pattern (\\a) in substitution: invalid escape '\\a'"],
  ])("%s", (word, reason) => {
    expect(expand(word, env)).toMatchObject({ ok: false, reason, message: `failed to process ${JSON.stringify(word)}: ${reason}` });
  });
});
