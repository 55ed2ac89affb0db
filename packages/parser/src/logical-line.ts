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
  /**
   * Where the joined text's first run starts in the source. Most instructions are one run (one
   * physical line): they need no more, and make no arrays.
   */
  private readonly firstSourceStart: number;
  /** With two runs or more, parallel arrays: the run starting at `joinedStarts[i]` begins at `sourceStarts[i]`. */
  private readonly joinedStarts: number[] | null = null;
  private readonly sourceStarts: number[] | null = null;
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
    let joinedStarts: number[] | null = null;
    let sourceStarts: number[] | null = null;
    for (const token of tokens) {
      if (!isLogicalText(token.tokenType)) continue;
      if (token.startOffset !== lastSourceEnd) {
        if (runStart >= 0) {
          text += source.slice(runStart, lastSourceEnd);
          joinedStarts ??= [0];
          sourceStarts ??= [runStart];
          joinedStarts.push(text.length);
          sourceStarts.push(token.startOffset);
        }
        runStart = token.startOffset;
      }
      lastSourceEnd = token.startOffset + token.image.length;
    }
    if (runStart >= 0) text += source.slice(runStart, lastSourceEnd);
    this.text = text;
    this.firstSourceStart = runStart < 0 ? -1 : (sourceStarts?.[0] ?? runStart);
    this.joinedStarts = joinedStarts;
    this.sourceStarts = sourceStarts;
    this.endOffset = lastSourceEnd < 0 ? (tokens[0]?.startOffset ?? 0) : lastSourceEnd;
  }

  /** Index of the run holding joined offset `at` (0 <= at < text.length). */
  private runOf(at: number): number {
    const starts = this.joinedStarts;
    if (starts === null) return 0;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** Source offset of the joined-text offset `at` (the end maps to the end of the last run). */
  sourceOffset(at: number): number {
    if (this.firstSourceStart < 0 || at >= this.text.length) return this.endOffset;
    if (this.joinedStarts === null) return this.firstSourceStart + at;
    const run = this.runOf(at);
    return (this.sourceStarts?.[run] ?? 0) + at - (this.joinedStarts[run] ?? 0);
  }

  /** Source offset just after joined character `end - 1`. */
  sourceEnd(end: number, start: number): number {
    if (end <= start) return this.sourceOffset(start);
    return this.sourceOffset(end - 1) + 1;
  }

  /** Whether the non-empty joined text [start, end) is one unbroken run of the source. */
  isOneRun(start: number, end: number): boolean {
    if (start >= end || end > this.text.length) return false;
    const starts = this.joinedStarts;
    if (starts === null) return true;
    return (starts[this.runOf(start) + 1] ?? this.text.length) >= end;
  }

  /** The source runs of joined text [start, end), with offsets relative to `start`. */
  segments(start: number, end: number): TextSegment[] {
    const segments: TextSegment[] = [];
    if (this.firstSourceStart < 0) return segments;
    const starts = this.joinedStarts ?? [0];
    const sourceStarts = this.sourceStarts ?? [this.firstSourceStart];
    for (let i = 0; i < starts.length; i++) {
      const runStart = starts[i] ?? 0;
      const runEnd = starts[i + 1] ?? this.text.length;
      const from = Math.max(start, runStart);
      const to = Math.min(end, runEnd);
      if (from >= to) continue;
      segments.push({ offset: from - start, sourceOffset: (sourceStarts[i] ?? 0) + from - runStart, length: to - from });
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
