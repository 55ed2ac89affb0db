/**
 * RuleTester: table-driven tests for one rule (ESLint's shape). It enforces that a case whose
 * rule fixes the code states `output`, that every expected messageId exists, and that no case is
 * listed twice.
 */
import { describe, expect, test } from "vitest";
import { type LintConfig, defaultConfig } from "../config.js";
import { fixText, lintText } from "../engine.js";
import { applyFixes } from "../fixer.js";
import { RuleRegistry } from "../registry.js";
import type { AnyRule, Finding, Rule } from "../types.js";

export interface ValidCase {
  code: string;
  name?: string;
  trustedRegistries?: string[];
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

function caseConfig(testCase: ValidCase): LintConfig {
  return { ...defaultConfig(), trustedRegistries: testCase.trustedRegistries ?? [] };
}

function title(testCase: ValidCase): string {
  return testCase.name ?? JSON.stringify(testCase.code).slice(0, 80);
}

export class RuleTester {
  run<MessageId extends string>(rule: Rule<MessageId>, tests: RuleTests<MessageId>): void {
    const anyRule = rule as unknown as AnyRule;
    const registry = new RuleRegistry([anyRule]);
    const options = (testCase: ValidCase) => ({ registry, config: caseConfig(testCase), only: [rule.meta.id] });
    const ownFindings = (findings: Finding[]) => findings.filter((finding) => finding.ruleId === rule.meta.id);
    const valid = tests.valid.map((item) => (typeof item === "string" ? { code: item } : item));

    describe(rule.meta.id, () => {
      test("cases are unique", () => {
        const seen = new Set<string>();
        for (const testCase of [...valid, ...tests.invalid]) {
          const key = JSON.stringify({ code: testCase.code, trustedRegistries: testCase.trustedRegistries ?? [] });
          if (seen.has(key)) throw new Error(`duplicate test case: ${title(testCase)}`);
          seen.add(key);
        }
      });

      describe("valid", () => {
        test.each(valid.map((testCase) => [title(testCase), testCase] as const))("%s", async (_, testCase) => {
          const result = await lintText(testCase.code, options(testCase));
          expect(ownFindings(result.findings).map((finding) => finding.message)).toEqual([]);
        });
      });

      describe("invalid", () => {
        test.each(tests.invalid.map((testCase) => [title(testCase), testCase] as const))("%s", async (_, testCase) => {
          for (const error of testCase.errors) {
            if (!(error.messageId in rule.meta.messages)) throw new Error(`messageId "${error.messageId}" is not in ${rule.meta.id}'s meta.messages`);
          }
          const result = await lintText(testCase.code, options(testCase));
          const findings = ownFindings(result.findings);
          expect(findings.map((finding) => finding.messageId), "findings (messageIds)").toEqual(testCase.errors.map((error) => error.messageId));
          testCase.errors.forEach((error, i) => {
            const finding = findings[i];
            if (!finding) return;
            const actual: Record<string, unknown> = {};
            const expected: Record<string, unknown> = {};
            for (const key of ["line", "column", "endLine", "endColumn"] as const) {
              if (error[key] === undefined) continue;
              expected[key] = error[key];
              actual[key] = key === "line" ? finding.range.start.line : key === "column" ? finding.range.start.column : key === "endLine" ? finding.range.end.line : finding.range.end.column;
            }
            expect(actual, `position of error ${i}`).toEqual(expected);
            if (error.data) {
              const template = rule.meta.messages[error.messageId];
              const message = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => (key in (error.data ?? {}) ? String(error.data?.[key]) : match));
              expect(finding.message).toBe(message);
            }
            if (error.suggestions) {
              const suggestions = finding.suggestions ?? [];
              expect(suggestions.map((suggestion) => applyFixes(testCase.code, [suggestion.fix]).output), `suggestions of error ${i}`).toEqual(
                error.suggestions.map((suggestion) => suggestion.output),
              );
            }
          });
          const fixed = await fixText(testCase.code, options(testCase));
          if (fixed.fixed && testCase.output === undefined) {
            throw new Error(`The rule fixed the code; add output: ${JSON.stringify(fixed.output)}`);
          }
          if (testCase.output === null) expect(fixed.fixed, "the rule must not fix this case").toBe(false);
          else if (testCase.output !== undefined) expect(fixed.output).toBe(testCase.output);
        });
      });
    });
  }
}
