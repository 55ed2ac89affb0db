import type { Finding } from "../types.js";

/** How a finding's rule is named in one-line reports: `shellcheck/SC2086` when it has its own code. */
export function ruleLabel(finding: Finding): string {
  return finding.code === undefined ? finding.ruleId : `${finding.ruleId}/${finding.code}`;
}
