import { describe, expect, test } from "vitest";
import {
  heredocsFromLine,
  heredocsOpenedBy,
  instructionName,
  isHeredocWord,
  parseHeredocWord,
  parseJsonArray,
  parseWords,
  splitCommand,
  splitHealthcheck,
  splitOnBlanks,
  splitOnceOnBlanks,
} from "./line.js";

// What BuildKit's frontend/dockerfile/parser functions of the same names give for one logical
// line, with the [start, end) offsets of each piece in that line (plus the base passed).

function span(value: string, start: number, end = start + value.length): { value: string; start: number; end: number } {
  return { value, start, end };
}

describe("splitCommand", () => {
  test("keyword and rest, trimmed of Go space", () => {
    expect(splitCommand("RUN echo hi")).toEqual({ keyword: span("RUN", 0), flags: [], rest: span("echo hi", 4) });
    expect(splitCommand(" \tRUN  echo hi \t\n")).toEqual({ keyword: span("RUN", 2), flags: [], rest: span("echo hi", 7) });
    expect(splitCommand("RUN")).toEqual({ keyword: span("RUN", 0), flags: [], rest: span("", 3) });
    expect(splitCommand("  RUN  ")).toEqual({ keyword: span("RUN", 2), flags: [], rest: span("", 5) });
    expect(splitCommand("")).toEqual({ keyword: span("", 0), flags: [], rest: span("", 0) });
    expect(splitCommand("  ")).toEqual({ keyword: span("", 2), flags: [], rest: span("", 2) });
    // The keyword ends at `[\t\v\f\r ]` only (BuildKit's tokenWhitespace), not at U+00A0.
    expect(splitCommand("RUN\u000bx").keyword.value).toBe("RUN");
    expect(splitCommand("RUN\u00a0x y").keyword.value).toBe("RUN\u00a0x");
    // The rest is trimmed of Go space (U+00A0 too), after the flags.
    expect(splitCommand("RUN \u00a0x\u00a0").rest).toEqual(span("x", 5));
  });

  test("flags: -- words before the arguments, quotes removed and escapes applied", () => {
    expect(splitCommand("COPY --from=a --chown=b x y")).toEqual({
      keyword: span("COPY", 0),
      flags: [span("--from=a", 5), span("--chown=b", 14)],
      rest: span("x y", 24),
    });
    expect(splitCommand("COPY --from='a b' x").flags).toEqual([span("--from=a b", 5, 17)]);
    expect(splitCommand('COPY --from="a\\"b" x').flags).toEqual([span('--from=a"b', 5, 18)]);
    expect(splitCommand("COPY --from=a\\ b x")).toMatchObject({ flags: [span("--from=a b", 5, 16)], rest: span("x", 17) });
    // An empty quoted flag is kept; `--` ends the flags and is no flag.
    expect(splitCommand("COPY --a='' x").flags).toEqual([span("--a=", 5, 11)]);
    expect(splitCommand("COPY -- --b x")).toMatchObject({ flags: [], rest: span("--b x", 8) });
    expect(splitCommand("COPY --a -- --b x")).toMatchObject({ flags: [span("--a", 5)], rest: span("--b x", 12) });
    // A word that does not start with -- ends them; `-x` is an argument.
    expect(splitCommand("COPY --a -x")).toMatchObject({ flags: [span("--a", 5)], rest: span("-x", 9) });
    expect(splitCommand("COPY - x")).toMatchObject({ flags: [], rest: span("- x", 5) });
    expect(splitCommand("COPY --a a--b")).toMatchObject({ flags: [span("--a", 5)], rest: span("a--b", 9) });
    // Flags to the end of the line: no rest.
    expect(splitCommand("COPY --a --b")).toMatchObject({ flags: [span("--a", 5), span("--b", 9)], rest: span("", 12) });
    expect(splitCommand("COPY --a --b \t")).toMatchObject({ flags: [span("--a", 5), span("--b", 9)], rest: span("", 12) });
    expect(splitCommand("COPY --")).toMatchObject({ flags: [], rest: span("", 7) });
    expect(splitCommand("COPY --'a")).toMatchObject({ flags: [span("--a", 5, 9)], rest: span("", 9) });
    // A trailing escape is dropped, in a word and in quotes.
    expect(splitCommand("COPY --a\\").flags).toEqual([span("--a", 5, 9)]);
    expect(splitCommand("COPY --a'b\\").flags).toEqual([span("--ab", 5, 11)]);
    // Blanks between flags: Latin-1 spaces too, read byte by byte.
    expect(splitCommand("COPY --a\t--b\u000bx")).toMatchObject({ flags: [span("--a", 5), span("--b", 9)], rest: span("x", 13) });
    expect(splitCommand("COPY --a \t --b\r--c x")).toMatchObject({ flags: [span("--a", 5), span("--b", 11), span("--c", 15)], rest: span("x", 19) });
    // Below U+0009 no byte is space.
    expect(splitCommand("COPY --a\u0001--b x")).toMatchObject({ flags: [span("--a\u0001--b", 5)], rest: span("x", 13) });
  });

  test("non-ASCII flags are re-encoded byte by byte, as BuildKit reads them", () => {
    expect(splitCommand("COPY --chown=\u00e9 x")).toMatchObject({ flags: [span("--chown=\u00c3\u00a9", 5, 14)], rest: span("x", 15) });
    // An astral character is four bytes and two UTF-16 units.
    expect(splitCommand("COPY --a=\u{1f600} x")).toMatchObject({ flags: [span("--a=\u00f0\u009f\u0098\u0080", 5, 11)], rest: span("x", 12) });
    // U+0085 and U+00A0 hold a byte Go's unicode.IsSpace takes for space when read as Latin-1.
    expect(splitCommand("COPY --a=\u00a0 x")).toMatchObject({ flags: [span("--a=\u00c2", 5, 9)], rest: span("x", 11) });
    expect(splitCommand("COPY --a=\u0085 x")).toMatchObject({ flags: [span("--a=\u00c2", 5, 9)], rest: span("x", 11) });
    // U+0080 is two bytes (the first non-ASCII character); U+FFFF three, and one UTF-16 unit.
    expect(splitCommand("COPY --a=\u0080 x")).toMatchObject({ flags: [span("--a=\u00c2\u0080", 5, 10)], rest: span("x", 11) });
    expect(splitCommand("COPY --a=\uffffb x")).toMatchObject({ flags: [span("--a=\u00ef\u00bf\u00bfb", 5, 11)], rest: span("x", 12) });
    // A flag that ends the line: its bytes are the line's, nothing read past its end.
    expect(splitCommand("COPY --a=\u00e9")).toEqual({ keyword: span("COPY", 0), flags: [span("--a=\u00c3\u00a9", 5, 10)], rest: span("", 10) });
  });
});

