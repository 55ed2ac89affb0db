import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./duplicate-stage-name.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS run\n",
    "FROM alpine:3.20\nFROM alpine:3.20\n",
    { code: "FROM alpine:3.20\nFROM alpine:3.20\n", preset: "hadolint" },
    { name: "hadolint compares names as written", code: "FROM alpine:3.20 AS Build\nFROM alpine:3.20 AS build\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM node:22 AS foo\nRUN something\nFROM scratch AS foo\n",
      errors: [{ messageId: "duplicate", line: 3, column: 17, endColumn: 20, data: { name: "foo", line: 1 } }],
    },
    {
      name: "BuildKit lower-cases stage names, so these are the same",
      code: "FROM alpine:3.20 AS Build\nFROM alpine:3.20 AS build\nFROM alpine:3.20 AS BUILD\n",
      errors: [
        { messageId: "duplicate", line: 2, data: { name: "build", line: 1 } },
        { messageId: "duplicate", line: 3, data: { name: "build", line: 1 } },
      ],
    },
    {
      name: "a name on a continuation line is reported on the FROM's first line, as BuildKit does",
      code: "FROM alpine:3.20 AS a\nFROM alpine:3.20 \\\n  AS a\n",
      errors: [{ messageId: "duplicate", line: 2, column: 1, endColumn: 5 }],
    },
    {
      code: "FROM node:22 as foo\nFROM scratch as foo\nFROM scratch as foo\n",
      preset: "hadolint",
      errors: [
        { messageId: "duplicate", line: 2, data: { name: "foo", line: 1 } },
        { messageId: "duplicate", line: 3, data: { name: "foo", line: 1 } },
      ],
    },
  ],
});
