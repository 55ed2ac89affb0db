import type { LintResult } from "../types.js";
import { ChunkBuffer } from "./chunks.js";
import type { FormatContext, Formatter } from "./types.js";
import { reportPath } from "./paths.js";
import { ruleLabel } from "./label.js";
import { visible } from "./visible.js";

/**
 * One line per finding: `file:line:col: severity: message [rule]` (editors' error format). Read
 * at terminals too, so a binary file's control characters are shown as control pictures. Yielded
 * in chunks as it is made (see `ChunkBuffer`); `compact` joins them.
 */
export function* compactChunks(results: readonly LintResult[], context: FormatContext): Generator<string, void, undefined> {
  const out = new ChunkBuffer();
  let chunk: string | null;
  for (const result of results) {
    const path = visible(reportPath(result.filePath, context.cwd));
    for (const finding of result.findings) {
      const { start } = finding.range;
      if ((chunk = out.add(`${path}:${start.line}:${start.column}: ${finding.severity}: ${visible(finding.message)} [${ruleLabel(finding)}]\n`)) !== null) yield chunk;
    }
  }
  yield out.flush();
}

/** The compact report as one string. */
export const compact: Formatter = (results, context) => Array.from(compactChunks(results, context)).join("");
