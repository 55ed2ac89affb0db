/**
 * The lexer's tokens, type and text, for the lines that take each of its decisions one way and the
 * other. Where a decision is BuildKit's reading of the physical lines (frontend/dockerfile/parser:
 * `trimNewline`, the continuation pattern `([^\\])\\[ \t]*$`, `isComment`, `isEmptyContinuationLine`,
 * the directive parser in frontend/dockerfile/linter/directives), the case says which.
 */
import { describe, expect, test } from "vitest";
import { joinTokens, matchDirective, tokenize, tokenizeFrom } from "./lexer.js";

/** Each token's type and image. */
function lexed(text: string): [string, string][] {
  return tokenize(text).tokens.map((token) => [token.tokenType.name, token.image]);
}

/** The types and images of an instruction line `RUN a`, to keep the cases short. */
const RUN_B: [string, string][] = [
  ["Keyword", "RUN"],
  ["Whitespace", " "],
  ["FirstArgText", "b"],
  ["InstructionEnd", "\n"],
];

describe("the line mode", () => {
  test("a byte-order mark only at the start of the file; elsewhere it is text", () => {
    expect(lexed("\uFEFF\uFEFFRUN b\n")).toEqual([["Bom", "\uFEFF"], ["Keyword", "\uFEFFRUN"], ...RUN_B.slice(1)]);
    expect(lexed("RUN b\n\uFEFFRUN b\n")).toEqual([...RUN_B, ["Keyword", "\uFEFFRUN"], ...RUN_B.slice(1)]);
  });

  test("indentation is Go's Unicode space, not the CR of a line end", () => {
    expect(lexed("\u00a0\u2003\t\u0085RUN b\n")).toEqual([["Indent", "\u00a0\u2003\t\u0085"], ...RUN_B]);
    expect(lexed("  \r\n\r RUN b\n")).toEqual([["Indent", "  "], ["LineEnd", "\r\n"], ["Indent", "\r "], ...RUN_B]);
    expect(lexed("  \r")).toEqual([["Indent", "  "], ["LineEnd", "\r"]]);
    expect(lexed(" \t\nRUN b\n")).toEqual([["Indent", " \t"], ["LineEnd", "\n"], ...RUN_B]);
  });

  test("a line end is `\\r*\\n`, or the `\\r`s that end the text (BuildKit's trimNewline)", () => {
    expect(lexed("\r\r\n\n")).toEqual([["LineEnd", "\r\r\n"], ["LineEnd", "\n"]]);
    expect(lexed("\r\r")).toEqual([["LineEnd", "\r\r"]]);
    expect(lexed("RUN b\r\r\nRUN b\r")).toEqual([...RUN_B.slice(0, 3), ["InstructionEnd", "\r\r\n"], ...RUN_B.slice(0, 3), ["InstructionEnd", "\r"]]);
    // A CR not before the line end is a blank inside the line.
    expect(lexed("RUN b\rc\n")).toEqual([...RUN_B.slice(0, 2), ["FirstArgText", "b\rc"], ["InstructionEnd", "\n"]]);
  });

  test("comments, and the text of a comment line without its line end", () => {
    expect(lexed("# a\r\n  # b\n# c")).toEqual([["Comment", "# a"], ["LineEnd", "\r\n"], ["Indent", "  "], ["Comment", "# b"], ["LineEnd", "\n"], ["Comment", "# c"]]);
  });
});

describe("the keyword", () => {
  test("ends at any of BuildKit's blanks `[\\t\\v\\f\\r ]`, or at a continuation, not at another escape", () => {
    for (const blank of ["\u000b", "\u000c", "\r"]) expect(lexed(`RUN${blank}b\n`), JSON.stringify(blank)).toEqual([["Keyword", "RUN"], ["Whitespace", blank], ...RUN_B.slice(2)]);
    expect(lexed("RU\\N b\n")).toEqual([["Keyword", "RU\\N"], ...RUN_B.slice(1)]);
  });
});

