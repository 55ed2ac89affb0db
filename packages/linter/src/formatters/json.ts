import type { Formatter } from "./types.js";
import { reportPath } from "./paths.js";

/** `[{file, rule, aliases, severity, message, line, column, endLine, endColumn, fix?}]`, 1-based positions. */
export const json: Formatter = (results, context) => {
  const rows = results.flatMap((result) =>
    result.findings.map((finding) => ({
      file: reportPath(result.filePath, context.cwd),
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
    })),
  );
  return `${JSON.stringify(rows, null, 2)}\n`;
};
