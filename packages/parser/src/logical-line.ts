import type { IToken } from "chevrotain";
import type { Range, TextSegment } from "./ast.js";
import { isLogicalText } from "./lexer.js";
import type { LineIndex } from "./positions.js";

/**
 * BuildKit's logical line — the physical lines of an instruction joined, continuations and the
 * comment and blank lines inside them removed — with a map from each of its characters back to
 * the source, so that anything found in the joined text gets an exact source range.
 */
export class LogicalLine {
  readonly text: string;
  /** Parallel arrays: a run of joined text starting at `joinedStarts[i]` begins at `sourceStarts[i]`. */
  private readonly joinedStarts: number[] = [];
  private readonly sourceStarts: number[] = [];
  private readonly endOffset: number;

  constructor(
    tokens: readonly IToken[],
    private readonly index: LineIndex,
  ) {
    // Each run of adjacent tokens is one slice of the source, not a concatenation of its tokens'
    // images: a one-line instruction's text is then a single string, not a chain of them.
    const source = index.text;
    let text = "";
    let runStart = -1;
    let lastSourceEnd = -1;
    for (const token of tokens) {
      if (!isLogicalText(token.tokenType)) continue;
      if (token.startOffset !== lastSourceEnd) {
        if (runStart >= 0) text += source.slice(runStart, lastSourceEnd);
        this.joinedStarts.push(text.length);
        this.sourceStarts.push(token.startOffset);
        runStart = token.startOffset;
      }
      lastSourceEnd = token.startOffset + token.image.length;
    }
    if (runStart >= 0) text += source.slice(runStart, lastSourceEnd);
    this.text = text;
    this.endOffset = lastSourceEnd < 0 ? (tokens[0]?.startOffset ?? 0) : lastSourceEnd;
  }

  /** Source offset of the joined-text offset `at` (the end maps to the end of the last run). */
  sourceOffset(at: number): number {
    const starts = this.joinedStarts;
    if (starts.length === 0) return this.endOffset;
    if (at >= this.text.length) return this.endOffset;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    return (this.sourceStarts[low] ?? 0) + at - (starts[low] ?? 0);
  }

  /** Source offset just after joined character `end - 1`. */
  sourceEnd(end: number, start: number): number {
    if (end <= start) return this.sourceOffset(start);
    return this.sourceOffset(end - 1) + 1;
  }

  /** The source runs of joined text [start, end), with offsets relative to `start`. */
  segments(start: number, end: number): TextSegment[] {
    const segments: TextSegment[] = [];
    const starts = this.joinedStarts;
    for (let i = 0; i < starts.length; i++) {
      const runStart = starts[i] ?? 0;
      const runEnd = starts[i + 1] ?? this.text.length;
      const from = Math.max(start, runStart);
      const to = Math.min(end, runEnd);
      if (from >= to) continue;
      segments.push({ offset: from - start, sourceOffset: (this.sourceStarts[i] ?? 0) + from - runStart, length: to - from });
    }
    // An array grown by push keeps room for 17 elements; the tree keeps one of these per shell
    // form, so it keeps an exact-size copy (most hold one segment).
    return segments.slice();
  }

  range(start: number, end: number): Range {
    const from = this.sourceOffset(start);
    const to = Math.max(from, this.sourceEnd(end, start));
    return this.index.range(from, to);
  }
}
