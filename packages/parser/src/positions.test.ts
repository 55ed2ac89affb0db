import { describe, expect, test } from "vitest";
import type { Range } from "./ast.js";
import { LineIndex, SourceRange } from "./positions.js";
import { seededRandom } from "./seeded-random.test-helper.js";

/** The position of `offset` counted the plain way: lines split on `\n`, 1-based. */
function counted(text: string, offset: number): { offset: number; line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { offset, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

describe("LineIndex", () => {
  test("lines split on `\\n` only (a CR is a character of its line), 1-based columns", () => {
    const text = "ab\r\ncd\n\ne\rf";
    const index = new LineIndex(text);
    expect(index.lineCount).toBe(4);
    expect([0, 1, 2, 3, 4].map((line) => index.lineStart(line))).toEqual([0, 4, 7, 8, text.length]);
    expect(index.position(3)).toEqual({ offset: 3, line: 1, column: 4 });
    expect(index.position(7)).toEqual({ offset: 7, line: 3, column: 1 });
    expect(index.position(text.length)).toEqual({ offset: text.length, line: 4, column: 4 });
    expect(new LineIndex("").lineCount).toBe(1);
    const blankFirst = new LineIndex("\na");
    expect([blankFirst.lineCount, blankFirst.position(1).line]).toEqual([2, 2]);
    expect(new LineIndex("a\n").lineCount).toBe(2);
  });

  test("every offset, looked up forwards, backwards and at random, is where the plain count puts it", () => {
    const text = "FROM a\n\nRUN b \\\n  c\n\n\n# d\r\nx\n".repeat(5);
    const offsets = Array.from({ length: text.length + 1 }, (_, offset) => offset);
    const next = seededRandom(7);
    const shuffled = offsets.map((offset) => [next(), offset] as const).sort(([a], [b]) => a - b).map(([, offset]) => offset);
    for (const order of [offsets, [...offsets].reverse(), shuffled, offsets.filter((offset) => offset % 3 === 0)]) {
      // A fresh index per order: each lookup starts from the line the previous one found.
      const index = new LineIndex(text);
      for (const offset of order) expect(index.position(offset), `offset ${String(offset)}`).toEqual(counted(text, offset));
    }
  });

  test("a lookup one or two lines after the last one found, and past the last line start", () => {
    const text = "a\nb\nc\nd\n";
    const index = new LineIndex(text);
    expect([0, 2, 4, 6, 8, 8, 1, 5, 3, 7].map((offset) => index.lineOf(offset))).toEqual([0, 1, 2, 3, 4, 4, 0, 2, 1, 3]);
    expect(index.lineOf(100)).toBe(4);
  });

  test("ranges make their positions when read; JSON gives the plain `{ start, end }`", () => {
    const index = new LineIndex("ab\ncd\n");
    const range = index.range(1, 4);
    expect(range).toBeInstanceOf(SourceRange);
    expect(range.start).toEqual({ offset: 1, line: 1, column: 2 });
    expect(range.end).toEqual({ offset: 4, line: 2, column: 2 });
    expect(JSON.parse(JSON.stringify(range))).toEqual({ start: { offset: 1, line: 1, column: 2 }, end: { offset: 4, line: 2, column: 2 } });
  });
});

describe("SourceRange's helpers", () => {
  const index = new LineIndex("ab\ncd\nef\n");
  const plain: Range = { start: { offset: 1, line: 1, column: 2 }, end: { offset: 4, line: 2, column: 2 } };

  test("offsets of a SourceRange and of a plain range", () => {
    const range = index.range(2, 7);
    expect([SourceRange.startOffsetOf(range), SourceRange.endOffsetOf(range)]).toEqual([2, 7]);
    expect([SourceRange.startOffsetOf(plain), SourceRange.endOffsetOf(plain)]).toEqual([1, 4]);
  });

  test("moved: either kind of range, by an offset, into another file's index", () => {
    const other = new LineIndex("x\nab\ncd\nef\n");
    for (const range of [index.range(1, 4), plain]) {
      const moved = SourceRange.moved(range, 2, other);
      expect(JSON.parse(JSON.stringify(moved))).toEqual({ start: { offset: 3, line: 2, column: 2 }, end: { offset: 6, line: 3, column: 2 } });
      expect(SourceRange.lineIndexOf(moved)).toBe(other);
    }
  });

  test("keep and remake: a SourceRange keeps its index and is made again from offsets; another range is kept itself", () => {
    const kept = SourceRange.keep(index.range(1, 4));
    expect(kept).toBe(index);
    expect(JSON.parse(JSON.stringify(SourceRange.remake(kept, 3, 5)))).toEqual({ start: { offset: 3, line: 2, column: 1 }, end: { offset: 5, line: 2, column: 3 } });
    expect(SourceRange.keep(plain)).toBe(plain);
    expect(SourceRange.remake(plain, 3, 5)).toBe(plain);
    expect(SourceRange.lineIndexOf(index.range(0, 0))).toBe(index);
    expect(SourceRange.lineIndexOf(plain)).toBeUndefined();
  });
});
