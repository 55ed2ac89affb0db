import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./zypper-no-dist-upgrade.js";

new RuleTester().run(rule, {
  valid: [
    "FROM opensuse/leap:15.6\nRUN zypper -n update && zypper -n patch\n",
    { code: "FROM opensuse/tumbleweed\nRUN zypper -n dup\n", name: "dup is how Tumbleweed updates" },
    "FROM registry.opensuse.org/opensuse/tumbleweed:latest AS base\nFROM base\nRUN zypper -n dist-upgrade\n",
    "FROM opensuse/slowroll\nRUN zypper -n dup\n",
    "FROM opensuse/leap:15.6\nRUN echo zypper dup\n",
  ],
  invalid: [
    { code: "FROM opensuse/leap:15.6\nRUN zypper -n dist-upgrade\n", errors: [{ messageId: "distUpgrade", line: 2, column: 5, endColumn: 27, data: { subcommand: "dist-upgrade" } }] },
    { code: "FROM opensuse/leap:15.6\nRUN zypper -n dup && zypper clean -a\n", errors: [{ messageId: "distUpgrade", data: { subcommand: "dup" } }] },
    { code: "FROM opensuse/tumbleweed\nONBUILD RUN zypper -n dup\n", errors: [{ messageId: "distUpgrade", line: 2 }], name: "the image built from this one may have any base" },
    { code: "FROM opensuse/tumbleweed\nRUN zypper dup\n", preset: "hadolint", errors: [{ messageId: "distUpgrade" }] },
    { code: "FROM opensuse/leap:15.6\nRUN zypper dist-upgrade\n", preset: "hadolint", errors: [{ messageId: "distUpgrade", data: { subcommand: "dist-upgrade" } }] },
  ],
});
