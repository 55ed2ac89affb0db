import { RuleRegistry, defaultConfig, lintText } from "@dfbuild/linter";
import { RuleTester } from "@dfbuild/linter/testing";
import { expect, test } from "vitest";
import rule from "./prefer-apt-get.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
    "FROM debian:12\nRUN apt-cache policy curl\n",
    "FROM debian:12\nRUN echo apt install curl\n",
    "FROM debian:12\nRUN aptitude install -y curl\n",
    { code: "FROM debian:12\nRUN sudo apt install -y curl\n", preset: "hadolint", name: "hadolint matches only a command named apt" },
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN apt update && apt install -y curl\n",
      errors: [
        {
          messageId: "apt",
          line: 2,
          column: 5,
          endColumn: 8,
          data: { replacement: "`apt-get update`" },
          suggestions: [{ messageId: "useReplacement", output: "FROM debian:12\nRUN apt-get update && apt install -y curl\n" }],
        },
        { messageId: "apt", column: 19, data: { replacement: "`apt-get install`" }, suggestions: [{ output: "FROM debian:12\nRUN apt update && apt-get install -y curl\n" }] },
      ],
    },
    {
      code: "FROM debian:12\nRUN apt -o Dpkg::Use-Pty=0 upgrade -y\n",
      errors: [
        {
          messageId: "apt",
          data: { replacement: "`apt-get upgrade --with-new-pkgs`" },
          suggestions: [{ output: "FROM debian:12\nRUN apt-get -o Dpkg::Use-Pty=0 upgrade --with-new-pkgs -y\n" }],
        },
      ],
    },
    { code: "FROM debian:12\nRUN apt full-upgrade -y\n", errors: [{ messageId: "apt", suggestions: [{ output: "FROM debian:12\nRUN apt-get dist-upgrade -y\n" }] }] },
    {
      name: "no suggestion when the subcommand to rename is split by a line continuation: renaming apt alone would run apt-get full-upgrade",
      code: "FROM debian:12\nRUN apt full-up\\\ngrade -y\n",
      errors: [{ messageId: "apt", data: { replacement: "`apt-get dist-upgrade`" }, suggestions: [] }],
    },
    { name: "an option before the subcommand", code: "FROM debian:12\nRUN apt -y install curl\n", errors: [{ messageId: "apt", data: { replacement: "`apt-get install`" }, suggestions: [{ output: "FROM debian:12\nRUN apt-get -y install curl\n" }] }] },
    { name: "only the last apt of a path is renamed", code: "FROM debian:12\nRUN /opt/apt/apt update\n", errors: [{ messageId: "apt", suggestions: [{ output: "FROM debian:12\nRUN /opt/apt/apt-get update\n" }] }] },
    { code: "FROM debian:12\nRUN apt show curl\n", errors: [{ messageId: "apt", data: { replacement: "`apt-cache show`" }, suggestions: [{ output: "FROM debian:12\nRUN apt-cache show curl\n" }] }] },
    { code: "FROM debian:12\nRUN apt list --installed\n", errors: [{ messageId: "apt", data: { replacement: "apt-get or apt-cache" }, suggestions: [] }] },
    { code: "FROM debian:12\nRUN apt constructor\n", errors: [{ messageId: "apt", data: { replacement: "apt-get or apt-cache" }, suggestions: [] }], name: "a subcommand named like an object property is just unknown" },
    { code: "FROM debian:12\nRUN sudo /usr/bin/apt install -y curl\n", errors: [{ messageId: "apt", column: 10, suggestions: [{ output: "FROM debian:12\nRUN sudo /usr/bin/apt-get install -y curl\n" }] }] },
    { code: "FROM debian:12\nRUN xx-apt install -y libc6-dev\n", errors: [{ messageId: "apt", data: { replacement: "`xx-apt-get install`" }, suggestions: [{ output: "FROM debian:12\nRUN xx-apt-get install -y libc6-dev\n" }] }] },
    {
      code: 'FROM debian:12\nRUN ["apt", "upgrade", "-y"]\n',
      errors: [{ messageId: "apt", suggestions: [{ output: 'FROM debian:12\nRUN ["apt-get", "upgrade", "--with-new-pkgs", "-y"]\n' }] }],
    },
    { code: "FROM debian:12\nRUN bash -c 'apt install -y curl'\n", errors: [{ messageId: "apt", column: 14, endColumn: 17 }] },
    { code: "FROM ubuntu\nONBUILD RUN apt install python\n", errors: [{ messageId: "apt", line: 2 }] },
    { code: "FROM debian:12\nRUN apt update && apt install -y curl\n", preset: "hadolint", errors: [{ messageId: "apt", column: 5, data: { replacement: "apt-get or apt-cache" } }] },
  ],
});

// RuleTester compares a suggestion's output, not its message: the message is checked here.
test("the suggestion names the command it writes", () => {
  const { findings } = lintText("FROM debian:12\nRUN apt full-upgrade -y\n", { registry: new RuleRegistry([rule]), config: defaultConfig() });
  expect(findings.map((finding) => (finding.suggestions ?? []).map((suggestion) => suggestion.message))).toEqual([["Use `apt-get dist-upgrade`."]]);
});
