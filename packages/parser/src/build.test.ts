/**
 * The tree builder (build.ts) through `parse`: the checks it makes on the whole text and on each
 * line besides BuildKit's per-instruction rules (those are in parse.test.ts and BuildKit's
 * conformance suites).
 */
import { describe, expect, test } from "vitest";
import type { Diagnostic } from "./ast.js";
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
