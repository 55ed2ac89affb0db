/**
 * The tree builder (build.ts) through `parse`: the checks it makes on the whole text and on each
 * line besides BuildKit's per-instruction rules (those are in parse.test.ts and BuildKit's
 * conformance suites).
 */
import { describe, expect, test } from "vitest";
import type { Diagnostic, Range } from "./ast.js";
import { parse } from "./parse.js";

function lineTooLong(text: string): string[] {
  return parse(text)
    .diagnostics.filter((diagnostic) => diagnostic.code === "line-too-long")
    .map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.range.start.column}-${diagnostic.range.end.line}:${diagnostic.range.end.column} ${diagnostic.message}`);
}

function summary(diagnostic: Diagnostic | undefined): object | undefined {
  if (!diagnostic) return undefined;
  const { severity, code, message, stage, url } = diagnostic;
  return { severity, code, message, stage, url };
}

// BuildKit's parser reads a file with a bufio.Scanner of Go's default buffer, bufio.MaxScanTokenSize
// (64 KiB), whose `scanLines` token is a line with its `\n`: a line of more than 65,535 bytes fails
// the scan, reported as "dockerfile line greater than max allowed size of 65535"
// (moby/buildkit frontend/dockerfile/parser/parser.go `handleScannerError`). The limit counts
// UTF-8 bytes, not characters.
describe("line length", () => {
  const message = "dockerfile line greater than max allowed size of 65535";

  test("a line over 65,535 bytes is an error at that line; one of exactly 65,535 is not", () => {
    const fits = `RUN ${"x".repeat(65_535 - 4)}`;
    expect(lineTooLong(`FROM a\n${fits}\n`)).toEqual([]);
    expect(lineTooLong(`FROM a\n${fits}x\nRUN b\n`)).toEqual([`2:1-2:65537 ${message}`]);
  });

  test("bytes are UTF-8's: 21,846 three-byte characters are too many", () => {
    // 21,845 × 3 = 65,535 bytes in 21,845 UTF-16 units.
    expect(lineTooLong(`FROM a\nRUN ${"\u20ac".repeat(21_845 - 2)}\n`)).toEqual([]);
    expect(lineTooLong(`FROM a\nRUN ${"\u20ac".repeat(21_846)}\n`)).toEqual([`2:1-2:21851 ${message}`]);
  });

  test("each line is measured on its own, in a file far over the limit", () => {
    // Four lines of 20,000 bytes: each fits, the file (and the first line's start to the end) does not.
    const long = `RUN ${"x".repeat(20_000)}\n`;
    expect(lineTooLong(`FROM a\n${long.repeat(4)}`)).toEqual([]);
    expect(lineTooLong(`\n${long.repeat(4)}FROM a\n`)).toEqual([]);
  });

  test("the first and the last line are measured too: after a leading line end, and without a final one", () => {
    const tooLong = `RUN ${"x".repeat(65_536)}`;
    expect(lineTooLong(`\n${tooLong}\nFROM a\n`)).toEqual([`2:1-2:65541 ${message}`]);
    expect(lineTooLong(`FROM a\n${tooLong}`)).toEqual([`2:1-2:65541 ${message}`]);
  });
});

describe("file-level diagnostics", () => {
  test("a file with no instructions is an error at its end", () => {
    const { diagnostics } = parse("# syntax=docker/dockerfile:1\n# only comments\n");
    expect(diagnostics.map(summary)).toEqual([
      { severity: "error", code: "no-instructions", message: "file with no instructions", stage: "parse", url: undefined },
    ]);
    expect(diagnostics[0]?.range.start).toEqual({ offset: 45, line: 3, column: 1 });
  });

  test("an empty continuation line is BuildKit's warning, with the rule's documentation", () => {
    // BuildKit's parser.go: "Empty continuation line found in: …" (the NoEmptyContinuation check).
    const { diagnostics } = parse("FROM a\nRUN a \\\n\n  b\n");
    expect(diagnostics.map(summary)).toEqual([
      {
        severity: "warning",
        code: "no-empty-continuation",
        message: "Empty continuation line found in: RUN a   b",
        stage: "parse",
        url: "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/",
      },
    ]);
  });
});

function offsets(node: { range: Range } | null | undefined): [number, number] | undefined {
  return node ? [node.range.start.offset, node.range.end.offset] : undefined;
}

function diagnosticAt(diagnostic: Diagnostic): [string, string, string, number, number] {
  return [diagnostic.code, diagnostic.stage, diagnostic.message, diagnostic.range.start.offset, diagnostic.range.end.offset];
}

describe("comment, blank and directive lines", () => {
  test("a comment line is a Comment node without its `#`, its line end or the space around; blank lines are nodes too", () => {
    const { ast } = parse("#  a  \n#\n# b\n\n  \nFROM a\n");
    expect(ast.children.map((child) => [child.type, ...(offsets(child) ?? [])])).toEqual([
      ["Comment", 0, 6],
      ["Comment", 7, 8],
      ["Comment", 9, 12],
      ["BlankLine", 13, 14],
      ["BlankLine", 14, 17],
      ["From", 17, 23],
    ]);
    expect(ast.comments.map((comment) => comment.value)).toEqual(["a", "", "b"]);
  });

  test("an indented comment or directive starts at its `#` (BuildKit trims a line's leading space first)", () => {
    // moby/buildkit frontend/dockerfile/parser/parser.go `processLine`: `trimLeadingWhitespace`.
    const comment = parse("  # c\nFROM a\n").ast;
    expect(comment.comments.map((each) => [each.value, ...(offsets(each) ?? [])])).toEqual([["c", 2, 5]]);
    expect(comment.instructions[0]?.leadingComments).toEqual(["c"]);
    const directive = parse("  # escape=`\nFROM a\n").ast;
    expect(directive.directives.map((each) => [each.name, each.value, ...(offsets(each) ?? [])])).toEqual([["escape", "`", 2, 12]]);
  });

  test("an empty comment line drops the comments before it from the next instruction's leadingComments, as BuildKit's parser does", () => {
    // moby/buildkit frontend/dockerfile/parser/parser.go `Parse`: `if comment == "" { comments = nil }`.
    const { ast } = parse("# a\n#\n# b\n# c\nFROM x\n# d\nRUN y\n");
    expect(ast.instructions.map((instruction) => instruction.leadingComments)).toEqual([["b", "c"], ["d"]]);
    // Another file parsed after it starts with no comments.
    expect(parse("FROM z\n").ast.instructions[0]?.leadingComments).toEqual([]);
  });

  test("a directive's name and value ranges point at them, whatever the name's case and the spaces around `=`", () => {
    const { ast, diagnostics } = parse("# Escape = `\n# SYNTAX=x\nFROM a\n");
    expect(diagnostics).toEqual([]);
    expect(ast.directives.map((directive) => [directive.name, directive.value, offsets(directive), offsets({ range: directive.nameRange }), offsets({ range: directive.valueRange })])).toEqual([
      ["escape", "`", [0, 12], [2, 8], [11, 12]],
      ["syntax", "x", [13, 23], [15, 21], [22, 23]],
    ]);
  });

  test("a second directive of a name, an escape that is neither `\\` nor a backtick, a check that does not parse: errors at BuildKit's words", () => {
    expect(parse("# escape=\\\n# escape=`\nFROM a\n").diagnostics.map(diagnosticAt)).toEqual([
      ["duplicate-directive", "parse", "only one escape parser directive can be used", 11, 21],
    ]);
    expect(parse("# escape=x\nFROM a\n").diagnostics.map(diagnosticAt)).toEqual([
      ["invalid-escape", "parse", "invalid escape token 'x' does not match ` or \\", 9, 10],
    ]);
    expect(parse("# check=error=maybe\nFROM a\n").diagnostics.map(diagnosticAt)).toEqual([
      ["invalid-check-directive", "instruction", 'failed to parse check option "error=maybe": strconv.ParseBool: parsing "maybe": invalid syntax', 8, 19],
    ]);
  });
});