describe("instructionName (BuildKit's dispatch[strings.ToLower(cmd)], in capitals)", () => {
  test("any case; Go's lowering makes the Kelvin sign `k` and U+0130 `i`, not `ı` `I` nor `ſ` `S`", () => {
    expect(instructionName("run")).toBe("RUN");
    expect(instructionName("RuN")).toBe("RUN");
    expect(instructionName("WOR\u212ADIR")).toBe("WORKDIR");
    expect(instructionName("healthchec\u212A")).toBe("HEALTHCHECK");
    expect(instructionName("ENTRYPO\u0130NT")).toBe("ENTRYPOINT");
    expect(instructionName("onbu\u0130ld")).toBe("ONBUILD");
    expect(instructionName("EXPO\u017fE")).toBe("EXPO\u017fE");
    expect(instructionName("onbu\u0131ld")).toBe("ONBU\u0131LD");
    expect(instructionName("caf\u00c9x")).toBe("CAF\u00e9X");
    expect(instructionName("\u0131\u017f")).toBe("\u0131\u017f");
    expect(instructionName("")).toBe("");
  });
});

describe("parseWords (ENV, LABEL, ARG)", () => {
  test("words split on Go space outside quotes; quotes and escapes kept", () => {
    expect(parseWords("a b", 10, "\\")).toEqual([span("a", 10), span("b", 12)]);
    expect(parseWords("  a\u00a0 b  ", 0, "\\")).toEqual([span("a", 2), span("b", 5)]);
    expect(parseWords("a='x y' b", 0, "\\")).toEqual([span("a='x y'", 0), span("b", 8)]);
    expect(parseWords('a="x \\" y"', 0, "\\")).toEqual([span('a="x \\" y"', 0)]);
    expect(parseWords("a='x \\' y'", 0, "\\")).toEqual([span("a='x \\'", 0), span("y'", 8)]);
    expect(parseWords("a\\ b c", 0, "\\")).toEqual([span("a\\ b", 0), span("c", 5)]);
    expect(parseWords("a` b c", 0, "`")).toEqual([span("a` b", 0), span("c", 5)]);
    expect(parseWords("a\\ b", 0, "`")).toEqual([span("a\\", 0), span("b", 3)]);
    expect(parseWords("", 0, "\\")).toEqual([]);
    expect(parseWords("   ", 0, "\\")).toEqual([]);
    // NUL is a character like any other.
    expect(parseWords("a\u0000b c", 0, "\\")).toEqual([span("a\u0000b", 0), span("c", 4)]);
    // An escape protects one character, then the word goes on: the blank after it ends the word.
    expect(parseWords("a\\b c", 0, "\\")).toEqual([span("a\\b", 0), span("c", 4)]);
    // U+FFFF is one unit, not the first of two, alone or after an escape.
    expect(parseWords("\uffff b", 0, "\\")).toEqual([span("\uffff", 0), span("b", 2)]);
    expect(parseWords("\\\uffff b", 0, "\\")).toEqual([span("\\\uffff", 0), span("b", 3)]);
  });

  test("empty quotes make a word; a trailing escape is dropped", () => {
    expect(parseWords("'' b", 0, "\\")).toEqual([span("''", 0), span("b", 3)]);
    expect(parseWords("a\\", 0, "\\")).toEqual([span("a", 0, 2)]);
    // A word that is only a trailing escape is no word.
    expect(parseWords("\\", 0, "\\")).toEqual([]);
    expect(parseWords("a \\", 0, "\\")).toEqual([span("a", 0)]);
    expect(parseWords('"a\\', 0, "\\")).toEqual([span('"a', 0, 3)]);
    expect(parseWords('"a b', 0, "\\")).toEqual([span('"a b', 0)]);
  });

  test("astral characters are one character, two units", () => {
    expect(parseWords("\u{1f600} b", 0, "\\")).toEqual([span("\u{1f600}", 0), span("b", 3)]);
    expect(parseWords("a\\\u{1f600}b c", 0, "\\")).toEqual([span("a\\\u{1f600}b", 0), span("c", 6)]);
    expect(parseWords("'\\\u{1f600}' c", 0, "\\")).toEqual([span("'\\\u{1f600}'", 0), span("c", 6)]);
    expect(parseWords('"\\\u{1f600}" c', 0, "\\")).toEqual([span('"\\\u{1f600}"', 0), span("c", 6)]);
  });
});

