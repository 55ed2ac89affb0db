/**
 * How ShellCheck's fixes become suggestions (`fixFrom` in shellcheck.ts), driven by recorded
 * ShellCheck output: a stand-in program, named by DFBUILD_SHELLCHECK as a user names another
 * ShellCheck, prints the comments each case gives it. The real program's fixes never list their
 * replacements out of order, overlapping, across a line continuation or empty in the other cases,
 * so only a stand-in can show what the rule does with them.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as Linter from "@dfbuild/linter";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import type { ShellcheckComment } from "./utils/shellcheck-runner.js";

type Replacement = NonNullable<ShellcheckComment["fix"]>["replacements"][number];

/** The stand-in's directory: its program, the output it prints (output.json) and the script it was last given (given.sh). */
let dir = "";
let lint: (dockerfile: string) => Linter.Finding[] = () => [];
let applyFixes: typeof Linter.applyFixes = () => ({ output: "", applied: 0, skipped: 0 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dfbuild-shellcheck-fixes-"));
  const standIn = join(dir, "shellcheck");
  // A shell script (a Node one costs a process start-up per lint): it keeps the script it is given
  // (one per case) and prints the recorded comments with that script's path in their `file`.
  writeFileSync(standIn, '#!/bin/sh\nfor arg; do case $arg in --*) ;; *) script=$arg ;; esac; done\ncp "$script" "${0%/*}/given.sh"\nsed "s|@SCRIPT@|$script|" "${0%/*}/output.json"\nexit 1\n');
  chmodSync(standIn, 0o755);
  // The runner looks the program up once per module instance: the rule and the linter afresh,
  // and the lookup made while DFBUILD_SHELLCHECK names the stand-in.
  vi.stubEnv("DFBUILD_SHELLCHECK", standIn);
  vi.resetModules();
  const { default: rule } = await import("./shellcheck.js");
  const linter = await import("@dfbuild/linter");
  expect((await import("./utils/shellcheck-runner.js")).shellcheckPath()).toBe(standIn);
  vi.unstubAllEnvs();
  const registry = new linter.RuleRegistry([rule]);
  lint = (dockerfile) => linter.lintText(dockerfile, { registry, config: { ...linter.defaultConfig(), preset: "strict" } }).findings;
  applyFixes = linter.applyFixes;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  // The test files run after this one in the same worker (the `modules` project's and mutation
  // testing's) must look the real program up again.
  vi.resetModules();
});

/** A replacement as ShellCheck's json1 writes it, on line 10 by default: the RUN's first, after dfbuild's 9 header lines. */
function replacement(column: number, endColumn: number, text: string, line = 10, endLine = line): Replacement {
  return { line, column, endLine, endColumn, replacement: text, insertionPoint: "afterEnd" };
}

/**
 * Lints `dockerfile` (one RUN) with the rule, ShellCheck being the stand-in printing one SC2086
 * comment on the script's first line, columns 6–9, with `replacements` as its fix. Returns the
 * findings, what each suggestion makes of the Dockerfile, and the script the stand-in was given.
 */
function suggestionsFor(dockerfile: string, replacements: Replacement[] | null): { fixed: string[]; findings: Linter.Finding[]; script: string } {
  rmSync(join(dir, "given.sh"), { force: true });
  const comment = { file: "@SCRIPT@", line: 10, column: 6, endLine: 10, endColumn: 9, level: "info", code: 2086, message: "Double quote to prevent globbing and word splitting.", fix: replacements && { replacements } };
  writeFileSync(join(dir, "output.json"), JSON.stringify({ comments: [comment] }));
  const findings = lint(dockerfile);
  const script = readFileSync(join(dir, "given.sh"), "utf8");
  const fixed = findings.flatMap((finding) => (finding.suggestions ?? []).map((suggestion) => applyFixes(dockerfile, [suggestion.fix]).output));
  return { fixed, findings, script };
}

test("the script the stand-in is given: the shell, one export per variable (Docker's proxy ARGs), then the RUN's text; the comment lands on the RUN", () => {
  const { findings, script, fixed } = suggestionsFor("FROM debian:12\nRUN echo abc def\n", [replacement(6, 6, '"'), replacement(9, 9, '"')]);
  expect(script).toBe("#!/bin/sh\nexport FTP_PROXY=1\nexport HTTPS_PROXY=1\nexport HTTP_PROXY=1\nexport NO_PROXY=1\nexport ftp_proxy=1\nexport http_proxy=1\nexport https_proxy=1\nexport no_proxy=1\necho abc def");
  expect(findings.map((finding) => [finding.code, finding.range.start.line, finding.range.start.column, finding.range.end.column])).toEqual([["SC2086", 2, 10, 13]]);
  expect(fixed).toEqual(['FROM debian:12\nRUN echo "abc" def\n']);
});

test("replacements listed out of order are applied in order", () => {
  const { fixed } = suggestionsFor("FROM debian:12\nRUN echo abc def ghi\n", [replacement(14, 17, "GHI"), replacement(10, 13, "DEF"), replacement(6, 9, "ABC")]);
  expect(fixed).toEqual(["FROM debian:12\nRUN echo ABC DEF GHI\n"]);
});

test("replacements at one place: the insertion first, then the replacement that starts there", () => {
  const { fixed } = suggestionsFor("FROM debian:12\nRUN echo abc def\n", [replacement(9, 9, '"'), replacement(6, 9, "ABC"), replacement(6, 6, '"')]);
  expect(fixed).toEqual(['FROM debian:12\nRUN echo "ABC" def\n']);
});

test("replacements that touch are one fix; replacements that overlap are none (the finding stays, with no suggestion: the linter refuses such a fix)", () => {
  expect(suggestionsFor("FROM debian:12\nRUN echo abc def\n", [replacement(6, 9, "ABC"), replacement(9, 10, "_")]).fixed).toEqual(["FROM debian:12\nRUN echo ABC_def\n"]);
  const overlapping = suggestionsFor("FROM debian:12\nRUN echo abc def\n", [replacement(6, 9, "ABC"), replacement(8, 11, "X")]);
  expect(overlapping.findings.map((finding) => [finding.code, finding.message, finding.suggestions ?? []])).toEqual([["SC2086", "Double quote to prevent globbing and word splitting.", []]]);
});

test("an insertion right after a line continuation goes on the next line; a replacement across one is no fix (it would drop the backslash and the line break); nor is a fix without replacements", () => {
  expect(suggestionsFor("FROM debian:12\nRUN echo ab\\\ncd ef\n", [replacement(8, 8, '"'), replacement(10, 10, '"')]).fixed).toEqual(['FROM debian:12\nRUN echo ab\\\n"cd" ef\n']);
  const across = suggestionsFor("FROM debian:12\nRUN echo ab\\\ncd ef\n", [replacement(6, 10, "ABCD")]);
  expect(across.script.endsWith("\necho abcd ef")).toBe(true);
  expect(across.findings).toHaveLength(1);
  expect(across.fixed).toEqual([]);
  const empty = suggestionsFor("FROM debian:12\nRUN echo abc def\n", []);
  expect(empty.findings.map((finding) => finding.suggestions ?? [])).toEqual([[]]);
  // A fix on a line before the script's (dfbuild's header) is no fix either.
  expect(suggestionsFor("FROM debian:12\nRUN echo abc def\n", [replacement(1, 2, "", 9, 10)]).fixed).toEqual([]);
});
