/**
 * Many scripts in one Dockerfile, which ShellCheck checks in one batch: each finding lands on its
 * own script, at its own place, with the shell and variables of its own stage. (shellcheck.test.ts
 * has one case per behaviour, a ShellCheck run each; mutation testing runs this file instead, two
 * ShellCheck runs in all.)
 */
import { type LintConfig, type PresetName, RuleRegistry, applyFixes, defaultConfig, lintText } from "@dfbuild/linter";
import { expect, test } from "vitest";
import rule from "./shellcheck.js";
import { shellcheckPath } from "./utils/shellcheck-runner.js";

/** Each finding as [line, column, end line, end column, code, severity], and its lines as each suggestion rewrites them. */
function check(dockerfile: string, preset: PresetName) {
  const config: LintConfig = { ...defaultConfig(), preset };
  const { findings } = lintText(dockerfile, { registry: new RuleRegistry([rule]), config });
  return findings.map((finding) => ({
    at: [finding.range.start.line, finding.range.start.column, finding.range.end.line, finding.range.end.column, finding.code, finding.severity],
    fixed: (finding.suggestions ?? []).map((suggestion) =>
      applyFixes(dockerfile, [suggestion.fix])
        .output.split("\n")
        .slice(finding.range.start.line - 1, finding.range.end.line)
        .join("\n"),
    ),
  }));
}

// shellcheck.test.ts fails a CI run without the program (scripts/shellcheck.sh installs it).
test.skipIf(shellcheckPath() === null)("dfbuild: stages, shells, variables, heredocs and triggers in one batch", () => {
  const dockerfile = [
    "FROM debian:12 AS base",
    "ARG version=1",
    "ENV home_dir=/srv",
    'RUN echo "$version $home_dir" "$HTTP_PROXY" "$no_proxy"',
    'RUN . /etc/os-release && echo "$ID"',
    'RUN ["echo", "$HOME"]',
    "RUN rm $FILES",
    "RUN set -e && \\",
    '    echo "$undefined_thing"',
    "RUN [[ -f /x ]] && echo y",
    'ONBUILD RUN echo "$version $home_dir"',
    'RUN echo "\u{1F600}" $X',
    'RUN echo "\uFF58\u{10000}\u{10FFFF}" $X',
    "RUN <<EOF",
    "#!/bin/bash",
    "[[ -f /x ]] && rm $Y",
    "EOF",
    "RUN <<EOF",
    "#!/usr/bin/env python3",
    "print($x)",
    "EOF",
    "RUN if then fi",
    "RUN rm $FI\\",
    "LES",
    'SHELL ["/bin/bash", "-c"]',
    "RUN [[ -f /x ]] && echo `date`",
    "FROM base",
    "RUN [[ -f /x ]]",
    'SHELL ["powershell", "-Command"]',
    "RUN echo $env:PATH",
    "FROM debian:12",
    "RUN [[ -f /x ]]",
    // ShellCheck refuses zsh on the shebang, which is dfbuild's line, not the file's.
    'SHELL ["/bin/zsh", "-c"]',
    "RUN echo $B",
    "",
  ].join("\n");
  expect(check(dockerfile, "strict")).toEqual([
    { at: [7, 8, 7, 14, "SC2086", "info"], fixed: ['RUN rm "$FILES"'] },
    { at: [9, 11, 9, 27, "SC2154", "warning"], fixed: [] },
    { at: [10, 5, 10, 16, "SC3010", "warning"], fixed: [] },
    // ARGs are not set in a trigger, ENV is.
    { at: [11, 19, 11, 27, "SC2154", "warning"], fixed: [] },
    // ShellCheck counts the emoji as one column, the Dockerfile as two.
    { at: [12, 15, 12, 17, "SC2086", "info"], fixed: ['RUN echo "\u{1F600}" "$X"'] },
    // A character of the BMP above the surrogates is one column to both; U+10000 and U+10FFFF (the first and last high surrogates) are two to the Dockerfile.
    { at: [13, 18, 13, 20, "SC2086", "info"], fixed: ['RUN echo "\uFF58\u{10000}\u{10FFFF}" "$X"'] },
    // The heredoc's own interpreter: bash, so no SC3010.
    { at: [16, 19, 16, 21, "SC2086", "info"], fixed: ['[[ -f /x ]] && rm "$Y"'] },
    { at: [22, 5, 22, 5, "SC1073", "error"], fixed: [] },
    { at: [22, 13, 22, 13, "SC1072", "error"], fixed: [] },
    { at: [23, 8, 24, 4, "SC2086", "info"], fixed: ['RUN rm "$FI\\\nLES"'] },
    { at: [26, 25, 26, 31, "SC2046", "warning"], fixed: [] },
    { at: [26, 25, 26, 31, "SC2005", "style"], fixed: [] },
    { at: [26, 25, 26, 31, "SC2006", "style"], fixed: ["RUN [[ -f /x ]] && echo $(date)"] },
    { at: [32, 5, 32, 16, "SC3010", "warning"], fixed: [] },
  ]);
});

test.skipIf(shellcheckPath() === null)("hadolint: shell pragmas, and triggers with the default shell and no variables", () => {
  const dockerfile = [
    "# hadolint shell=bash",
    "FROM debian:12 AS a",
    "RUN [[ -f /x ]]",
    "ENV home=/srv",
    'ONBUILD RUN echo "$home" $RANDOM',
    "FROM debian:12 AS b",
    "# hadolint shell=sh",
    "RUN [[ -f /x ]]",
    "RUN <<EOF",
    "#!/bin/bash",
    "[[ -f /x ]]",
    "EOF",
    "FROM b",
    "RUN [[ -f /x ]]",
    "FROM a",
    "RUN [[ -f /x ]]",
    "FROM debian:12",
    "RUN [[ -f /x ]]",
    "# hadolint shell=pwsh",
    "RUN Write-Host $foo",
    "",
  ].join("\n");
  expect(check(dockerfile, "hadolint")).toEqual([
    { at: [5, 19, 5, 24, "SC2154", "warning"], fixed: [] },
    { at: [5, 26, 5, 33, "SC3028", "warning"], fixed: [] },
    { at: [8, 5, 8, 16, "SC3010", "warning"], fixed: [] },
    { at: [11, 1, 11, 12, "SC3010", "warning"], fixed: [] },
    { at: [14, 5, 14, 16, "SC3010", "warning"], fixed: [] },
  ]);
});

test.skipIf(shellcheckPath() === null)("a name the shell cannot read is not exported (its quote would break the script); a fix after a line continuation", () => {
  const dockerfile = ["FROM debian:12", "ARG a'b=1", "RUN rm $X", "RUN rm \\", "$Y", ""].join("\n");
  expect(check(dockerfile, "strict")).toEqual([
    { at: [3, 8, 3, 10, "SC2086", "info"], fixed: ['RUN rm "$X"'] },
    // ShellCheck's opening quote goes right after a line continuation: the fix maps onto the next line.
    { at: [5, 1, 5, 3, "SC2086", "info"], fixed: ['"$Y"'] },
  ]);
});