describe("splitOnBlanks, splitOnceOnBlanks (tokenWhitespace.Split)", () => {
  test("every piece, empty ones too", () => {
    expect(splitOnBlanks("a  b\tc", 3)).toEqual([span("a", 3), span("b", 6), span("c", 8)]);
    expect(splitOnBlanks(" a ", 0)).toEqual([span("", 0), span("a", 1), span("", 3)]);
    expect(splitOnBlanks("a\u00a0b", 0)).toEqual([span("a\u00a0b", 0)]);
    expect(splitOnBlanks("", 0)).toEqual([span("", 0)]);
  });

  test("at most two pieces", () => {
    expect(splitOnceOnBlanks("a  b c", 3)).toEqual([span("a", 3), span("b c", 6)]);
    expect(splitOnceOnBlanks("a", 3)).toEqual([span("a", 3)]);
    expect(splitOnceOnBlanks("a ", 0)).toEqual([span("a", 0), span("", 2)]);
    expect(splitOnceOnBlanks("", 0)).toEqual([span("", 0)]);
  });
});

describe("parseJsonArray (parseJSON)", () => {
  test("an array of strings, each with its quoted source", () => {
    expect(parseJsonArray('["a", "b c"]', 5)).toEqual({ kind: "strings", elements: [span("a", 6, 9), span("b c", 11, 16)] });
    expect(parseJsonArray(' \t["a\\"b", "\\\\"]', 0)).toEqual({ kind: "strings", elements: [span('a"b', 3, 9), span("\\", 11, 15)] });
    expect(parseJsonArray("[]", 0)).toEqual({ kind: "strings", elements: [] });
    // Go space before the array is trimmed (strings.TrimLeftFunc(rest, unicode.IsSpace)), JSON's own or not.
    expect(parseJsonArray('\u000b\u00a0["a"]', 0)).toEqual({ kind: "strings", elements: [span("a", 3, 6)] });
    expect(parseJsonArray('[ "\\u0041" ]', 0)).toEqual({ kind: "strings", elements: [span("A", 2, 10)] });
    // Go's decoder makes an unpaired surrogate U+FFFD; a pair stays one character.
    expect(parseJsonArray('["\\ud800", "\\udc00x", "\\ud83d\\ude00"]', 0)).toMatchObject({
      kind: "strings",
      elements: [{ value: "\ufffd" }, { value: "\ufffdx" }, { value: "\u{1f600}" }],
    });
  });

  test("other arrays are BuildKit's error; what Go cannot decode is the shell form", () => {
    expect(parseJsonArray('["a", 1]', 0)).toEqual({ kind: "not-strings" });
    expect(parseJsonArray("[null]", 0)).toEqual({ kind: "not-strings" });
    expect(parseJsonArray("[1e400]", 0)).toEqual({ kind: "invalid" });
    expect(parseJsonArray('["a", 1e400]', 0)).toEqual({ kind: "invalid" });
    expect(parseJsonArray('{"a": 1}', 0)).toEqual({ kind: "invalid" });
    expect(parseJsonArray('["a"', 0)).toEqual({ kind: "invalid" });
    expect(parseJsonArray('x ["a"]', 0)).toEqual({ kind: "invalid" });
    expect(parseJsonArray("", 0)).toEqual({ kind: "invalid" });
    expect(parseJsonArray('"a"', 0)).toEqual({ kind: "invalid" });
  });
});

