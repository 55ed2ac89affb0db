import type { Formatter } from "./types.js";
import { reportPath } from "./paths.js";

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[ch] ?? ch);
}

/** Checkstyle XML, as Jenkins and many CI dashboards read it. */
export const checkstyle: Formatter = (results, context) => {
  let out = '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n';
  for (const result of results) {
    out += `  <file name="${xml(reportPath(result.filePath, context.cwd))}">\n`;
    for (const finding of result.findings) {
      const severity = finding.severity === "style" ? "info" : finding.severity;
      out += `    <error line="${finding.range.start.line}" column="${finding.range.start.column}" severity="${severity}" message="${xml(finding.message)}" source="dfbuild.${xml(finding.ruleId)}"/>\n`;
    }
    out += "  </file>\n";
  }
  return `${out}</checkstyle>\n`;
};
