import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./single-entrypoint.js";

new RuleTester().run(rule, {
  valid: ['FROM alpine:3.20\nENTRYPOINT ["a"]\n', 'FROM alpine:3.20 AS one\nENTRYPOINT ["a"]\nFROM alpine:3.20\nENTRYPOINT ["b"]\n'],
  invalid: [{ code: 'FROM alpine:3.20\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n', errors: [{ messageId: "overridden", line: 2, data: { keyword: "ENTRYPOINT", line: 3 } }] }],
});
