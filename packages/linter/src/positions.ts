import type { Position, Range } from "@dfbuild/parser";

/** Converts UTF-16 offsets to 1-based line/column positions, as the parser counts them. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { offset: clamped, line: low + 1, column: clamped - (this.lineStarts[low] ?? 0) + 1 };
  }

  /**
   * A range whose line/column positions are computed when read: rules and the shell view make
   * ranges for every word and command, and most are never read, so a range holds two offsets
   * instead of three objects (on a file of 300,000 RUNs, hundreds of megabytes).
   */
  range(start: number, end: number): Range {
    return new LazyRange(this, start, end);
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? this.text.length;
  }

  /** The text of a 1-based line, without its line ending. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = this.lineStarts[line] ?? this.text.length + 1;
    return this.text.slice(start, next - 1).replace(/\r$/, "");
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

/** `range` moved `by` characters, in the file `lines` indexes (read without computing its positions). */
export function shiftRange(range: Range, by: number, lines: LineIndex): Range {
  return LazyRange.shift(range, by, lines);
}

/** A range of offsets into a file; `start` and `end` are computed from its line index when read. */
class LazyRange implements Range {
  readonly #lines: LineIndex;
  readonly #start: number;
  readonly #end: number;

  constructor(lines: LineIndex, start: number, end: number) {
    this.#lines = lines;
    this.#start = start;
    this.#end = end;
  }

  get start(): Position {
    return this.#lines.position(this.#start);
  }

  get end(): Position {
    return this.#lines.position(this.#end);
  }

  static shift(range: Range, by: number, lines: LineIndex): Range {
    if (range instanceof LazyRange) return new LazyRange(lines, range.#start + by, range.#end + by);
    return new LazyRange(lines, range.start.offset + by, range.end.offset + by);
  }

  /** `JSON.stringify` and structured clones see the plain `{ start, end }` form. */
  toJSON(): { start: Position; end: Position } {
    return { start: this.start, end: this.end };
  }
}
