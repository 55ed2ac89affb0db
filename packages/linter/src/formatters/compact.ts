import type { Formatter } from "./types.js";
import { reportPath } from "./paths.js";
import { ruleLabel } from "./label.js";
import { visible } from "./visible.js";

/**
 * One line per finding: `file:line:col: severity: message [rule]` (editors' error format). Read
 * at terminals too, so a binary file's control characters are shown as control pictures.
 */
export const compact: Formatter = (results, context) =>
  results
    .flatMap((result) =>
      result.findings.map(
        (finding) =>
          `${visible(reportPath(result.filePath, context.cwd))}:${finding.range.start.line}:${finding.range.start.column}: ${finding.severity}: ${visible(finding.message)} [${ruleLabel(finding)}]\n`,
      ),
    )
    .join("");
