/**
 * RuleTester: table-driven tests for one rule (ESLint's shape). It enforces that a case whose
 * rule fixes the code states `output`, that every expected messageId exists, and that no case is
 * listed twice.
 */
import { describe, expect, test } from "vitest";
import { type LintConfig, defaultConfig } from "../config.js";
import { fixText, lintText } from "../engine.js";
import { applyFixes } from "../fixer.js";
import { fixMeaningChange } from "./fix-meaning.js";

export { type FileMeaning, type InstructionMeaning, fileMeaning, fixMeaningChange } from "./fix-meaning.js";
import { presetLevel } from "../presets.js";
import { RuleRegistry } from "../registry.js";
import type { AnyRule, Finding, LabelType, PresetName, Rule } from "../types.js";

export interface ValidCase {
  code: string;
  name?: string;
  trustedRegistries?: string[];
  /** The preset in effect (default `recommended`); `hadolint` cases check hadolint's exact verdicts. */
  preset?: PresetName;
  /** hadolint's `label-schema`, as label → type. */
  labelSchema?: Record<string, LabelType>;
  strictLabels?: boolean;
  /** The build context's `.dockerignore` text (CopyIgnoredFile). */
  dockerignore?: string;
}

export interface ExpectedSuggestion {
  messageId?: string;
  /** The text after applying this suggestion alone. */
  output: string;
}

export interface ExpectedError<MessageId extends string = string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  suggestions?: ExpectedSuggestion[];
}

export interface InvalidCase<MessageId extends string = string> extends ValidCase {
  /** The text after every automatic fix; `null` asserts the rule fixes nothing. */
  output?: string | null;
  errors: ExpectedError<MessageId>[];
}

export interface RuleTests<MessageId extends string> {
  valid: (string | ValidCase)[];
  invalid: InvalidCase<MessageId>[];
}

function title(testCase: ValidCase): string {
  return testCase.name ?? JSON.stringify(testCase.code).slice(0, 80);
}

function lintOptions(rule: AnyRule, testCase: ValidCase): { registry: RuleRegistry; config: LintConfig; only: string[]; dockerignore?: string } {
  const preset = testCase.preset ?? "recommended";
  // The rule under test runs whatever its preset says (an opt-in rule, or one hadolint only runs
  // when configured), at the severity the preset would give it when it is on.
  const level = presetLevel(rule, { name: preset, version: "latest" });
  const config: LintConfig = {
    ...defaultConfig(),
    levels: new Map([[rule.meta.id, level === "off" ? rule.meta.severity : level]]),
    trustedRegistries: testCase.trustedRegistries ?? [],
    preset,
    labelSchema: new Map(Object.entries(testCase.labelSchema ?? {})),
    strictLabels: testCase.strictLabels ?? false,
  };
  return { registry: new RuleRegistry([rule]), config, only: [rule.meta.id], ...(testCase.dockerignore === undefined ? {} : { dockerignore: testCase.dockerignore }) };
}

function findingsOf(rule: AnyRule, testCase: ValidCase): Finding[] {
  const result = lintText(testCase.code, lintOptions(rule, testCase));
  return result.findings.filter((finding) => finding.ruleId === rule.meta.id);
}

function ownFindings(rule: AnyRule, testCase: ValidCase): Finding[] {
  const findings = findingsOf(rule, testCase);
  if (rule.meta.mentions !== undefined) {
    // `meta.mentions` only spares the engine calls that cannot find anything: the rule called on
    // every RUN must find the same.
    const meta = { ...rule.meta };
    delete meta.mentions;
    expect(ownFindings({ ...rule, meta }, testCase), `${rule.meta.id}'s findings when called on every RUN (meta.mentions must hold wherever it reports)`).toEqual(findings);
  }
  if (typeof rule.meta.shell === "function") {
    // `meta.shell` only says which scripts the rule needs parsed, so that a RUN it cannot report
    // costs no parse: given every script (as it is whenever another rule asked for the same one),
    // the rule must find the same. Otherwise its findings would depend on which other rules run.
    expect(findingsOf({ ...rule, meta: { ...rule.meta, shell: true } }, testCase), `${rule.meta.id}'s findings with every script parsed (meta.shell must let through every RUN it reports)`).toEqual(findings);
  }
  return findings;
}

