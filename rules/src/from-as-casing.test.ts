import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./from-as-casing.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20 AS build\n",
    "from alpine:3.20 as build\n",
    "FROM alpine:3.20\n",
    { name: "a mixed-case FROM is ConsistentInstructionCasing's finding, not this one", code: "From alpine:3.20 as build\n" },
  ],
  invalid: [
    {
      name: "BuildKit's case: as after FROM",
      code: "FROM scratch as base2\n",
      output: "FROM scratch AS base2\n",
      errors: [{ messageId: "casing", data: { as: "as", from: "FROM", fixed: "AS" }, line: 1, column: 14, endColumn: 16 }],
    },
    {
      name: "BuildKit's case: AS after from",
      code: "from scratch AS base\n",
      output: "from scratch as base\n",
      errors: [{ messageId: "casing", data: { as: "AS", from: "from", fixed: "as" } }],
    },
    { name: "mixed-case As", code: "FROM scratch As base\n", output: "FROM scratch AS base\n", errors: [{ messageId: "casing" }] },
  ],
});
