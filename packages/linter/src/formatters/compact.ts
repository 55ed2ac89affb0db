import type { Formatter } from "./types.js";
import { reportPath } from "./paths.js";

/** One line per finding: `file:line:col: severity: message [rule]` (editors' error format). */
export const compact: Formatter = (results, context) =>
  results
    .flatMap((result) =>
      result.findings.map(
        (finding) =>
          `${reportPath(result.filePath, context.cwd)}:${finding.range.start.line}:${finding.range.start.column}: ${finding.severity}: ${finding.message} [${finding.ruleId}]\n`,
      ),
    )
    .join("");
