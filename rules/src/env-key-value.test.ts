import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./env-key-value.js";

new RuleTester().run(rule, {
  valid: ["FROM alpine:3.20\nENV A=1 B=2\n", 'FROM alpine:3.20\nLABEL version="1.0" description="x y"\n'],
  invalid: [
    {
      code: "FROM alpine:3.20\nENV PATH /opt/bin:$PATH\n",
      output: "FROM alpine:3.20\nENV PATH=/opt/bin:$PATH\n",
      errors: [{ messageId: "legacy", line: 2, column: 5, endColumn: 24 }],
    },
    { code: "FROM alpine:3.20\nENV GREETING hello world\n", output: 'FROM alpine:3.20\nENV GREETING="hello world"\n', errors: [{ messageId: "legacy" }] },
    { code: "FROM alpine:3.20\nLABEL maintainer jane\n", output: "FROM alpine:3.20\nLABEL maintainer=jane\n", errors: [{ messageId: "legacy", data: { keyword: "LABEL", key: "maintainer" } }] },
    { code: 'FROM alpine:3.20\nENV MESSAGE "hi" there\n', output: null, errors: [{ messageId: "legacy" }] },
  ],
});
