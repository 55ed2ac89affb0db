import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./require-healthcheck.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nHEALTHCHECK NONE\n",
    "FROM alpine:3.20\nHEALTHCHECK CMD wget -qO- http://localhost/ || exit 1\n",
    "FROM alpine:3.20 AS base\nHEALTHCHECK CMD /bin/check\nFROM base\n",
    { name: "a build stage needs none", code: "FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nHEALTHCHECK NONE\nCOPY --from=build /app /app\n" },
    { code: "FROM scratch AS base1\nFROM base1 AS base2\nFROM base2 AS base3\nFROM base3 AS end\nHEALTHCHECK NONE\n", preset: "hadolint" },
    { name: "hadolint: a stage built on a stage with a HEALTHCHECK", code: "FROM alpine:3.20 AS base\nHEALTHCHECK NONE\nFROM base\n", preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM alpine:3.20\n", errors: [{ messageId: "missing", line: 1, column: 1, endColumn: 5 }] },
    { code: "FROM scratch AS base\nHEALTHCHECK CMD /bin/bla\nFROM scratch\n", errors: [{ messageId: "missing", line: 3 }] },
    {
      code: "FROM scratch AS base1\nFROM base1 AS base2\nFROM base2 AS base3.1\nFROM base2 AS base3.2\n\nFROM base3.1 AS end1\nHEALTHCHECK NONE\n\nFROM base3.2 AS end2\n",
      errors: [{ messageId: "missing", line: 9 }],
    },
    { name: "an instruction other than HEALTHCHECK", code: "FROM alpine:3.20\nRUN true\n", errors: [{ messageId: "missing", line: 1 }] },
    { name: "hadolint: an instruction other than HEALTHCHECK", code: "FROM alpine:3.20\nRUN true\n", preset: "hadolint", errors: [{ messageId: "missing", line: 1 }] },
    {
      name: "hadolint: a stage built on another image than the good stage",
      code: "FROM alpine:3.20 AS base\nHEALTHCHECK NONE\nFROM debian:12\n",
      preset: "hadolint",
      errors: [{ messageId: "missing", line: 3 }],
    },
    { name: "hadolint checks build stages too", code: "FROM golang:1.22 AS build\nFROM alpine:3.20\nHEALTHCHECK NONE\nCOPY --from=build /app /app\n", preset: "hadolint", errors: [{ messageId: "missing", line: 1 }] },
  ],
});
