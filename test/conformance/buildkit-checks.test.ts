/**
 * BuildKit's build checks, line for line: every case of BuildKit's own check tests and its
 * parser's warning test, linted with the default preset, gives exactly the findings BuildKit
 * gives under BuildKit's check names, on the same lines.
 *
 * `test/fixtures/buildkit-checks/cases.json` transcribes moby/buildkit's
 * `frontend/dockerfile/dockerfile_check_test.go` (Apache-2.0; see the NOTICE beside it).
 * The engine's own BuildKit (v0.8) predates build checks, so it cannot be the oracle.
 */
import { readFileSync } from "node:fs";
import { BUILDKIT_CHECKS, RuleRegistry, defaultConfig, lintText, type Finding } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { describe, expect, test } from "vitest";
import { readShared, readSharedJson } from "../shared.js";

interface ExpectedWarning {
  rule: string;
  line: number;
  detail: string | null;
}

interface CheckCase {
  name: string;
  dockerfile: string;
  dockerignore?: string;
  expected: ExpectedWarning[];
  /** Why dfbuild cannot run the case (it needs what a file alone does not have). */
  skip?: string;
  note?: string;
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/buildkit-checks/cases.json", import.meta.url), "utf8")) as { cases: CheckCase[] };
const registry = new RuleRegistry(rules);

/** Our findings as BuildKit would print them: check name and line, sorted as BuildKit's tests sort them. */
function buildkitFindings(text: string, dockerignore?: string): { rule: string; line: number; message: string }[] {
  const result = lintText(text, { registry, config: defaultConfig(), ...(dockerignore === undefined ? {} : { dockerignore }) });
  return result.findings
    .flatMap((finding: Finding) => finding.aliases.filter((alias) => BUILDKIT_CHECKS.has(alias)).map((rule) => ({ rule, line: finding.range.start.line, message: finding.message })))
    .sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

/** BuildKit's "did you mean" hint, which our message must carry too. */
const SUGGESTION = /\(did you mean (\S+)\?\)/;

describe("BuildKit's check tests (dockerfile_check_test.go)", () => {
  const runnable = fixture.cases.filter((testCase) => testCase.skip === undefined);
  test("every case is transcribed, and only cases needing a build are skipped", () => {
    expect(fixture.cases.length).toBe(89);
    expect(fixture.cases.filter((testCase) => testCase.skip !== undefined).map((testCase) => testCase.name)).toEqual([
      "testRuleCheckOption #7",
      "testRuleCheckOption #8",
      "testBaseImagePlatformMismatch #1",
      "testBaseImagePlatformMismatch #2",
    ]);
  });

  test.each(runnable.map((testCase) => [testCase.name, testCase] as const))("%s", (_name, testCase) => {
    const found = buildkitFindings(testCase.dockerfile, testCase.dockerignore);
    const expected = [...testCase.expected].sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
    expect(found.map(({ rule, line }) => ({ rule, line }))).toEqual(expected.map(({ rule, line }) => ({ rule, line })));
    expected.forEach((warning, index) => {
      const hint = warning.detail === null ? null : SUGGESTION.exec(warning.detail);
      if (hint) expect(found[index]?.message).toContain(hint[0]);
    });
  });
});

describe("BuildKit's parser warnings (buildkit-parser/warnings)", () => {
  test("NoEmptyContinuation on the lines BuildKit reports", () => {
    const expected = readSharedJson("conformance", "buildkit-parser", "warnings", "expected.json") as { warnings: { line: number }[] };
    const found = buildkitFindings(readShared("conformance", "buildkit-parser", "warnings", "Dockerfile"));
    expect(found.map(({ rule, line }) => ({ rule, line }))).toEqual(expected.warnings.map(({ line }) => ({ rule: "NoEmptyContinuation", line })));
  });
});