describe("parser directives", () => {
  test("directives at the top set the escape character, indented, after a BOM, in any case, with blanks around `=`", () => {
    const text = "\uFEFF  #  syntax = x  \r\n#ESCAPE=`\nRUN a `\n b\n";
    expect(lexed(text)).toEqual([
      ["Bom", "\uFEFF"],
      ["Indent", "  "],
      ["Directive", "#  syntax = x  "],
      ["LineEnd", "\r\n"],
      ["Directive", "#ESCAPE=`"],
      ["LineEnd", "\n"],
      ["Keyword", "RUN"],
      ["Whitespace", " "],
      ["FirstArgText", "a "],
      ["Continuation", "`\n"],
      ["Whitespace", " "],
      ["ArgText", "b"],
      ["InstructionEnd", "\n"],
    ]);
    expect(tokenize(text).escape).toBe("`");
    expect(tokenize("# check=skip=all\n# escape=`\n").escape).toBe("`");
    // Another key's value is not the escape character.
    expect(tokenize("# syntax=`\nRUN a `\n b\n").escape).toBe("\\");
  });

  test("a directive is a comment line: `key=value` without `#` is an instruction (BuildKit's pattern starts with `#`)", () => {
    expect(lexed("Xescape=`\nRUN a `\n")).toEqual([
      ["Keyword", "Xescape=`"],
      ["InstructionEnd", "\n"],
      ["Keyword", "RUN"],
      ["Whitespace", " "],
      ["FirstArgText", "a `"],
      ["InstructionEnd", "\n"],
    ]);
    expect(tokenize("Xescape=`\n").escape).toBe("\\");
  });

  test("a blank line, a comment, an unknown key or an instruction ends the directives", () => {
    for (const before of ["# syntax=a\n\n", "# syntax=a\r\n\r\n", "# hello\n", "# foo=bar\n", "RUN b\n"]) {
      const { tokens, escape } = tokenize(`${before}# escape=\`\n`);
      expect(escape, JSON.stringify(before)).toBe("\\");
      expect(tokens.map((token) => token.tokenType.name).filter((name) => name === "Comment" || name === "Directive").at(-1), JSON.stringify(before)).toBe("Comment");
    }
  });

  test("only the first escape directive counts, and only `\\` or a backtick", () => {
    expect(tokenize("# escape=`\n# escape=\\\nRUN a\n").escape).toBe("`");
    expect(lexed("# escape=x\nRUN a \\\n b\n").slice(0, 6)).toEqual([
      ["Directive", "# escape=x"],
      ["LineEnd", "\n"],
      ["Keyword", "RUN"],
      ["Whitespace", " "],
      ["FirstArgText", "a "],
      ["Continuation", "\\\n"],
    ]);
    expect(tokenize("# escape=x\n").escape).toBe("\\");
    expect(tokenize("# escape=\\\n# escape=`\n").escape).toBe("\\");
  });

  test("matchDirective reads BuildKit's `^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$` for the known keys", () => {
    expect(matchDirective("#  Syntax = docker/dockerfile:1  ")).toEqual({ name: "syntax", value: "docker/dockerfile:1" });
    expect(matchDirective("#\u00a0escape=`")).toEqual({ name: "escape", value: "`" });
    expect(matchDirective("#check=skip=all;error=true")).toEqual({ name: "check", value: "skip=all;error=true" });
    expect(matchDirective("# foo=bar")).toBeNull();
    expect(matchDirective("# 1syntax=x")).toBeNull();
    expect(matchDirective("# syntax=")).toBeNull();
    expect(matchDirective("# syntax")).toBeNull();
    expect(matchDirective("#")).toBeNull();
  });
});

