import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./from-first.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nRUN true\n",
    "# syntax=docker/dockerfile:1\nARG BASE=alpine:3.20\nFROM ${BASE}\n",
    "# a comment\nARG A=1\nARG B\nFROM scratch\n",
  ],
  invalid: [
    { code: "LABEL a=b\nFROM alpine:3.20\n", errors: [{ messageId: "beforeFrom", line: 1, column: 1, endColumn: 6 }] },
    { code: "ARG A=1\nENV B=2\nRUN true\nFROM alpine:3.20\n", errors: [{ messageId: "beforeFrom", line: 2 }, { messageId: "beforeFrom", line: 3 }] },
    { code: "WORKDIR /app\nRUN make\n", errors: [{ messageId: "noFrom", line: 1, column: 1, endColumn: 8 }] },
  ],
});