describe("instruction lines", () => {
  test("an instruction starts at its keyword, or at a continuation before it, and ends before its line end", () => {
    expect(parse("FROM a\n  \\\n RUN x\n").ast.instructions.map(offsets)).toEqual([
      [0, 6],
      [9, 17],
    ]);
    expect(parse("\\\nFROM a\n").ast.instructions.map(offsets)).toEqual([[0, 8]]);
  });

  test("a comment inside an instruction is an inner comment ranging from its `#` to before its CRLF", () => {
    const { ast } = parse("FROM a\r\nRUN x \\\r\n  #  c1  \r\n  y\r\n");
    const run = ast.instructions[1];
    expect(offsets(run)).toEqual([8, 31]);
    expect(run?.innerComments.map((comment) => [comment.value, ...(offsets(comment) ?? [])])).toEqual([["c1", 19, 26]]);
    expect(ast.comments).toEqual(run?.innerComments);
    expect(run?.innerComments.map((comment) => comment.tokens.map((token) => token.text).join(""))).toEqual(["  #  c1  \r\n"]);
  });

  test("every comment inside an instruction is one of its inner comments, in order", () => {
    const run = parse("FROM a\nRUN x \\\n  # one\n  # two\n  y\n").ast.instructions[1];
    expect(run?.innerComments.map((comment) => comment.value)).toEqual(["one", "two"]);
  });

  test("a line BuildKit cannot split is a syntax error at its arguments, and still an instruction of its keyword", () => {
    const { ast, diagnostics } = parse("FROM a\nLABEL a\n");
    expect(diagnostics.map(diagnosticAt)).toEqual([["syntax", "parse", "LABEL must have two arguments", 13, 14]]);
    expect(ast.instructions.map((instruction) => [instruction.type, instruction.keyword.name, ...(offsets(instruction) ?? [])])).toEqual([
      ["From", "FROM", 0, 6],
      ["Label", "LABEL", 7, 14],
    ]);
    expect(ast.instructions[1]?.json).toBe(false);
  });

  test("an instruction ends after its last word: a keyword alone, or before a lone CR ending the file", () => {
    expect(parse("FROM a\nRUN\n").ast.instructions.map(offsets)).toEqual([
      [0, 6],
      [7, 10],
    ]);
    expect(offsets(parse("FROM a\nRUN b\r").ast.instructions[1])).toEqual([7, 12]);
  });
});