describe("line continuations (BuildKit's `([^\\\\])\\\\[ \\t]*$|^\\\\[ \\t]*$` on the line without its line end)", () => {
  test("the escape, blanks after it and the line end", () => {
    expect(lexed("RUN a \\ \t\r\n  b\n")).toEqual([
      ["Keyword", "RUN"],
      ["Whitespace", " "],
      ["FirstArgText", "a "],
      ["Continuation", "\\ \t\r\n"],
      ["Whitespace", "  "],
      ["ArgText", "b"],
      ["InstructionEnd", "\n"],
    ]);
    expect(lexed("RUN a\\\r\r\nb\\")).toEqual([
      ["Keyword", "RUN"],
      ["Whitespace", " "],
      ["FirstArgText", "a"],
      ["Continuation", "\\\r\r\n"],
      ["ArgText", "b"],
      ["Continuation", "\\"],
    ]);
    expect(lexed("RUN a\u000b\u000c\\\n b\n").slice(2, 4)).toEqual([
      ["FirstArgText", "a\u000b\u000c"],
      ["Continuation", "\\\n"],
    ]);
  });

  test("not after another escape, nor before other text, nor before a CR that is not the line end", () => {
    for (const line of ["a \\\\", "a\\\\\\", "a \\ x", "a \\\r "]) {
      expect(lexed(`RUN ${line}\nRUN b\n`), JSON.stringify(line)).toEqual([["Keyword", "RUN"], ["Whitespace", " "], ["FirstArgText", line], ["InstructionEnd", "\n"], ...RUN_B]);
    }
  });

  test("a keyword cut by a continuation, and a first line that is only the escape", () => {
    expect(lexed("RU\\\nN b\n")).toEqual([["Keyword", "RU"], ["Continuation", "\\\n"], ["FirstArgText", "N b"], ["InstructionEnd", "\n"]]);
    expect(lexed("\\ \r\nRUN b\n")).toEqual([["LeadingContinuation", "\\ \r\n"], ["DeferredKeyword", "RUN"], ...RUN_B.slice(1)]);
    expect(lexed("RUN b\n  \\\n  RUN b\n")).toEqual([...RUN_B, ["Indent", "  "], ["LeadingContinuation", "\\\n"], ["Whitespace", "  "], ["DeferredKeyword", "RUN"], ...RUN_B.slice(1)]);
    expect(lexed("# escape=`\n`\nRUN b\n").slice(2)).toEqual([["LeadingContinuation", "`\n"], ["DeferredKeyword", "RUN"], ...RUN_B.slice(1)]);
    expect(lexed("RUN \\\n\\\n b\n")).toEqual([
      ["Keyword", "RUN"],
      ["Whitespace", " "],
      ["Continuation", "\\\n"],
      ["Continuation", "\\\n"],
      ["Whitespace", " "],
      ["FirstArgText", "b"],
      ["InstructionEnd", "\n"],
    ]);
  });

  test("comment and blank lines inside a continuation (BuildKit skips them), after a leading continuation too", () => {
    expect(lexed("RUN b \\\n \u00a0# c\n\t\n  \r\n d\n")).toEqual([
      ["Keyword", "RUN"],
      ["Whitespace", " "],
      ["FirstArgText", "b "],
      ["Continuation", "\\\n"],
      ["ContinuationComment", " \u00a0# c\n"],
      ["EmptyContinuationLine", "\t\n"],
      ["EmptyContinuationLine", "  \r\n"],
      ["Whitespace", " "],
      ["ArgText", "d"],
      ["InstructionEnd", "\n"],
    ]);
    expect(lexed("\\\n# c\n\nRUN b\n")).toEqual([
      ["LeadingContinuation", "\\\n"],
      ["ContinuationComment", "# c\n"],
      ["EmptyContinuationLine", "\n"],
      ["DeferredKeyword", "RUN"],
      ...RUN_B.slice(1),
    ]);
    expect(lexed("RUN b \\\n# c")).toEqual([["Keyword", "RUN"], ["Whitespace", " "], ["FirstArgText", "b "], ["Continuation", "\\\n"], ["ContinuationComment", "# c"]]);
    expect(lexed("RUN b \\\n  ")).toEqual([["Keyword", "RUN"], ["Whitespace", " "], ["FirstArgText", "b "], ["Continuation", "\\\n"], ["EmptyContinuationLine", "  "]]);
    expect(lexed("RUN b \\\n")).toEqual([["Keyword", "RUN"], ["Whitespace", " "], ["FirstArgText", "b "], ["Continuation", "\\\n"]]);
    // One line at a time: a blank line, then a comment line.
    expect(lexed("RUN b \\\n\n# c\n d\n").slice(4)).toEqual([["EmptyContinuationLine", "\n"], ["ContinuationComment", "# c\n"], ["Whitespace", " "], ["ArgText", "d"], ["InstructionEnd", "\n"]]);
    // Only at the start of a line inside a continuation: elsewhere `#` is text.
    expect(lexed("RUN # not a comment\n")).toEqual([["Keyword", "RUN"], ["Whitespace", " "], ["FirstArgText", "# not a comment"], ["InstructionEnd", "\n"]]);
  });
});

