import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./no-inline-ignore.js";

new RuleTester().run(rule, {
  valid: [
    "# hadolint shell=powershell\nFROM alpine:3.20\n",
    "# foobar\nFROM alpine:3.20\n",
    "FROM alpine:3.20\nRUN foo bar\n",
    { name: "BuildKit's check directive configures docker build too", code: "# check=skip=JSONArgsRecommended\nFROM alpine:3.20\n" },
    { code: "# hadolint global ignore=DL3003\nFROM alpine:3.20\n", preset: "hadolint" },
    { name: "an invalid pragma is no pragma for hadolint", code: "# hadolint ignore=crazy,DL3002\nFROM alpine:3.20\n", preset: "hadolint" },
  ],
  invalid: [
    { code: "# hadolint ignore=DL3003\nRUN foo bar\n", errors: [{ messageId: "inline", line: 1, column: 1, endColumn: 25 }] },
    { code: "# hadolint global ignore=DL3003\nFROM alpine:3.20\n", errors: [{ messageId: "inline" }] },
    { code: "FROM alpine:3.20\n# dfbuild-ignore pipefail -- the installer handles errors\nRUN curl -fsSL https://x | sh\n", errors: [{ messageId: "inline", line: 2 }] },
    { code: "# dfbuild-ignore-file pipefail\nFROM alpine:3.20\n", errors: [{ messageId: "inline" }] },
    { code: "# hadolint ignore=DL3003\nRUN foo bar\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { code: "# hadolint ignore=DL3003, DL3006 # reason\nRUN foo bar\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
  ],
});
