import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./env-self-reference.js";

new RuleTester().run(rule, {
  valid: [
    'FROM alpine:3.20\nENV A="x"\nENV B="${A}/y"\n',
    'FROM alpine:3.20\nENV A="x" B="${AB}/y"\n',
    "FROM alpine:3.20\nARG A\nENV A=${A}\n",
    "FROM alpine:3.20\nENV PATH=/opt:${PATH}\n",
  ],
  invalid: [
    { code: 'FROM alpine:3.20\nENV A="x" B="${A}/y"\n', errors: [{ messageId: "selfReference", line: 2, column: 14, endColumn: 18, data: { name: "A" } }] },
    { code: "FROM alpine:3.20\nENV A=x B=$A C=$A\n", errors: [{ messageId: "selfReference", column: 11 }, { messageId: "selfReference", column: 16 }] },
  ],
});
