import type { Range } from "@dfbuild/parser";

/** A text edit: replace `[range[0], range[1])` (UTF-16 offsets) with `text`. */
export interface Fix {
  range: readonly [number, number];
  text: string;
}

type Ranged = { range: Range } | Range;

function offsets(target: Ranged): [number, number] {
  const range = "start" in target ? target : target.range;
  return [range.start.offset, range.end.offset];
}

/** Builds fixes; every method reduces to a `{ range, text }` edit (ESLint's fixer shape). */
export class RuleFixer {
  insertTextBefore(target: Ranged, text: string): Fix {
    const [start] = offsets(target);
    return { range: [start, start], text };
  }

  insertTextAfter(target: Ranged, text: string): Fix {
    const [, end] = offsets(target);
    return { range: [end, end], text };
  }

  insertTextAt(offset: number, text: string): Fix {
    return { range: [offset, offset], text };
  }

  replaceText(target: Ranged, text: string): Fix {
    return { range: offsets(target), text };
  }

  replaceTextRange(range: readonly [number, number], text: string): Fix {
    return { range: [range[0], range[1]], text };
  }

  remove(target: Ranged): Fix {
    return { range: offsets(target), text: "" };
  }

  removeRange(range: readonly [number, number]): Fix {
    return { range: [range[0], range[1]], text: "" };
  }
}

/** Sorts one report's edits and rejects overlapping ones: a report's fix is applied whole or not at all. */
export function normalizeFix(fixes: readonly Fix[]): Fix[] {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    if (previous && current && current.range[0] < previous.range[1]) {
      throw new Error(`a fix has overlapping edits at offsets ${previous.range[0]} and ${current.range[0]}`);
    }
  }
  return sorted;
}

export interface FixOutcome {
  output: string;
  /** How many reports' fixes were applied. */
  applied: number;
  /** Fixes left out because they overlapped one already applied (the next pass retries them). */
  skipped: number;
}

/**
 * Applies each group of edits (one group per finding) whole, in source order, skipping any group
 * that overlaps or touches a group already applied, as ESLint's source-code-fixer does.
 */
export function applyFixes(text: string, groups: readonly (readonly Fix[])[]): FixOutcome {
  const ordered = groups
    .filter((group) => group.length > 0)
    .map((group) => ({ group, start: Math.min(...group.map((fix) => fix.range[0])), end: Math.max(...group.map((fix) => fix.range[1])) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let output = "";
  let cursor = 0;
  let lastEnd = -1;
  let applied = 0;
  let skipped = 0;
  for (const { group, start, end } of ordered) {
    if (start <= lastEnd) {
      skipped++;
      continue;
    }
    for (const fix of group) {
      output += text.slice(cursor, fix.range[0]) + fix.text;
      cursor = fix.range[1];
    }
    lastEnd = end;
    applied++;
  }
  return { output: output + text.slice(cursor), applied, skipped };
}