describe("flags", () => {
  test("quotes group a flag word and the escape protects the next character; a word ends at an unquoted blank", () => {
    expect(lexed("COPY --a='b c' --d=e\\ f --g=\"h\\\"i\" --j=\\\\k\rx\n")).toEqual([
      ["Keyword", "COPY"],
      ["Whitespace", " "],
      ["Flag", "--a='b c'"],
      ["Whitespace", " "],
      ["Flag", "--d=e\\ f"],
      ["Whitespace", " "],
      ["Flag", '--g="h\\"i"'],
      ["Whitespace", " "],
      ["Flag", "--j=\\\\k"],
      ["Whitespace", "\r"],
      ["FirstArgText", "x"],
      ["InstructionEnd", "\n"],
    ]);
    expect(lexed('COPY --a="x y\n').slice(2)).toEqual([["Flag", '--a="x y'], ["InstructionEnd", "\n"]]);
    expect(lexed("COPY --a\u000b--b\u000cx\n").slice(2)).toEqual([["Flag", "--a"], ["Whitespace", "\u000b"], ["Flag", "--b"], ["Whitespace", "\u000c"], ["FirstArgText", "x"], ["InstructionEnd", "\n"]]);
    // An escape protects a CR inside the line, not a line end: after `\\` a third `\\` is no continuation either.
    expect(lexed("COPY --a=\\\rb x\n").slice(2)).toEqual([["Flag", "--a=\\\rb"], ["Whitespace", " "], ["FirstArgText", "x"], ["InstructionEnd", "\n"]]);
    for (const end of ["\n", "\r\n"]) expect(lexed(`COPY --a=\\\\\\${end}RUN b\n`).slice(2), JSON.stringify(end)).toEqual([["Flag", "--a=\\\\\\"], ["InstructionEnd", end], ...RUN_B]);
    expect(lexed("COPY --a=x\r\n").slice(2)).toEqual([["Flag", "--a=x"], ["InstructionEnd", "\r\n"]]);
    expect(lexed("COPY -a x\n").slice(2)).toEqual([["FirstArgText", "-a x"], ["InstructionEnd", "\n"]]);
    expect(lexed("COPY a-b c\n").slice(2)).toEqual([["FirstArgText", "a-b c"], ["InstructionEnd", "\n"]]);
    // A quote does not run past the line end; a CR inside the line is quoted text.
    expect(lexed('COPY --a="x\r\n').slice(2)).toEqual([["Flag", '--a="x'], ["InstructionEnd", "\r\n"]]);
    expect(lexed('COPY --a="x\ry z" b\n').slice(2)).toEqual([["Flag", '--a="x\ry z"'], ["Whitespace", " "], ["FirstArgText", "b"], ["InstructionEnd", "\n"]]);
  });

  test("a flag cut by a continuation goes on in the next line's flag token, past comment lines", () => {
    expect(lexed("COPY --a=\\\r\nb --c\\\n# d\n=e x\n")).toEqual([
      ["Keyword", "COPY"],
      ["Whitespace", " "],
      ["Flag", "--a="],
      ["Continuation", "\\\r\n"],
      ["Flag", "b"],
      ["Whitespace", " "],
      ["Flag", "--c"],
      ["Continuation", "\\\n"],
      ["ContinuationComment", "# d\n"],
      ["Flag", "=e"],
      ["Whitespace", " "],
      ["FirstArgText", "x"],
      ["InstructionEnd", "\n"],
    ]);
    // After a whole flag and a continuation, a word without `--` is the first argument.
    expect(lexed("COPY --a \\\n  b\n").slice(2)).toEqual([["Flag", "--a"], ["Whitespace", " "], ["Continuation", "\\\n"], ["Whitespace", "  "], ["FirstArgText", "b"], ["InstructionEnd", "\n"]]);
    expect(lexed("COPY --a=\\")).toEqual([["Keyword", "COPY"], ["Whitespace", " "], ["Flag", "--a="], ["Continuation", "\\"]]);
    // The next line starts with blanks: the cut word ended at the continuation.
    expect(lexed("COPY --a\\\n  --b x\n").slice(2)).toEqual([["Flag", "--a"], ["Continuation", "\\\n"], ["Whitespace", "  "], ["Flag", "--b"], ["Whitespace", " "], ["FirstArgText", "x"], ["InstructionEnd", "\n"]]);
    // A line that is only a continuation: the word goes on after it, `--a-b`.
    expect(lexed("COPY --a\\\n\\\n-b x\n").slice(2)).toEqual([["Flag", "--a"], ["Continuation", "\\\n"], ["Continuation", "\\\n"], ["Flag", "-b"], ["Whitespace", " "], ["FirstArgText", "x"], ["InstructionEnd", "\n"]]);
    expect(lexed("COPY --a=\\\\")).toEqual([["Keyword", "COPY"], ["Whitespace", " "], ["Flag", "--a=\\\\"]]);
  });

  test("a bare `--` ends the flags, unless a continuation cuts it", () => {
    expect(lexed("COPY --a -- --b\n").slice(2)).toEqual([["Flag", "--a"], ["Whitespace", " "], ["Flag", "--"], ["Whitespace", " "], ["FirstArgText", "--b"], ["InstructionEnd", "\n"]]);
    expect(lexed("COPY --\\\n-a x\n").slice(2)).toEqual([["Flag", "--"], ["Continuation", "\\\n"], ["Flag", "-a"], ["Whitespace", " "], ["FirstArgText", "x"], ["InstructionEnd", "\n"]]);
    // `--a` and `--` on the next line are one word, `--a--`: not a bare `--`.
    expect(lexed("COPY --a\\\n-- --b x\n").slice(2)).toEqual([
      ["Flag", "--a"],
      ["Continuation", "\\\n"],
      ["Flag", "--"],
      ["Whitespace", " "],
      ["Flag", "--b"],
      ["Whitespace", " "],
      ["FirstArgText", "x"],
      ["InstructionEnd", "\n"],
    ]);
  });
});

