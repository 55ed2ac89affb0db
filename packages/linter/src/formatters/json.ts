import type { Finding, LintResult } from "../types.js";
import { ChunkBuffer } from "./chunks.js";
import type { FormatContext, Formatter } from "./types.js";
import { reportPath } from "./paths.js";

/** One finding's row of the JSON report. */
function rowOf(file: string, finding: Finding) {
  return {
    file,
    rule: finding.ruleId,
    aliases: finding.aliases,
    ...(finding.code === undefined ? {} : { code: finding.code }),
    severity: finding.severity,
    message: finding.message,
    line: finding.range.start.line,
    column: finding.range.start.column,
    endLine: finding.range.end.line,
    endColumn: finding.range.end.column,
    ...(finding.fix ? { fix: finding.fix.map((edit) => ({ range: edit.range, text: edit.text })) } : {}),
    ...(finding.suggestions ? { suggestions: finding.suggestions } : {}),
  };
}

/**
 * `[{file, rule, aliases, severity, message, line, column, endLine, endColumn, fix?}]`, 1-based
 * positions, the bytes `JSON.stringify(rows, null, 2)` writes, made a row at a time and yielded
 * in chunks (see `ChunkBuffer`): the rows of 300,000 findings are never all in memory at once.
 * Each row is stringified alone and indented one level more; JSON escapes a line break inside a
 * string, so every "\n" in a row's text is one of its own line breaks.
 */
export function* jsonChunks(results: readonly LintResult[], context: FormatContext): Generator<string, void, undefined> {
  const out = new ChunkBuffer();
  let chunk: string | null;
  let rows = 0;
  for (const result of results) {
    const file = reportPath(result.filePath, context.cwd);
    for (const finding of result.findings) {
      const row = JSON.stringify(rowOf(file, finding), null, 2).replaceAll("\n", "\n  ");
      if ((chunk = out.add(`${rows === 0 ? "[\n" : ",\n"}  ${row}`)) !== null) yield chunk;
      rows++;
    }
  }
  out.add(rows === 0 ? "[]\n" : "\n]\n");
  yield out.flush();
}

/** The JSON report as one string. */
export const json: Formatter = (results, context) => Array.from(jsonChunks(results, context)).join("");
