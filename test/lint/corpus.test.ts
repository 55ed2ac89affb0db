/**
 * The real-world corpus: linting every file finishes without a crashed rule, and --fix leaves
 * no fixable finding behind and never makes a file unparsable.
 */
import { RuleRegistry, fixText, lintText } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { expect, test } from "vitest";
import { corpusFiles } from "../shared.js";

const registry = new RuleRegistry(rules);
const files = corpusFiles();

test("the corpus is there", () => {
  expect(files.length).toBeGreaterThan(1000);
});

test("every file lints without a rule crashing", () => {
  const crashes: string[] = [];
  let findings = 0;
  for (const [name, text] of files) {
    const result = lintText(text, { registry, filePath: name });
    findings += result.findings.length;
    for (const finding of result.findings) if (finding.message.includes("crashed")) crashes.push(`${name}: ${finding.message}`);
  }
  expect(crashes).toEqual([]);
  expect(findings).toBeGreaterThan(0);
}, 120_000);

test("--fix converges on every file and never breaks parsing", () => {
  const problems: string[] = [];
  for (const [name, text] of files) {
    const before = lintText(text, { registry, filePath: name });
    if (!before.findings.some((finding) => finding.fix)) continue;
    const fixed = fixText(text, { registry, filePath: name });
    const parseErrors = (findings: typeof before.findings) => findings.filter((finding) => finding.ruleId === "parse-error" && finding.severity === "error").length;
    if (parseErrors(fixed.findings) > parseErrors(before.findings)) problems.push(`${name}: the fixes introduced a parse error`);
    const left = fixed.findings.filter((finding) => finding.fix);
    if (left.length > 0) problems.push(`${name}: still fixable after --fix: ${left.map((finding) => finding.ruleId).join(", ")}`);
  }
  expect(problems).toEqual([]);
}, 300_000);