describe("exec form", () => {
  test("only after the keywords that take it, as the first argument, with flags before", () => {
    for (const keyword of ["run", "CMD", "Entrypoint", "SHELL", "ADD", "COPY", "VOLUME"]) {
      expect(lexed(`${keyword} ["a"]\n`)[2], keyword).toEqual(["JsonOpen", "["]);
    }
    for (const line of ['FROM ["a"]', 'LABEL ["a"]', 'RUN a ["b"]']) {
      expect(lexed(`${line}\n`)[2], line).toEqual(["FirstArgText", line.slice(line.indexOf(" ") + 1)]);
    }
    expect(lexed('RUN --a ["b"]\n').slice(2)).toEqual([["Flag", "--a"], ["Whitespace", " "], ["JsonOpen", "["], ["JsonString", '"b"'], ["JsonPunctuation", "]"], ["InstructionEnd", "\n"]]);
    // The keyword as BuildKit looks it up, lowered by Go's strings.ToLower (U+0130 is `i`).
    expect(lexed('ENTRYPO\u0130NT ["a"]\n')[2]).toEqual(["JsonOpen", "["]);
  });

  test("strings, punctuation and other text; a string stops at its end, a line end or a continuation", () => {
    expect(lexed('CMD ["a\\"b", "c\\\\", 1, {}:x\ty]  \r\n').slice(2)).toEqual([
      ["JsonOpen", "["],
      ["JsonString", '"a\\"b"'],
      ["JsonPunctuation", ","],
      ["Whitespace", " "],
      ["JsonString", '"c\\\\"'],
      ["JsonPunctuation", ","],
      ["Whitespace", " "],
      ["JsonText", "1"],
      ["JsonPunctuation", ","],
      ["Whitespace", " "],
      ["JsonPunctuation", "{"],
      ["JsonPunctuation", "}"],
      ["JsonPunctuation", ":"],
      ["JsonText", "x"],
      ["Whitespace", "\t"],
      ["JsonText", "y"],
      ["JsonPunctuation", "]"],
      ["Whitespace", "  "],
      ["InstructionEnd", "\r\n"],
    ]);
    expect(lexed('CMD ["a \\\n b"]\n').slice(2)).toEqual([
      ["JsonOpen", "["],
      ["JsonString", '"a '],
      ["Continuation", "\\\n"],
      ["Whitespace", " "],
      ["JsonText", "b"],
      ["JsonString", '"]'],
      ["InstructionEnd", "\n"],
    ]);
    expect(lexed('CMD ["a\\\\\n').slice(3)).toEqual([["JsonString", '"a\\\\'], ["InstructionEnd", "\n"]]);
    expect(lexed('CMD ["a\r\n').slice(3)).toEqual([["JsonString", '"a'], ["InstructionEnd", "\r\n"]]);
    expect(lexed('CMD ["a\rb"]').slice(3)).toEqual([["JsonString", '"a\rb"'], ["JsonPunctuation", "]"]]);
    expect(lexed('CMD ["a\\').slice(3)).toEqual([["JsonString", '"a'], ["Continuation", "\\"]]);
    expect(lexed('CMD ["a\\\\').slice(3)).toEqual([["JsonString", '"a\\\\']]);
    expect(lexed('CMD ["abc').slice(3)).toEqual([["JsonString", '"abc']]);
    expect(lexed('CMD [ab\\\ncd"e"]\n').slice(3)).toEqual([["JsonText", "ab"], ["Continuation", "\\\n"], ["JsonText", "cd"], ["JsonString", '"e"'], ["JsonPunctuation", "]"], ["InstructionEnd", "\n"]]);
    // The escape stops other text only where it continues the line.
    expect(lexed("RUN [a\\b]\n").slice(2)).toEqual([["JsonOpen", "["], ["JsonText", "a\\b"], ["JsonPunctuation", "]"], ["InstructionEnd", "\n"]]);
    // With a backtick escape a backslash protects the next character, never a line end.
    expect(lexed('# escape=`\nRUN ["a\\\nb"]\n').slice(5, 8)).toEqual([["JsonString", '"a\\'], ["InstructionEnd", "\n"], ["Keyword", 'b"]']]);
  });

  test("HEALTHCHECK's type word stands alone: a JSON array right after it (past blanks) is exec form", () => {
    expect(lexed('HEALTHCHECK --a \\\n CMD  ["a"]\n')).toEqual([
      ["Keyword", "HEALTHCHECK"],
      ["Whitespace", " "],
      ["Flag", "--a"],
      ["Whitespace", " "],
      ["Continuation", "\\\n"],
      ["Whitespace", " "],
      ["FirstArgText", "CMD"],
      ["Whitespace", "  "],
      ["HealthcheckJsonOpen", "["],
      ["JsonString", '"a"'],
      ["JsonPunctuation", "]"],
      ["InstructionEnd", "\n"],
    ]);
    expect(lexed('HEALTHCHECK CMD x ["a"]\n').slice(2)).toEqual([["FirstArgText", "CMD"], ["Whitespace", " "], ["ArgText", 'x ["a"]'], ["InstructionEnd", "\n"]]);
    expect(lexed('HEALTHCHECK CM\\\nD ["a"]\n').slice(2)).toEqual([["FirstArgText", "CM"], ["Continuation", "\\\n"], ["ArgText", 'D ["a"]'], ["InstructionEnd", "\n"]]);
    expect(lexed('RUN a ["b"]\n').slice(2)).toEqual([["FirstArgText", 'a ["b"]'], ["InstructionEnd", "\n"]]);
    // Not after other text, nor right after a continuation: the `[` opens no exec form there.
    for (const text of ["HEALTHCHECK CMD x \\\n[y]\n", "HEALTHCHECK CMD x \\\n  [y]\n", "HEALTHCHECK CMD\\\n[y]\n"]) {
      expect(lexed(text).at(-2), JSON.stringify(text)).toEqual(["ArgText", "[y]"]);
    }
  });
});

