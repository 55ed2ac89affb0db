/** LineIndex: UTF-16 offsets to the parser's 1-based lines and columns, and lines' text. */
import type { Range } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { LineIndex, shiftRange } from "./positions.js";

describe("LineIndex", () => {
  // Lines start at offsets 0, 4, 5, 10 and 14 ("\r\n" ends the fourth line).
  const text = "abc\n\nwxyz\nef\r\ngh";
  const lines = new LineIndex(text);

  test("an offset's line and column, on every line and at each line's first and last character", () => {
    expect(lines.position(0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(lines.position(3)).toEqual({ offset: 3, line: 1, column: 4 });
    expect(lines.position(4)).toEqual({ offset: 4, line: 2, column: 1 });
    expect(lines.position(5)).toEqual({ offset: 5, line: 3, column: 1 });
    expect(lines.position(8)).toEqual({ offset: 8, line: 3, column: 4 });
    expect(lines.position(10)).toEqual({ offset: 10, line: 4, column: 1 });
    expect(lines.position(13)).toEqual({ offset: 13, line: 4, column: 4 });
    expect(lines.position(14)).toEqual({ offset: 14, line: 5, column: 1 });
    expect(lines.position(16)).toEqual({ offset: 16, line: 5, column: 3 });
  });

  test("an offset outside the text is clamped to it", () => {
    expect(lines.position(-3)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(lines.position(99)).toEqual({ offset: 16, line: 5, column: 3 });
  });

  test("finds the line among many (the search is binary)", () => {
    const many = new LineIndex("x\n".repeat(1000));
    for (const line of [1, 2, 3, 255, 256, 257, 511, 512, 999, 1000]) {
      expect(many.position((line - 1) * 2 + 1)).toEqual({ offset: (line - 1) * 2 + 1, line, column: 2 });
    }
    // After the last newline: the empty line 1001.
    expect(many.position(2000)).toEqual({ offset: 2000, line: 1001, column: 1 });
    expect(many.lineCount).toBe(1001);
  });

  test("lineStart, lineText and lineCount", () => {
    expect(lines.lineCount).toBe(5);
    expect([1, 2, 3, 4, 5].map((line) => lines.lineStart(line))).toEqual([0, 4, 5, 10, 14]);
    expect(lines.lineStart(6)).toBe(text.length);
    expect([1, 2, 3, 4, 5].map((line) => lines.lineText(line))).toEqual(["abc", "", "wxyz", "ef", "gh"]);
    // Only a trailing "\r" is a line ending's.
    expect(new LineIndex("a\rb\r\n").lineText(1)).toBe("a\rb");
    expect(new LineIndex("").lineCount).toBe(1);
  });

  test("a range reads its positions from its offsets, and serializes as { start, end }", () => {
    const range = lines.range(6, 12);
    expect(range.start).toEqual({ offset: 6, line: 3, column: 2 });
    expect(range.end).toEqual({ offset: 12, line: 4, column: 3 });
    expect(JSON.parse(JSON.stringify(range))).toEqual({ start: { offset: 6, line: 3, column: 2 }, end: { offset: 12, line: 4, column: 3 } });
  });

  test("shiftRange moves a range of this index, or a plain one, into another file's index", () => {
    const moved = new LineIndex(`xy\n${text}`);
    const span = (range: Range) => [range.start, range.end];
    const expected = [
      { offset: 9, line: 4, column: 2 },
      { offset: 15, line: 5, column: 3 },
    ];
    expect(span(shiftRange(lines.range(6, 12), 3, moved))).toEqual(expected);
    // A range the parser made (plain positions): moved by its offsets, positions read from `moved`.
    const plain = { start: { offset: 6, line: 0, column: 0 }, end: { offset: 12, line: 0, column: 0 } };
    expect(span(shiftRange(plain, 3, moved))).toEqual(expected);
  });
});
