import type { ShellForm } from "@dfbuild/parser";

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
export function commandText(command: ShellForm): MappedText {
  return mapped(
    command.value,
    command.segments.map((segment) => ({ scriptStart: segment.offset, sourceStart: segment.sourceOffset, length: segment.length })),
  );
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