describe("ONBUILD", () => {
  test("the trigger's keyword, and its own flags and exec form", () => {
    expect(lexed('onbuild --a run --b ["c"]\n')).toEqual([
      ["Keyword", "onbuild"],
      ["Whitespace", " "],
      ["Flag", "--a"],
      ["Whitespace", " "],
      ["TriggerKeyword", "run"],
      ["Whitespace", " "],
      ["Flag", "--b"],
      ["Whitespace", " "],
      ["JsonOpen", "["],
      ["JsonString", '"c"'],
      ["JsonPunctuation", "]"],
      ["InstructionEnd", "\n"],
    ]);
    expect(lexed('ONBUILD HEALTHCHECK CMD ["a"]\n')[6]).toEqual(["HealthcheckJsonOpen", "["]);
    expect(lexed("\\\nONBUILD \\\n RUN x\n")).toEqual([
      ["LeadingContinuation", "\\\n"],
      ["DeferredKeyword", "ONBUILD"],
      ["Whitespace", " "],
      ["Continuation", "\\\n"],
      ["Whitespace", " "],
      ["TriggerKeyword", "RUN"],
      ["Whitespace", " "],
      ["FirstArgText", "x"],
      ["InstructionEnd", "\n"],
    ]);
    expect(lexed("ONBUILD\n")).toEqual([["Keyword", "ONBUILD"], ["InstructionEnd", "\n"]]);
    // Keywords lowered by Go's strings.ToLower: the Kelvin sign is `k` and U+0130 `i`, but `ı`
    // (U+0131) stays, so `onbu\u0131ld` is no ONBUILD and has no trigger.
    expect(lexed('ONBU\u0130LD HEALTHCHEC\u212A CMD ["a"]\n').slice(2, 7)).toEqual([
      ["TriggerKeyword", "HEALTHCHEC\u212A"],
      ["Whitespace", " "],
      ["FirstArgText", "CMD"],
      ["Whitespace", " "],
      ["HealthcheckJsonOpen", "["],
    ]);
    expect(lexed("onbu\u0131ld run x\n")[2]).toEqual(["FirstArgText", "run x"]);
    // The trigger's flags start afresh: its first argument on the next line is no flag's rest.
    expect(lexed("ONBUILD RUN \\\nx\n").slice(-2)).toEqual([["FirstArgText", "x"], ["InstructionEnd", "\n"]]);
  });
});

