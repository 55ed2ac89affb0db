import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./single-cmd.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nCMD [\"a\"]\n",
    "FROM alpine:3.20 AS one\nCMD [\"a\"]\nFROM alpine:3.20\nCMD [\"b\"]\n",
    "CMD /bin/true\n",
    { name: "a CMD before the first FROM is no stage's: not overridden by the second stage's", code: 'CMD ["a"]\nFROM alpine:3.20\nFROM alpine:3.20\nCMD ["b"]\n' },
    {
      name: "BuildKit checks an overridden CMD at the next one: that one's check comment skips the finding",
      code: 'FROM alpine:3.20\nCMD ["a"]\n# check=skip=MultipleInstructionsDisallowed\nCMD ["b"]\n',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.20\nCMD ["a"]\nRUN true\nCMD ["b"]\n',
      errors: [{ messageId: "overridden", line: 2, column: 1, endColumn: 4, data: { keyword: "CMD", line: 4 }, suggestions: [{ messageId: "remove", output: 'FROM alpine:3.20\nRUN true\nCMD ["b"]\n' }] }],
    },
    { code: 'FROM alpine:3.20\nCMD ["a"]\nCMD ["b"]\nCMD ["c"]\n', errors: [{ messageId: "overridden", line: 2 }, { messageId: "overridden", line: 3 }] },
    {
      name: "a check comment on the overridden CMD itself does not skip it",
      code: 'FROM alpine:3.20\n# check=skip=MultipleInstructionsDisallowed\nCMD ["a"]\nCMD ["b"]\n',
      errors: [{ messageId: "overridden", line: 3, data: { keyword: "CMD", line: 4 } }],
    },
    {
      name: "the skip at the second of three CMDs spares the first, not the second",
      code: 'FROM alpine:3.20\nCMD ["a"]\n# check=skip=MultipleInstructionsDisallowed\nCMD ["b"]\nCMD ["c"]\n',
      errors: [{ messageId: "overridden", line: 4, data: { keyword: "CMD", line: 5 } }],
    },
  ],
});
