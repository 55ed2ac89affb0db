import type { Severity } from "../types.js";
import type { Formatter } from "./types.js";
import { reportPath } from "./paths.js";
import { ruleLabel } from "./label.js";

const GITLAB_SEVERITY: Record<Severity, string> = { error: "major", warning: "minor", info: "info", style: "info" };

/** GitLab Code Quality report (a JSON array of Code Climate issues). */
export const gitlab: Formatter = (results, context) => {
  // Loaded here, not at the top: node:crypto is slow to load and only this format needs it.
  const { createHash } = process.getBuiltinModule("node:crypto");
  const issues = results.flatMap((result) => {
    const path = reportPath(result.filePath, context.cwd);
    return result.findings.map((finding) => ({
      description: finding.message,
      check_name: ruleLabel(finding),
      // Stable across unrelated edits: no line number, so a finding keeps its identity when lines move.
      fingerprint: createHash("sha256").update(`${path}\0${finding.ruleId}\0${finding.message}\0${result.source.slice(finding.range.start.offset, finding.range.end.offset)}`).digest("hex"),
      severity: GITLAB_SEVERITY[finding.severity],
      location: { path, lines: { begin: finding.range.start.line, end: finding.range.end.line } },
    }));
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};
