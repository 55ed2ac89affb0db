import { describe, expect, test } from "vitest";
import { tokenize } from "./lexer.js";
import { LogicalLine } from "./logical-line.js";
import { LineIndex } from "./positions.js";

/** The logical line of a one-instruction source, as the parser builds it. */
function logicalLine(source: string): LogicalLine {
  return new LogicalLine(tokenize(source).tokens, new LineIndex(source));
}

/** Each joined character, and the source character its offset maps back to. */
function mapped(line: LogicalLine, source: string): [string, string][] {
  return Array.from(line.text, (ch, at) => [ch, source.charAt(line.sourceOffset(at))]);
}

describe("the logical line and its map back to the source", () => {
  // Continuations (escape, line end), a comment line and an empty line inside the instruction go;
  // the next line's leading blanks stay, as BuildKit joins them.
  const source = "RUN echo \\\n  hi \\\n# note\n\n  there\n";

  test("continuations, comment and empty lines are left out; every joined character maps to itself in the source", () => {
    const line = logicalLine(source);
    expect(line.text).toBe("RUN echo   hi   there");
    const pairs = mapped(line, source);
    expect(pairs.filter(([joined, original]) => joined !== original)).toEqual([]);
    // The runs start at the keyword, after the first line end and after the empty line.
    expect(line.sourceOffset(0)).toBe(0);
    expect(line.sourceOffset("RUN echo ".length)).toBe(source.indexOf("  hi"));
    expect(line.sourceOffset("RUN echo   hi ".length)).toBe(source.indexOf("  there"));
    expect(line.sourceOffset("RUN echo   hi   there".length - 1)).toBe(source.lastIndexOf("e"));
  });

  test("the end of the joined text maps to the end of the last run; past it too", () => {
    const line = logicalLine(source);
    const end = source.indexOf("there") + "there".length;
    expect(line.sourceOffset(line.text.length)).toBe(end);
    expect(line.sourceOffset(line.text.length + 5)).toBe(end);
  });

  test("one physical line is one run", () => {
    const line = logicalLine("FROM alpine AS base\n");
    expect(line.text).toBe("FROM alpine AS base");
    expect(Array.from(line.text, (_, at) => line.sourceOffset(at))).toEqual(Array.from(line.text, (_, at) => at));
    expect(line.segments(5, 11)).toEqual([{ offset: 0, sourceOffset: 5, length: 6 }]);
  });

  test("a source offset is found among many runs (a binary search over them)", () => {
    const words = Array.from({ length: 9 }, (_, i) => `w${String(i)}`);
    const many = `RUN ${words.join(" \\\n")}\n`;
    const line = logicalLine(many);
    expect(line.text).toBe(`RUN ${words.join(" ")}`);
    expect(mapped(line, many).filter(([joined, original]) => joined !== original)).toEqual([]);
    for (const word of words) expect(line.sourceOffset(line.text.indexOf(word))).toBe(many.indexOf(word));
  });

  test("sourceEnd is just after the last character of [start, end); an empty span ends where it starts", () => {
    const line = logicalLine(source);
    const hi = line.text.indexOf("hi");
    expect(line.sourceEnd(hi + 2, hi)).toBe(source.indexOf("hi") + 2);
    // "hi " ends before the continuation, not after it.
    expect(line.sourceEnd(hi + 3, hi)).toBe(source.indexOf("hi") + 3);
    // A span ending with the first line ends before its continuation; the next character is on the next line.
    expect(line.sourceEnd("RUN echo ".length, 0)).toBe("RUN echo ".length);
    expect(line.sourceEnd(hi, hi)).toBe(source.indexOf("hi"));
    // Where a run starts, an empty span is at the run's source, not after the run before it.
    expect(line.sourceEnd("RUN echo ".length, "RUN echo ".length)).toBe(source.indexOf("  hi"));
    expect(line.sourceEnd(hi, hi + 1)).toBe(source.indexOf("hi") + 1);
  });

  test("segments: the source runs of a span, offsets relative to its start", () => {
    const line = logicalLine(source);
    const from = line.text.indexOf("echo");
    const to = line.text.indexOf("there") + 2;
    expect(line.segments(from, to)).toEqual([
      { offset: 0, sourceOffset: source.indexOf("echo"), length: "echo ".length },
      { offset: "echo ".length, sourceOffset: source.indexOf("  hi"), length: "  hi ".length },
      { offset: "echo   hi ".length, sourceOffset: source.indexOf("  there"), length: "  th".length },
    ]);
    // Within one run; and empty.
    expect(line.segments(from, from + 2)).toEqual([{ offset: 0, sourceOffset: source.indexOf("echo"), length: 2 }]);
    expect(line.segments(from, from)).toEqual([]);
    // A span that starts exactly where a run starts, and one that ends exactly where a run ends.
    const second = "RUN echo ".length;
    expect(line.segments(second, second + 2)).toEqual([{ offset: 0, sourceOffset: source.indexOf("  hi"), length: 2 }]);
    expect(line.segments(0, second)).toEqual([{ offset: 0, sourceOffset: 0, length: second }]);
  });

  test("range: from a span's first character to just after its last, as lines and columns", () => {
    const line = logicalLine(source);
    const from = line.text.indexOf("hi");
    const to = line.text.indexOf("there") + "there".length;
    const range = line.range(from, to);
    expect([range.start.line, range.start.column, range.end.line, range.end.column]).toEqual([2, 3, 5, 8]);
    // An empty span is an empty range where it is.
    const empty = line.range(from, from);
    expect([empty.start.offset, empty.end.offset]).toEqual([source.indexOf("hi"), source.indexOf("hi")]);
    // A span reversed (end before start) is empty too, never a negative range.
    const reversed = line.range(from + 1, from);
    expect(reversed.end.offset).toBe(reversed.start.offset);
  });

  test("no logical text at all (an instruction that is only continuations) maps everything to its first token", () => {
    const tokens = tokenize("RUN a\n").tokens.filter((token) => token.image === "\n");
    const line = new LogicalLine(tokens, new LineIndex("RUN a\n"));
    expect(line.text).toBe("");
    expect(line.sourceOffset(0)).toBe(5);
    expect(line.segments(0, 0)).toEqual([]);
    const none = new LogicalLine([], new LineIndex(""));
    expect(none.sourceOffset(0)).toBe(0);
  });
});
