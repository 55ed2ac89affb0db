import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./zypper-clean.js";

new RuleTester().run(rule, {
  valid: [
    "FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean --all\n",
    "FROM opensuse/leap:15.6\nRUN zypper -n in curl && zypper cc -a\n",
    "FROM opensuse/leap:15.6\nRUN zypper -n ref && zypper -n up && zypper clean -m -M\n",
    "FROM opensuse/leap:15.6\nRUN zypper -n in curl && zypper clean --metadata --raw-metadata\n",
    "FROM opensuse/leap:15.6\nRUN zypper -n install curl && rm -rf /var/cache/zypp/*\n",
    "FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n install curl\n",
    "FROM opensuse/leap:15.6\nRUN zypper -n remove curl && zypper addrepo https://example.com/repo extra\n",
    { code: "FROM opensuse/leap:15.6 AS build\nRUN zypper -n install gcc\nFROM scratch\nCOPY --from=build /out /out\n", name: "a builder stage's cache never ships" },
    { code: "FROM opensuse/leap:15.6\nRUN zypper install -y curl && zypper clean\n", preset: "hadolint", name: "hadolint takes a plain zypper clean" },
    { code: "FROM opensuse/leap:15.6\nRUN --mount=type=tmpfs,target=/var/cache/zypp zypper install -y mariadb\n", preset: "hadolint" },
    { code: "FROM opensuse/leap:15.6\nRUN zypper in -y curl && zypper cc\n", preset: "hadolint", name: "hadolint: the aliases in and cc" },
  ],
  invalid: [
    {
      code: "FROM opensuse/leap:15.6\nRUN zypper -n install curl\n",
      errors: [
        {
          messageId: "noClean",
          line: 2,
          column: 5,
          endColumn: 27,
          data: { subcommand: "install" },
          suggestions: [{ messageId: "appendClean", output: "FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean --all\n" }],
        },
      ],
    },
    { code: "FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean\n", errors: [{ messageId: "noClean" }] },
    { name: "another command after the install, and metadata cleaned without the raw metadata", code: "FROM opensuse/leap:15.6\nRUN zypper -n install curl && echo done\nRUN zypper -n install vim && zypper clean -m\n", errors: [{ messageId: "noClean", line: 2 }, { messageId: "noClean", line: 3 }] },
    { code: "FROM opensuse/leap:15.6\nRUN zypper in -y curl\n", preset: "hadolint", errors: [{ messageId: "noClean", data: { subcommand: "install" } }] },
    {
      name: "hadolint: the install must come strictly before the clean (DL3036.hs: the first indices compared with <), so one command with both is reported",
      code: "FROM opensuse/leap:15.6\nRUN zypper install -y cc\n",
      preset: "hadolint",
      errors: [{ messageId: "noClean" }],
    },
    { code: "FROM opensuse/leap:15.6\nRUN zypper clean -a && zypper -n up\n", errors: [{ messageId: "noClean", data: { subcommand: "up" } }] },
    { code: "FROM opensuse/leap:15.6\nONBUILD RUN zypper -n in curl\n", errors: [{ messageId: "noClean", line: 2 }] },
    { code: "FROM opensuse/leap:15.6\nRUN zypper clean && zypper install -y mariadb=10.4\n", preset: "hadolint", errors: [{ messageId: "noClean" }] },
    {
      name: "hadolint v2.15.1: the first clean comes before the first install, so a clean after the install does not count (hadolint v2.14.0 and before took any clean)",
      code: "FROM opensuse/leap:15.6\nRUN zypper clean && zypper install -y curl && zypper clean\n",
      preset: "hadolint",
      errors: [{ messageId: "noClean", column: 21 }],
    },
  ],
});
