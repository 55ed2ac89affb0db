import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./env-key-value.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nENV A=1 B=2\n",
    'FROM alpine:3.20\nLABEL version="1.0" description="x y"\n',
    // An ONBUILD trigger runs in a later build, which checks it then (BuildKit does not dispatch it here).
    "FROM alpine:3.20\nONBUILD ENV A 1\nONBUILD LABEL a b\n",
  ],
  invalid: [
    {
      code: "FROM alpine:3.20\nENV PATH /opt/bin:$PATH\n",
      output: "FROM alpine:3.20\nENV PATH=/opt/bin:$PATH\n",
      errors: [{ messageId: "legacy", line: 2, column: 5, endColumn: 24 }],
    },
    { code: "FROM alpine:3.20\nENV GREETING hello world\n", output: 'FROM alpine:3.20\nENV GREETING="hello world"\n', errors: [{ messageId: "legacy" }] },
    { code: "FROM alpine:3.20\nLABEL maintainer jane\n", output: "FROM alpine:3.20\nLABEL maintainer=jane\n", errors: [{ messageId: "legacy", data: { keyword: "LABEL", key: "maintainer" } }] },
    { code: 'FROM alpine:3.20\nENV MESSAGE "hi" there\n', output: null, errors: [{ messageId: "legacy" }] },
    { code: "FROM alpine:3.20\nENV MESSAGE 'hi' there\n", output: null, errors: [{ messageId: "legacy" }] },
    { code: "FROM alpine:3.20\nENV MESSAGE `hi` there\n", output: null, errors: [{ messageId: "legacy" }] },
    { name: "a quoted value keeps its quotes", code: 'FROM alpine:3.20\nENV MESSAGE "hi there"\n', output: 'FROM alpine:3.20\nENV MESSAGE="hi there"\n', errors: [{ messageId: "legacy" }] },
    { name: "no fix of a value over several lines", code: "FROM alpine:3.20\nENV MESSAGE hi\\\nthere\n", output: null, errors: [{ messageId: "legacy", line: 2 }] },
    { name: "nor of a value on another line than its key", code: "FROM alpine:3.20\nENV MESSAGE \\\n  hi\n", output: null, errors: [{ messageId: "legacy", line: 2 }] },
    {
      name: "BuildKit's case (testLegacyKeyValueFormat): ENV and LABEL, each on its line",
      code: "\nFROM scratch\nENV testkey value\nLABEL key value\n",
      output: "\nFROM scratch\nENV testkey=value\nLABEL key=value\n",
      errors: [
        { messageId: "legacy", data: { keyword: "ENV", key: "testkey" }, line: 3 },
        { messageId: "legacy", data: { keyword: "LABEL", key: "key" }, line: 4 },
      ],
    },
    {
      name: "a pair on a continuation line is reported on the instruction's first line, as BuildKit does",
      code: "FROM scratch\nLABEL \\\n  key value\n",
      output: "FROM scratch\nLABEL \\\n  key=value\n",
      errors: [{ messageId: "legacy", data: { keyword: "LABEL", key: "key" }, line: 2, column: 1, endColumn: 6 }],
    },
    // Legacy `x\ y z` is the value `x y z`; inside double quotes `\ ` stays, so `A="x\ y z"` would be
    // `x\ y z` (BuildKit's shell lexer: a backslash in double quotes escapes only $ ` " \ and newline).
    { code: "FROM alpine:3.20\nENV A x\\ y z\n", output: null, errors: [{ messageId: "legacy", line: 2 }] },
    { code: "# escape=`\nFROM alpine:3.20\nENV A x` y z\n", output: null, errors: [{ messageId: "legacy" }] },
    {
      name: "the value is read with the file's escape: under ` a backslash escapes no quote",
      code: '# escape=`\nFROM alpine:3.20\nENV A \\"a b\\"\n',
      output: '# escape=`\nFROM alpine:3.20\nENV A=\\"a b\\"\n',
      errors: [{ messageId: "legacy" }],
    },
  ],
});
