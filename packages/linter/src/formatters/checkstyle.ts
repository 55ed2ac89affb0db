import type { Formatter } from "./types.js";
import { reportPath } from "./paths.js";
import { ruleLabel } from "./label.js";

const ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;" };

/**
 * An attribute value. Characters XML 1.0 forbids even as references (control characters, from a
 * binary file's parse error) become U+FFFD, so the report stays well-formed; tabs and line breaks
 * are kept as references, which attribute normalisation would otherwise turn into spaces.
 */
function xml(text: string): string {
  return text.replace(/[<>&"'\t\n\r]|[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu, (ch) => ENTITIES[ch] ?? "\uFFFD");
}

/** Checkstyle XML, as Jenkins and many CI dashboards read it. */
export const checkstyle: Formatter = (results, context) => {
  let out = '<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">\n';
  for (const result of results) {
    out += `  <file name="${xml(reportPath(result.filePath, context.cwd))}">\n`;
    for (const finding of result.findings) {
      const severity = finding.severity === "style" ? "info" : finding.severity;
      out += `    <error line="${finding.range.start.line}" column="${finding.range.start.column}" severity="${severity}" message="${xml(finding.message)}" source="dfbuild.${xml(ruleLabel(finding))}"/>\n`;
    }
    out += "  </file>\n";
  }
  return `${out}</checkstyle>\n`;
};