/** Throws when two cases have the same code and settings. */
export function checkUnique(cases: readonly ValidCase[]): void {
  const seen = new Set<string>();
  for (const testCase of cases) {
    const key = JSON.stringify({
      code: testCase.code,
      trustedRegistries: testCase.trustedRegistries ?? [],
      preset: testCase.preset ?? "recommended",
      labelSchema: testCase.labelSchema ?? {},
      strictLabels: testCase.strictLabels ?? false,
      dockerignore: testCase.dockerignore ?? null,
    });
    if (seen.has(key)) throw new Error(`duplicate test case: ${title(testCase)}`);
    seen.add(key);
  }
}

/** Throws when the rule reports anything on a valid case. */
export function checkValidCase(rule: AnyRule, testCase: ValidCase): void {
  expect(ownFindings(rule, testCase).map((finding) => finding.message)).toEqual([]);
}

/** Throws when the findings, their positions and data, suggestions or the fix output differ. */
export function checkInvalidCase(rule: AnyRule, testCase: InvalidCase): void {
  for (const error of testCase.errors) {
    if (!(error.messageId in rule.meta.messages)) throw new Error(`messageId "${error.messageId}" is not in ${rule.meta.id}'s meta.messages`);
  }
  const findings = ownFindings(rule, testCase);
  // A report whose data misses a placeholder its message names shows people "{{name}}".
  for (const finding of findings) {
    for (const message of [finding.message, ...(finding.suggestions ?? []).map((suggestion) => suggestion.message)]) {
      expect(message, "a message placeholder its report's data did not fill").not.toMatch(/\{\{\s*\w+\s*\}\}/);
    }
  }
  expect(findings.map((finding) => finding.messageId), "findings (messageIds)").toEqual(testCase.errors.map((error) => error.messageId));
  testCase.errors.forEach((error, i) => {
    const finding = findings[i];
    if (!finding) return;
    const { start, end } = finding.range;
    const actual = { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
    const positions = (["line", "column", "endLine", "endColumn"] as const).filter((key) => error[key] !== undefined);
    expect(Object.fromEntries(positions.map((key) => [key, actual[key]])), `position of error ${i}`).toEqual(Object.fromEntries(positions.map((key) => [key, error[key]])));
    if (error.data) {
      const template = rule.meta.messages[error.messageId] ?? "";
      const data = error.data;
      expect(finding.message).toBe(template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => (key in data ? String(data[key]) : match)));
    }
    if (error.suggestions) {
      const applied = (finding.suggestions ?? []).map((suggestion) => applyFixes(testCase.code, [suggestion.fix]).output);
      expect(applied, `suggestions of error ${i}`).toEqual(error.suggestions.map((suggestion) => suggestion.output));
    }
  });
  // Each fix alone, then all of them: what BuildKit reads changes only as the rule declares.
  for (const finding of findings) {
    if (!finding.fix) continue;
    const changes = rule.meta.fixChanges;
    if (changes === undefined) throw new Error(`${rule.meta.id} fixes code: declare what its fixes may change (meta.fixChanges)`);
    expect(fixMeaningChange(testCase.code, applyFixes(testCase.code, [finding.fix]).output, changes), "the fix changed what BuildKit reads").toBeNull();
  }
  const fixed = fixText(testCase.code, lintOptions(rule, testCase));
  if (fixed.fixed) expect(fixMeaningChange(testCase.code, fixed.output, rule.meta.fixChanges ?? []), "the fixes changed what BuildKit reads").toBeNull();
  if (fixed.fixed && testCase.output === undefined) throw new Error(`The rule fixed the code; add output: ${JSON.stringify(fixed.output)}`);
  if (testCase.output === null) expect(fixed.fixed, "the rule must not fix this case").toBe(false);
  else if (testCase.output !== undefined) expect(fixed.output).toBe(testCase.output);
}

export class RuleTester {
  run<MessageId extends string>(rule: Rule<MessageId>, tests: RuleTests<MessageId>): void {
    const anyRule = rule as unknown as AnyRule;
    const valid = tests.valid.map((item) => (typeof item === "string" ? { code: item } : item));
    describe(rule.meta.id, () => {
      test("cases are unique", () => {
        checkUnique([...valid, ...tests.invalid]);
      });
      describe("valid", () => {
        test.each(valid.map((testCase) => [title(testCase), testCase] as const))("%s", (_, testCase) => {
          checkValidCase(anyRule, testCase);
        });
      });
      describe("invalid", () => {
        test.each(tests.invalid.map((testCase) => [title(testCase), testCase] as const))("%s", (_, testCase) => {
          checkInvalidCase(anyRule, testCase);
        });
      });
    });
  }
}
