import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./zypper-non-interactive.js";

new RuleTester().run(rule, {
  valid: [
    "FROM opensuse/leap:15.6\nRUN zypper -n install curl\n",
    "FROM opensuse/leap:15.6\nRUN zypper --non-interactive in curl && zypper clean --all\n",
    "FROM opensuse/leap:15.6\nRUN zypper install -y curl && zypper rm --no-confirm vim\n",
    "FROM opensuse/leap:15.6\nRUN zypper --gpg-auto-import-keys -n up\n",
    "FROM opensuse/leap:15.6\nRUN zypper refresh && zypper search curl && zypper addrepo https://example.com/repo extra\n",
    { code: "FROM opensuse/leap:15.6\nRUN zypper install -n curl\n", preset: "hadolint", name: "hadolint takes -n after install (there, --name)" },
    { code: "FROM opensuse/leap:15.6\nRUN zypper update\n", preset: "hadolint" },
    { code: "FROM opensuse/leap:15.6\nRUN zypper --non-interactive in a && zypper rm --no-confirm b && zypper si -y c\n", preset: "hadolint", name: "hadolint: each of its flags" },
  ],
  invalid: [
    {
      code: "FROM opensuse/leap:15.6\nRUN zypper install curl && zypper clean --all\n",
      output: "FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean --all\n",
      errors: [{ messageId: "interactive", line: 2, column: 5, endColumn: 24, data: { subcommand: "install" } }],
    },
    { code: "FROM opensuse/leap:15.6\nRUN zypper in -n curl\n", output: "FROM opensuse/leap:15.6\nRUN zypper -n in -n curl\n", errors: [{ messageId: "interactive", data: { subcommand: "in" } }] },
    { code: "FROM opensuse/leap:15.6\nRUN zypper up\n", output: "FROM opensuse/leap:15.6\nRUN zypper -n up\n", errors: [{ messageId: "interactive", data: { subcommand: "up" } }] },
    { name: "a global option other than -n", code: "FROM opensuse/leap:15.6\nRUN zypper --gpg-auto-import-keys in curl\n", output: "FROM opensuse/leap:15.6\nRUN zypper -n --gpg-auto-import-keys in curl\n", errors: [{ messageId: "interactive", data: { subcommand: "in" } }] },
    ...["in", "remove", "rm", "source-install", "si", "patch"].map((subcommand) => ({
      name: `hadolint: zypper ${subcommand}`,
      code: `FROM opensuse/leap:15.6\nRUN zypper ${subcommand} x\n`,
      preset: "hadolint" as const,
      output: `FROM opensuse/leap:15.6\nRUN zypper -n ${subcommand} x\n`,
      errors: [{ messageId: "interactive" as const, data: { subcommand: "install" } }],
    })),
    { code: 'FROM opensuse/leap:15.6\nRUN ["zypper", "patch"]\n', output: 'FROM opensuse/leap:15.6\nRUN ["zypper", "-n", "patch"]\n', errors: [{ messageId: "interactive" }] },
    { code: "FROM opensuse/leap:15.6\nONBUILD RUN zypper rm vim\n", output: "FROM opensuse/leap:15.6\nONBUILD RUN zypper -n rm vim\n", errors: [{ messageId: "interactive", line: 2 }] },
    { code: "FROM opensuse/leap:15.6\nRUN zypper install httpd=2.4.24 && zypper clean\n", preset: "hadolint", output: "FROM opensuse/leap:15.6\nRUN zypper -n install httpd=2.4.24 && zypper clean\n", errors: [{ messageId: "interactive" }] },
  ],
});
