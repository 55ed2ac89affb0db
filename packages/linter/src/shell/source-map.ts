import type { Instruction } from "@dfbuild/parser";

/** Token types that hold no text of the logical line (BuildKit drops them when it joins lines). */
const NOT_LOGICAL = new Set([
  "Continuation",
  "LeadingContinuation",
  "ContinuationComment",
  "EmptyContinuationLine",
  "InstructionEnd",
  "HeredocStart",
  "HeredocLine",
  "HeredocEnd",
  "HeredocLastEnd",
  "Indent",
  "LineEnd",
]);

/** A piece of script text and where each of its characters is in the Dockerfile. */
export interface MappedText {
  text: string;
  readonly segments: readonly Segment[];
  /** Source offset of a script offset (an offset at the end maps to the end of the last piece). */
  toSource(offset: number): number;
}

export interface Segment {
  scriptStart: number;
  sourceStart: number;
  length: number;
}

function mapped(text: string, segments: Segment[]): MappedText {
  return {
    text,
    segments,
    toSource(offset) {
      for (const segment of segments) {
        if (offset < segment.scriptStart + segment.length) return segment.sourceStart + Math.max(0, offset - segment.scriptStart);
      }
      const last = segments[segments.length - 1];
      return last ? last.sourceStart + last.length : 0;
    },
  };
}

/**
 * The shell-form command of an instruction as BuildKit hands it to the shell (continuations and
 * comment lines removed), mapped back to the source so findings and fixes land on exact ranges.
 */
export function commandText(instruction: Instruction, commandStart: number, commandValue: string): MappedText {
  const segments: Segment[] = [];
  let text = "";
  for (const token of instruction.tokens) {
    if (NOT_LOGICAL.has(token.type)) continue;
    const start = token.range.start.offset;
    const end = token.range.end.offset;
    if (end <= commandStart) continue;
    const from = Math.max(start, commandStart);
    const piece = token.text.slice(from - start);
    segments.push({ scriptStart: text.length, sourceStart: from, length: piece.length });
    text += piece;
  }
  // BuildKit trims the joined line; keep the exact value it runs.
  if (!text.startsWith(commandValue)) return mapped(commandValue, [{ scriptStart: 0, sourceStart: commandStart, length: commandValue.length }]);
  return mapped(commandValue, segments);
}

/** Joins mapped pieces; `glue` text between them maps to the end of the piece before it. */
export function concatMapped(pieces: readonly (MappedText | string)[]): MappedText {
  let text = "";
  const segments: Segment[] = [];
  let lastSource = 0;
  for (const piece of pieces) {
    if (typeof piece === "string") {
      segments.push({ scriptStart: text.length, sourceStart: lastSource, length: 0 });
      text += piece;
      continue;
    }
    for (const segment of piece.segments) {
      segments.push({ ...segment, scriptStart: segment.scriptStart + text.length });
      lastSource = segment.sourceStart + segment.length;
    }
    text += piece.text;
  }
  return mapped(text, segments);
}

/** A heredoc body is verbatim source text. */
export function heredocText(content: string, bodyStart: number): MappedText {
  return mapped(content, [{ scriptStart: 0, sourceStart: bodyStart, length: content.length }]);
}
