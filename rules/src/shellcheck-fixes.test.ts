/**
 * How ShellCheck's fixes become suggestions (`fixFrom` in shellcheck.ts), driven by recorded
 * ShellCheck output: a stand-in program, named by DFBUILD_SHELLCHECK as a user names another
 * ShellCheck, prints the comments each case gives it. The real program's fixes never list their
 * replacements out of order, overlapping, across a line continuation or empty in the other cases,
 * so only a stand-in can show what the rule does with them.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding } from "@dfbuild/linter";
import { afterAll, afterEach, expect, test, vi } from "vitest";
import type { ShellcheckComment } from "./utils/shellcheck-runner.js";

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.unstubAllEnvs();
  // The modules imported afresh found the stand-in: the test files run after this one in the same
  // worker (the `modules` project's and mutation testing's) must look the program up again.
  vi.resetModules();
});

/** A replacement as ShellCheck's json1 writes it, on line 10: the RUN's first, after dfbuild's 9 header lines. */
function replacement(column: number, endColumn: number, text: string, line = 10, endLine = line): NonNullable<ShellcheckComment["fix"]>["replacements"][number] {
  return { line, column, endLine, endColumn, replacement: text, insertionPoint: "afterEnd" };
}

/**
 * Lints `dockerfile` (one RUN) with the rule, ShellCheck being a stand-in that prints one SC2086
 * comment on the script's first line, columns 6–9, with `replacements` as its fix. Returns what
 * each suggestion makes of the Dockerfile, and the scripts the stand-in was given.
 */
async function suggestionsFor(dockerfile: string, replacements: NonNullable<ShellcheckComment["fix"]>["replacements"] | null): Promise<{ fixed: string[]; findings: Finding[]; scripts: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "dfbuild-shellcheck-fixes-"));
  made.push(dir);
  const comments = [{ script: 0, line: 10, column: 6, endLine: 10, endColumn: 9, level: "info", code: 2086, message: "Double quote to prevent globbing and word splitting.", fix: replacements && { replacements } }];
  writeFileSync(join(dir, "comments.json"), JSON.stringify(comments));
  const standIn = join(dir, "shellcheck");
  writeFileSync(
    standIn,
    [
      `#!${process.execPath}`,
      'const { copyFileSync, readFileSync } = require("node:fs");',
      'const files = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));',
      "files.forEach((file, i) => copyFileSync(file, `${__dirname}/given-${i}.sh`));",
      'const comments = JSON.parse(readFileSync(`${__dirname}/comments.json`, "utf8"));',
      "process.stdout.write(JSON.stringify({ comments: comments.map(({ script, ...comment }) => ({ file: files[script], ...comment })) }));",
      "process.exitCode = 1;",
      "",
    ].join("\n"),
  );
  chmodSync(standIn, 0o755);
  vi.stubEnv("DFBUILD_SHELLCHECK", standIn);
  // Afresh: the runner looks the program up once per module instance.
  vi.resetModules();
  const { default: rule } = await import("./shellcheck.js");
  const { RuleRegistry, applyFixes, defaultConfig, lintText } = await import("@dfbuild/linter");
  const { findings } = lintText(dockerfile, { registry: new RuleRegistry([rule]), config: { ...defaultConfig(), preset: "strict" } });
  const { readFileSync, readdirSync } = await import("node:fs");
  const scripts = readdirSync(dir)
    .filter((name) => name.startsWith("given-"))
    .sort()
    .map((name) => readFileSync(join(dir, name), "utf8"));
  const fixed = findings.flatMap((finding) => (finding.suggestions ?? []).map((suggestion) => applyFixes(dockerfile, [suggestion.fix]).output));
  return { fixed, findings, scripts };
}

test("the script the stand-in is given: the shell, one export per variable (Docker's proxy ARGs), then the RUN's text; the comment lands on the RUN", async () => {
  const { findings, scripts, fixed } = await suggestionsFor("FROM debian:12\nRUN echo abc def\n", [replacement(6, 6, '"'), replacement(9, 9, '"')]);
  expect(scripts).toEqual([
    "#!/bin/sh\nexport FTP_PROXY=1\nexport HTTPS_PROXY=1\nexport HTTP_PROXY=1\nexport NO_PROXY=1\nexport ftp_proxy=1\nexport http_proxy=1\nexport https_proxy=1\nexport no_proxy=1\necho abc def",
  ]);
  expect(findings.map((finding) => [finding.code, finding.range.start.line, finding.range.start.column, finding.range.end.column])).toEqual([["SC2086", 2, 10, 13]]);
  expect(fixed).toEqual(['FROM debian:12\nRUN echo "abc" def\n']);
});

test("replacements listed out of order are applied in order", async () => {
  const { fixed } = await suggestionsFor("FROM debian:12\nRUN echo abc def ghi\n", [replacement(14, 17, "GHI"), replacement(10, 13, "DEF"), replacement(6, 9, "ABC")]);
  expect(fixed).toEqual(["FROM debian:12\nRUN echo ABC DEF GHI\n"]);
});

test("replacements at one place: the insertion first, then the replacement that starts there", async () => {
  const { fixed } = await suggestionsFor("FROM debian:12\nRUN echo abc def\n", [replacement(9, 9, '"'), replacement(6, 9, "ABC"), replacement(6, 6, '"')]);
  expect(fixed).toEqual(['FROM debian:12\nRUN echo "ABC" def\n']);
});

test("replacements that touch are one fix; replacements that overlap are none (the finding stays, with no suggestion: the linter refuses such a fix)", async () => {
  expect((await suggestionsFor("FROM debian:12\nRUN echo abc def\n", [replacement(6, 9, "ABC"), replacement(9, 10, "_")])).fixed).toEqual(["FROM debian:12\nRUN echo ABC_def\n"]);
  const overlapping = await suggestionsFor("FROM debian:12\nRUN echo abc def\n", [replacement(6, 9, "ABC"), replacement(8, 11, "X")]);
  expect(overlapping.findings.map((finding) => [finding.code, finding.message, finding.suggestions ?? []])).toEqual([["SC2086", "Double quote to prevent globbing and word splitting.", []]]);
});

test("a replacement across a line continuation is no fix (it would drop the backslash and the line break); nor is a fix without replacements", async () => {
  const across = await suggestionsFor("FROM debian:12\nRUN echo ab\\\ncd ef\n", [replacement(6, 10, "ABCD")]);
  expect(across.scripts[0]?.endsWith("\necho abcd ef")).toBe(true);
  expect(across.findings).toHaveLength(1);
  expect(across.fixed).toEqual([]);
  const empty = await suggestionsFor("FROM debian:12\nRUN echo abc def\n", []);
  expect(empty.findings.map((finding) => finding.suggestions ?? [])).toEqual([[]]);
  // A fix on a line before the script's (dfbuild's header) is no fix either.
  expect((await suggestionsFor("FROM debian:12\nRUN echo abc def\n", [replacement(1, 2, "", 9, 10)])).fixed).toEqual([]);
});