describe("heredocs", () => {
  test("bodies and terminators after the instruction's last line, with the markers as the payload", () => {
    const { tokens } = tokenize("RUN <<A cat \\\n <<-B\na\nA\n\t\tB\nRUN b\n");
    expect(tokens.map((token) => [token.tokenType.name, token.image])).toEqual([
      ["Keyword", "RUN"],
      ["Whitespace", " "],
      ["FirstArgText", "<<A cat "],
      ["Continuation", "\\\n"],
      ["Whitespace", " "],
      ["ArgText", "<<-B"],
      ["HeredocStart", "\n"],
      ["HeredocLine", "a\n"],
      ["HeredocEnd", "A\n"],
      ["HeredocLastEnd", "\t\tB\n"],
      ...RUN_B,
    ]);
    expect(tokens[6]?.payload).toEqual([
      { name: "A", fileDescriptor: 0, chomp: false, expand: true },
      { name: "B", fileDescriptor: 0, chomp: true, expand: true },
    ]);
  });

  test("a terminator is the whole line (tabs stripped with `<<-` only), CRs before its line end aside", () => {
    expect(lexed("RUN <<E\r\n\tE\r\nEX\r\nE\r\n").slice(3)).toEqual([["HeredocStart", "\r\n"], ["HeredocLine", "\tE\r\n"], ["HeredocLine", "EX\r\n"], ["HeredocLastEnd", "E\r\n"]]);
    expect(lexed("RUN <<E\nE").slice(3)).toEqual([["HeredocStart", "\n"], ["HeredocLastEnd", "E"]]);
    // Two markers whose bodies are empty: the lines after them are instructions again.
    expect(lexed("RUN <<A <<B\nA\nB\nB\n").slice(3)).toEqual([["HeredocStart", "\n"], ["HeredocEnd", "A\n"], ["HeredocLastEnd", "B\n"], ["Keyword", "B"], ["InstructionEnd", "\n"]]);
  });

  test("open heredocs at the end of the text are counted; a marker with no line end after it opens none", () => {
    expect(tokenize("RUN <<A <<B\nA\nb\n").openHeredocs).toBe(1);
    expect(tokenize("RUN <<A\nA\n").openHeredocs).toBe(0);
    expect(tokenize("RUN <<A").openHeredocs).toBe(0);
    expect(lexed("RUN x <<EOF\r").slice(2)).toEqual([["FirstArgText", "x <<EOF"], ["InstructionEnd", "\r"]]);
  });

  test("each instruction's own markers: a quoted `<<` opens none, and later instructions find theirs", () => {
    expect(lexed("RUN echo '<<EOF'\nRUN b\n").slice(3)).toEqual([["InstructionEnd", "\n"], ...RUN_B]);
    const text = "RUN a\nRUN <<E\nx\nE\nRUN b \\\n<<F\ny\nF\n";
    expect(lexed(text).map(([type]) => type).filter((type) => type.startsWith("Heredoc"))).toEqual(["HeredocStart", "HeredocLine", "HeredocLastEnd", "HeredocStart", "HeredocLine", "HeredocLastEnd"]);
  });
});