describe("heredocs", () => {
  function heredocs(text: string): { heredocs: unknown[]; diagnostics: unknown[] } {
    const { ast, diagnostics } = parse(text);
    return {
      heredocs: (ast.instructions[1]?.heredocs ?? []).map((heredoc) => [heredoc.name, heredoc.content, heredoc.body.start.offset, heredoc.body.end.offset, heredoc.terminator?.start.offset ?? null]),
      diagnostics: diagnostics.map(diagnosticAt),
    };
  }

  test("an unterminated heredoc takes the rest of the file and the ones after it are empty; one error for the instruction", () => {
    expect(heredocs("FROM a\nRUN <<A <<B\nbody\n")).toEqual({
      heredocs: [
        ["A", "body\n", 19, 24, null],
        ["B", "", 24, 24, null],
      ],
      diagnostics: [["unterminated-heredoc", "parse", "unterminated heredoc", 7, 23]],
    });
    // Each ranges from its marker to the end of the body it took.
    expect(parse("FROM a\nRUN <<A <<B\nbody\n").ast.instructions[1]?.heredocs.map(offsets)).toEqual([
      [11, 24],
      [15, 24],
    ]);
  });

  test("a terminated heredoc followed by an unterminated one is still an error", () => {
    expect(heredocs("FROM a\nRUN <<A <<B\na\nA\nb\n")).toEqual({
      heredocs: [
        ["A", "a\n", 19, 21, 21],
        ["B", "b\n", 23, 25, null],
      ],
      diagnostics: [["unterminated-heredoc", "parse", "unterminated heredoc", 7, 24]],
    });
  });

  test("a marker's range is its `<<` word; a `<<` with no word after it on the line is none", () => {
    const markers = (text: string): unknown[] => (parse(text).ast.instructions[1]?.heredocs ?? []).map((heredoc) => [heredoc.name, heredoc.marker?.start.offset, heredoc.marker?.end.offset]);
    expect(markers("FROM a\nRUN <<EOV\nx\nEOV\n")).toEqual([["EOV", 11, 16]]);
    expect(markers("FROM a\nRUN cat <<\f<<EOF\nx\nEOF\n")).toEqual([["EOF", 18, 23]]);
    expect(markers("FROM a\nRUN cat <<\v<<EOF\nx\nEOF\n")).toEqual([["EOF", 18, 23]]);
  });
});

describe("stages", () => {
  test("a stage ranges from its FROM to its last instruction", () => {
    const { stages } = parse("FROM a AS one\nRUN x\nRUN y\nRUN z\nFROM b\n").ast;
    expect(stages.map((stage) => [stage.name, stage.range.start.offset, stage.range.end.offset])).toEqual([
      ["one", 0, 31],
      [null, 32, 38],
    ]);
  });
});
