import type { Position, Range } from "./ast.js";

/** Converts offsets to 1-based line/column positions (lines split on `\n`, as BuildKit does). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) {
      this.starts.push(index + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Lookups come mostly in source order: the last line found is tried first. */
  private lastLine = 0;

  /** 0-based index of the line containing `offset`. */
  lineOf(offset: number): number {
    const starts = this.starts;
    const last = this.lastLine;
    if ((starts[last] ?? 0) <= offset && (last + 1 >= starts.length || (starts[last + 1] ?? 0) > offset)) return last;
    if (last + 1 < starts.length && (starts[last + 1] ?? 0) <= offset && (last + 2 >= starts.length || (starts[last + 2] ?? 0) > offset)) {
      this.lastLine = last + 1;
      return last + 1;
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    this.lastLine = low;
    return low;
  }

  lineStart(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { offset, line: line + 1, column: offset - (this.starts[line] ?? 0) + 1 };
  }

  range(start: number, end: number): Range {
    return new SourceRange(this, start, end);
  }
}

/**
 * A range that computes its line/column positions when they are read. A parse creates several
 * ranges per instruction and most are never read, so storing two offsets instead of three
 * objects keeps large files fast. `JSON.stringify` gives the plain `{ start, end }` form.
 */
export class SourceRange implements Range {
  readonly #index: LineIndex;
  readonly #start: number;
  readonly #end: number;

  constructor(index: LineIndex, start: number, end: number) {
    this.#index = index;
    this.#start = start;
    this.#end = end;
  }

  get start(): Position {
    return this.#index.position(this.#start);
  }

  get end(): Position {
    return this.#index.position(this.#end);
  }

  toJSON(): { start: Position; end: Position } {
    return { start: this.start, end: this.end };
  }

  /** `range` moved `by` characters, into the file `index` indexes. */
  static moved(range: Range, by: number, index: LineIndex): Range {
    if (range instanceof SourceRange) return new SourceRange(index, range.#start + by, range.#end + by);
    return new SourceRange(index, range.start.offset + by, range.end.offset + by);
  }

  /** Where `range` starts, read without making its line and column when it is a `SourceRange`. */
  static startOffsetOf(range: Range): number {
    return range instanceof SourceRange ? range.#start : range.start.offset;
  }

  /** Where `range` ends, read without making its line and column when it is a `SourceRange`. */
  static endOffsetOf(range: Range): number {
    return range instanceof SourceRange ? range.#end : range.end.offset;
  }

  /**
   * A node of a large file's tree can keep a range as two offsets and what `keep` gives (the line
   * index of a `SourceRange`, any other range itself), in its own fields, and make the range when
   * it is read (`remake`): the tree holds a few ranges per instruction, most never read, and a
   * `SourceRange` object each was a fifth of its memory, which the garbage collector copies while
   * the tree grows.
   */
  static keep(range: Range): LineIndex | Range {
    return range instanceof SourceRange ? range.#index : range;
  }

  /** The range a node kept with `keep` and the two offsets. */
  static remake(kept: LineIndex | Range, start: number, end: number): Range {
    return kept instanceof LineIndex ? new SourceRange(kept, start, end) : kept;
  }

  /** The line index a range of a parsed file was made with: more ranges in the same file come from it. */
  static lineIndexOf(range: Range): LineIndex | undefined {
    return range instanceof SourceRange ? range.#index : undefined;
  }
}