describe("tokenizeFrom and joinTokens", () => {
  test("tokenizeFrom lexes from an instruction's start with the file's escape, offsets counted from the text's start, up to `end`", () => {
    const text = "# escape=`\nRUN a\nRUN b `\n c\n# escape=\\\nRUN d\n";
    const from = text.indexOf("RUN b");
    const { tokens, escape } = tokenizeFrom(text, from, "`", text.indexOf("RUN d"));
    expect(escape).toBe("`");
    expect(tokens.map((token) => [token.tokenType.name, token.image, token.startOffset])).toEqual([
      ["Keyword", "RUN", from],
      ["Whitespace", " ", from + 3],
      ["FirstArgText", "b ", from + 4],
      ["Continuation", "`\n", from + 6],
      ["Whitespace", " ", from + 8],
      ["ArgText", "c", from + 9],
      ["InstructionEnd", "\n", from + 10],
      // No directive after the top of the file.
      ["Comment", "# escape=\\", from + 11],
      ["LineEnd", "\n", from + 21],
    ]);
    expect(tokenizeFrom("RUN a\n", 0, "\\").tokens.map((token) => token.startOffset)).toEqual([0, 3, 4, 5]);
    // Starting at a comment line: still no directive, the escape stays the file's.
    const afterFrom = tokenizeFrom("FROM a\n# escape=`\nRUN b `\n", 7, "\\");
    expect(afterFrom.escape).toBe("\\");
    expect(afterFrom.tokens.map((token) => [token.tokenType.name, token.image]).slice(0, 2)).toEqual([["Comment", "# escape=`"], ["LineEnd", "\n"]]);
  });

  test("joinTokens is BuildKit's logical line: continuations, comment and blank lines inside, line ends and heredoc bodies left out", () => {
    const { tokens } = tokenize("\uFEFF  RUN a \\\n# c\n\n  b <<E\nx\nE\n");
    expect(joinTokens(tokens, 0, tokens.length)).toBe("RUN a   b <<E");
    expect(joinTokens(tokens, 2, 4)).toBe("RUN ");
    // A leading continuation, a heredoc closed before the last one, a blank line between instructions.
    const more = tokenize("\\\nRUN a <<A <<B\nx\nA\ny\nB\n\nRUN c\n").tokens;
    expect(joinTokens(more, 0, more.length)).toBe("RUN a <<A <<BRUN c");
  });
});
