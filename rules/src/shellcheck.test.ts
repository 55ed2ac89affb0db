import { type LintConfig, RuleRegistry, defaultConfig, lintText } from "@dfbuild/linter";
import { RuleTester } from "@dfbuild/linter/testing";
import { expect, test } from "vitest";
import rule from "./shellcheck.js";
import { shellcheckPath } from "./utils/shellcheck-runner.js";

const available = shellcheckPath() !== null;

test("the shellcheck program is there (CI installs it with scripts/shellcheck.sh)", () => {
  if (process.env.CI === "true") expect(available, "no shellcheck on PATH: run scripts/shellcheck.sh").toBe(true);
});

if (!available) {
  test.skip("shellcheck cases: no shellcheck program on PATH", () => undefined);
} else {
  new RuleTester().run(rule, {
    valid: [
      "FROM debian:12\nRUN echo hello\n",
      { name: "ARG and ENV names in scope are set", code: "FROM debian:12\nARG VERSION=1\nENV HOME_DIR=/srv\nRUN echo \"$VERSION $HOME_DIR\"\n" },
      { name: "Docker's proxy variables are set", code: 'FROM debian:12\nRUN echo "$HTTP_PROXY"\n' },
      { name: "sourcing files is not checked (SC1091)", code: "FROM debian:12\nRUN . /etc/os-release && echo \"$ID\"\n" },
      { name: "exec form is not a shell script", code: 'FROM debian:12\nRUN ["echo", "$HOME"]\n' },
      { name: "PowerShell is not checked", code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN echo $env:PATH\n' },
      { name: "nor under a hadolint shell pragma", code: "# hadolint shell=pwsh\nFROM mcr.microsoft.com/powershell\nRUN Write-Host $foo\n" },
      { name: "a script with an unsupported shebang", code: "FROM python:3.12\nRUN <<EOF\n#!/usr/bin/env python3\nprint($x)\nEOF\n" },
    ],
    invalid: [
      {
        name: "a variable the Dockerfile does not define (an ARG would count as set, to a safe value)",
        code: "FROM debian:12\nRUN rm $FILES\n",
        errors: [
          {
            messageId: "finding",
            line: 2,
            column: 8,
            endColumn: 14,
            data: { message: "Double quote to prevent globbing and word splitting." },
            suggestions: [{ messageId: "apply", output: 'FROM debian:12\nRUN rm "$FILES"\n' }],
          },
        ],
      },
      {
        name: "positions on a continuation line",
        code: "FROM debian:12\nRUN set -e && \\\n    echo \"$undefined_thing\"\n",
        errors: [{ messageId: "finding", line: 3, column: 11, endColumn: 27, data: { message: "undefined_thing is referenced but not assigned." } }],
      },
      {
        name: "the stage's SHELL is the shebang: bash features under bash only",
        code: 'FROM debian:12\nRUN [[ -f /x ]] && echo y\nSHELL ["/bin/bash", "-c"]\nRUN [[ -f /x ]] && echo y\n',
        errors: [{ messageId: "finding", line: 2 }],
      },
      {
        name: "an ONBUILD trigger runs in a later build: this build's ARGs are not set there, its ENV is",
        code: "FROM debian:12\nARG tag\nENV home=/srv\nONBUILD RUN echo \"$tag $home\"\n",
        errors: [{ messageId: "finding", line: 4, data: { message: "tag is referenced but not assigned." } }],
      },
      {
        name: "hadolint checks triggers with no variables and the default shell",
        code: 'FROM debian:12\nENV home=/srv\nSHELL ["/bin/bash", "-c"]\nONBUILD RUN echo "$home" $RANDOM\n',
        preset: "hadolint",
        errors: [{ messageId: "finding" }, { messageId: "finding" }],
      },
      {
        name: "a `# hadolint shell=` comment before the first FROM sets every stage's shell, one in a stage that stage's; a stage built on another keeps its shell",
        code: "# hadolint shell=bash\nFROM debian:12 AS a\nRUN [[ -f /x ]]\nFROM debian:12 AS b\n# hadolint shell=sh\nRUN [[ -f /x ]]\nFROM b\nRUN [[ -f /x ]]\nFROM a\nRUN [[ -f /x ]]\nFROM debian:12\nRUN [[ -f /x ]]\n",
        errors: [
          { messageId: "finding", line: 6, data: { message: "In POSIX sh, [[ ]] is undefined." } },
          { messageId: "finding", line: 8, data: { message: "In POSIX sh, [[ ]] is undefined." } },
        ],
      },
      {
        name: "ShellCheck counts a character outside the BMP as one column, the Dockerfile's columns count it as two",
        code: 'FROM debian:12\nRUN echo "\u{1F600}" $X\n',
        errors: [{ messageId: "finding", line: 2, column: 15, endColumn: 17 }],
      },
      {
        name: "BuildKit runs a RUN <<EOF body starting with #! as a file, under its own interpreter",
        code: "FROM debian:12\nRUN <<EOF\n#!/bin/bash\n[[ -f /x ]] && rm $Y\nEOF\n",
        errors: [{ messageId: "finding", line: 4, column: 19, data: { message: "Double quote to prevent globbing and word splitting." } }],
      },
      {
        name: "hadolint checks a RUN <<EOF body starting with #! under the shell",
        code: "FROM debian:12\nRUN <<EOF\n#!/bin/bash\n[[ -f /x ]]\nEOF\n",
        preset: "hadolint",
        errors: [{ messageId: "finding", line: 4, column: 1, data: { message: "In POSIX sh, [[ ]] is undefined." } }],
      },
      { name: "ONBUILD RUN and heredoc scripts", code: "FROM debian:12\nONBUILD RUN rm $X\nRUN <<EOF\nrm $Y\nEOF\n", errors: [{ messageId: "finding", line: 2 }, { messageId: "finding", line: 4, column: 4 }] },
    ],
  });

  test("each finding carries its ShellCheck code and ShellCheck's level as its severity; a zero-width comment stays one", () => {
    const config: LintConfig = { ...defaultConfig(), preset: "strict" };
    const { findings } = lintText("FROM debian:12\nRUN rm $X && echo `date`\nRUN if then fi\n", { registry: new RuleRegistry([rule]), config });
    expect(findings.map((finding) => [finding.code, finding.severity, finding.range.start.line, finding.range.start.column, finding.range.end.column])).toEqual([
      ["SC2086", "info", 2, 8, 10],
      ["SC2046", "warning", 2, 19, 25],
      ["SC2005", "style", 2, 19, 25],
      ["SC2006", "style", 2, 19, 25],
      ["SC1073", "error", 3, 5, 5],
      ["SC1072", "error", 3, 13, 13],
    ]);
  });
}