describe("splitHealthcheck", () => {
  test("the type word and the rest", () => {
    expect(splitHealthcheck("CMD curl x", 4)).toEqual({ type: span("CMD", 4), rest: span("curl x", 8) });
    expect(splitHealthcheck("NONE", 0)).toEqual({ type: span("NONE", 0), rest: span("", 4) });
    expect(splitHealthcheck("CMD \t [\"a\"]", 0)).toEqual({ type: span("CMD", 0), rest: span('["a"]', 6) });
    expect(splitHealthcheck("CMD\u00a0x", 0)).toEqual({ type: span("CMD", 0), rest: span("x", 4) });
    expect(splitHealthcheck("CMD\u0085x", 0)).toEqual({ type: span("CMD", 0), rest: span("x", 4) });
    expect(splitHealthcheck("CMD\rx", 0)).toEqual({ type: span("CMD", 0), rest: span("x", 4) });
    expect(splitHealthcheck("CMD\u0001x", 0)).toEqual({ type: span("CMD\u0001x", 0), rest: span("", 5) });
    expect(splitHealthcheck("", 0)).toBeNull();
    expect(splitHealthcheck(" CMD", 0)).toBeNull();
  });
});

describe("heredoc words (ParseHeredoc)", () => {
  test("markers", () => {
    expect(parseHeredocWord("<<EOF")).toEqual({ name: "EOF", fileDescriptor: 0, chomp: false, expand: true });
    expect(parseHeredocWord("<<-EOF")).toEqual({ name: "EOF", fileDescriptor: 0, chomp: true, expand: true });
    expect(parseHeredocWord("3<<EOF")).toEqual({ name: "EOF", fileDescriptor: 3, chomp: false, expand: true });
    expect(parseHeredocWord("<<'EOF'")).toEqual({ name: "EOF", fileDescriptor: 0, chomp: false, expand: false });
    expect(parseHeredocWord('<<E"O"F')).toEqual({ name: "EOF", fileDescriptor: 0, chomp: false, expand: false });
    expect(parseHeredocWord("<< EOF")).toEqual({ name: "EOF", fileDescriptor: 0, chomp: false, expand: true });
    // A quote kept inside other quotes is part of the name, and still unexpanded.
    expect(parseHeredocWord(`<<"it's"`)).toEqual({ name: "it's", fileDescriptor: 0, chomp: false, expand: false });
    // The word is lexed with unset variables kept as written (shlex.SkipUnsetEnv).
    expect(parseHeredocWord("<<$EOF")).toEqual({ name: "$EOF", fileDescriptor: 0, chomp: false, expand: true });
  });

  test("not markers, and lexing errors", () => {
    expect(parseHeredocWord("<<")).toBeNull();
    expect(parseHeredocWord("<<<EOF")).toBeNull();
    expect(parseHeredocWord("a<<EOF")).toBeNull();
    expect(parseHeredocWord("<<A B")).toBeNull();
    expect(parseHeredocWord("<<''")).toBeNull();
    expect(parseHeredocWord("<<'EOF")).toEqual({ error: `failed to process "'EOF": unexpected end of statement while looking for matching single-quote` });
    expect(isHeredocWord("<<EOF")).toBe(true);
    expect(isHeredocWord("<<'EOF")).toBe(false);
    expect(isHeredocWord("EOF")).toBe(false);
  });

  test("heredocsFromLine: every marker word of the line", () => {
    expect(heredocsFromLine("COPY <<A <<-B /")).toEqual([
      { name: "A", fileDescriptor: 0, chomp: false, expand: true },
      { name: "B", fileDescriptor: 0, chomp: true, expand: true },
    ]);
    expect(heredocsFromLine("RUN echo '<<A'")).toEqual([]);
    // The line is lexed keeping quotes and escapes, each word then read by ParseHeredoc.
    expect(heredocsFromLine("RUN <<'EOF'")).toEqual([{ name: "EOF", fileDescriptor: 0, chomp: false, expand: false }]);
    expect(heredocsFromLine('RUN <<E\\"OF')).toEqual([{ name: 'E"OF', fileDescriptor: 0, chomp: false, expand: true }]);
    expect(heredocsFromLine("RUN <<$EOF")).toEqual([{ name: "$EOF", fileDescriptor: 0, chomp: false, expand: true }]);
    expect(heredocsFromLine("RUN 'unclosed")).toEqual([]);
    expect(heredocsFromLine("RUN <<'A")).toEqual([]);
  });

  test("heredocsOpenedBy: ADD, COPY and RUN (also under ONBUILD), not in exec form", () => {
    const eof = [{ name: "EOF", fileDescriptor: 0, chomp: false, expand: true }];
    expect(heredocsOpenedBy("RUN <<EOF")).toEqual(eof);
    expect(heredocsOpenedBy("copy <<EOF /")).toEqual(eof);
    expect(heredocsOpenedBy("ADD <<EOF /")).toEqual(eof);
    expect(heredocsOpenedBy("ONBUILD RUN <<EOF")).toEqual(eof);
    expect(heredocsOpenedBy("CMD <<EOF")).toEqual([]);
    expect(heredocsOpenedBy("ONBUILD CMD <<EOF")).toEqual([]);
    expect(heredocsOpenedBy("ONBUILD")).toEqual([]);
    expect(heredocsOpenedBy("RUN echo")).toEqual([]);
    expect(heredocsOpenedBy('RUN ["<<EOF"]')).toEqual([]);
    expect(heredocsOpenedBy('RUN ["<<EOF", 1]')).toEqual([]);
    expect(heredocsOpenedBy("RUN [ <<EOF")).toEqual(eof);
    expect(heredocsOpenedBy("RUN --mount=x <<EOF")).toEqual(eof);
    // The keywords as BuildKit's parser.go looks them up (strings.ToLower).
    expect(heredocsOpenedBy("ONBU\u0130LD RUN <<EOF")).toEqual(eof);
    expect(heredocsOpenedBy("ONBU\u0131LD RUN <<EOF")).toEqual([]);
  });
});
