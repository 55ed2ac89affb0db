import type { Severity } from "../types.js";
import type { Formatter } from "./types.js";
import { reportPath } from "./paths.js";
import { ruleLabel } from "./label.js";
import { visible } from "./visible.js";

const COMMAND: Record<Severity, string> = { error: "error", warning: "warning", info: "notice", style: "notice" };

/**
 * The runner prints annotations to the log: control characters become control pictures first
 * (a CR too, so of @actions/core's `escapeData` — `%`, CR, LF — only `%` and LF are left to escape).
 */
function escapeData(text: string): string {
  return visible(text).replace(/%/g, "%25").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub Actions workflow commands: each finding becomes an annotation on the pull request. */
export const github: Formatter = (results, context) =>
  results
    .flatMap((result) =>
      result.findings.map((finding) => {
        const { start, end } = finding.range;
        const properties = [
          `file=${escapeProperty(reportPath(result.filePath, context.cwd))}`,
          `line=${start.line}`,
          `col=${start.column}`,
          `endLine=${end.line}`,
          // Annotations take an inclusive end column, and only on a single line.
          ...(end.line === start.line ? [`endColumn=${Math.max(start.column, end.column - 1)}`] : []),
          `title=${escapeProperty(ruleLabel(finding))}`,
        ];
        return `::${COMMAND[finding.severity]} ${properties.join(",")}::${escapeData(finding.message)}\n`;
      }),
    )
    .join("");
