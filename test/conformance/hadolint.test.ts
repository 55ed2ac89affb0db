/**
 * Replays hadolint's own test assertions (../shared/conformance/hadolint-cases) against every rule
 * that has the case's code as an alias: same verdict, same count where the case pins one.
 */
import { type LabelType, type LintConfig, RuleRegistry, defaultConfig, lintText } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { describe, expect, test } from "vitest";
import { readShared } from "../shared.js";

interface HadolintCase {
  rule: string;
  dockerfile: string;
  expect: "pass" | "fail";
  onbuild: boolean;
  onbuild_dockerfile?: string;
  count?: number;
  config?: { ignored?: string[]; trustedRegistries?: string[]; "label-schema"?: Record<string, LabelType>; "strict-labels"?: boolean };
  source: string;
  line: number;
  name: string;
}

const registry = new RuleRegistry(rules);
const cases = readShared("conformance", "hadolint-cases", "cases.jsonl")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as HadolintCase);
/**
 * The rules a case is about: its code's rules; `SC*` (any ShellCheck finding) the shellcheck
 * rule; `*` (no finding of any enabled rule, hadolint's regression tests) every rule.
 */
function rulesOf(testCase: HadolintCase): string[] {
  if (testCase.rule === "SC*") return ["shellcheck"];
  if (testCase.rule === "*") return registry.rules.map((rule) => rule.meta.id);
  return registry.resolve(testCase.rule).map((rule) => rule.meta.id);
}

const covered = cases.filter((testCase) => rulesOf(testCase).length > 0);
// The ShellCheck cases need the shellcheck program: CI installs it (scripts/shellcheck.sh).
const shellcheckHere = registry.get("shellcheck")?.meta.unavailable?.() === null;
const needsShellcheck = (testCase: HadolintCase): boolean => testCase.rule === "SC*" || testCase.rule === "*";
if (!shellcheckHere && process.env.CI !== "true") {
  const skipped = cases.filter(needsShellcheck).length;
  console.warn(`hadolint cases: shellcheck is not on PATH, so the ${String(skipped)} SC* and * cases did not run (scripts/shellcheck.sh installs it)`);
}

function configFor(testCase: HadolintCase): LintConfig {
  // hadolint's own verdicts are what the `hadolint` preset reproduces.
  const config: LintConfig = { ...defaultConfig(), preset: "hadolint" };
  // The upstream harness runs the rule before severities apply, so rules hadolint reports only
  // when configured (severity `ignore`: DL1001, DL3057) fire there too.
  if (testCase.rule !== "*") for (const id of rulesOf(testCase)) if (registry.get(id)?.meta.hadolint === "off") config.levels.set(id, "info");
  for (const code of testCase.config?.ignored ?? []) for (const rule of registry.resolve(code)) config.levels.set(rule.meta.id, "off");
  config.trustedRegistries = testCase.config?.trustedRegistries ?? [];
  config.labelSchema = new Map(Object.entries(testCase.config?.["label-schema"] ?? {}));
  config.strictLabels = testCase.config?.["strict-labels"] ?? false;
  return config;
}

test("every one of hadolint's cases runs", () => {
  expect(covered.length).toBe(cases.length);
  expect(cases.length).toBe(1104);
  const codes = [...new Set(covered.map((testCase) => testCase.rule))].filter((code) => code.startsWith("DL")).sort();
  expect(codes).toEqual(["DL1001", "DL3000", "DL3001", "DL3002", "DL3003", "DL3004", "DL3006", "DL3007", "DL3008", "DL3009", "DL3010", "DL3011", "DL3012", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018", "DL3019", "DL3020", "DL3021", "DL3022", "DL3023", "DL3024", "DL3025", "DL3026", "DL3027", "DL3028", "DL3029", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036", "DL3037", "DL3038", "DL3040", "DL3041", "DL3042", "DL3043", "DL3044", "DL3045", "DL3046", "DL3047", "DL3048", "DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3057", "DL3058", "DL3059", "DL3060", "DL3061", "DL3062", "DL3063", "DL3064", "DL3065", "DL3066", "DL3067", "DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006"]);
});

describe.each(covered.map((testCase) => [`${testCase.rule} ${testCase.expect}${testCase.onbuild ? " (onbuild)" : ""} ${testCase.source}:${testCase.line}`, testCase] as const))(
  "%s",
  (_, testCase) => {
    test.skipIf(needsShellcheck(testCase) && !shellcheckHere && process.env.CI !== "true")(testCase.name, () => {
      const ids = rulesOf(testCase);
      // The upstream harness appends a newline before parsing.
      const text = `${testCase.onbuild ? (testCase.onbuild_dockerfile ?? testCase.dockerfile) : testCase.dockerfile}\n`;
      const result = lintText(text, { registry, config: configFor(testCase), only: testCase.rule === "*" ? undefined : ids });
      const count = result.findings.filter((finding) => ids.includes(finding.ruleId)).length;
      if (testCase.count !== undefined) expect(count).toBe(testCase.count);
      else if (testCase.expect === "fail") expect(count).toBeGreaterThan(0);
      else expect(count).toBe(0);
    });
  },
);
