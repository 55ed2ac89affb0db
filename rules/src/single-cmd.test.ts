import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./single-cmd.js";

new RuleTester().run(rule, {
  valid: ["FROM alpine:3.20\nCMD [\"a\"]\n", "FROM alpine:3.20 AS one\nCMD [\"a\"]\nFROM alpine:3.20\nCMD [\"b\"]\n", "CMD /bin/true\n"],
  invalid: [
    {
      code: 'FROM alpine:3.20\nCMD ["a"]\nRUN true\nCMD ["b"]\n',
      errors: [{ messageId: "overridden", line: 2, column: 1, endColumn: 4, data: { keyword: "CMD", line: 4 }, suggestions: [{ messageId: "remove", output: 'FROM alpine:3.20\nRUN true\nCMD ["b"]\n' }] }],
    },
    { code: 'FROM alpine:3.20\nCMD ["a"]\nCMD ["b"]\nCMD ["c"]\n', errors: [{ messageId: "overridden", line: 2 }, { messageId: "overridden", line: 3 }] },
  ],
});
