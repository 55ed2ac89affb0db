import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./maintainer-deprecated.js";

new RuleTester().run(rule, {
  valid: ['FROM alpine:3.20\nLABEL maintainer="jane@example.com"\n'],
  invalid: [
    {
      code: "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n",
      output: 'FROM alpine:3.20\nLABEL maintainer="Jane Doe <jane@example.com>"\n',
      errors: [{ messageId: "deprecated", line: 2, column: 1, endColumn: 11 }],
    },
    { name: "no fix for a MAINTAINER without a value", code: "FROM alpine:3.20\nMAINTAINER\n", output: null, errors: [{ messageId: "deprecated", line: 2 }] },
    { name: "no fix for a MAINTAINER over two lines", code: "FROM alpine:3.20\nMAINTAINER Jane \\\n  Doe\n", output: null, errors: [{ messageId: "deprecated", line: 2 }] },
    { code: 'FROM alpine:3.20\nMAINTAINER "Jane" $USER\n', output: 'FROM alpine:3.20\nLABEL maintainer="\\"Jane\\" \\$USER"\n', errors: [{ messageId: "deprecated" }] },
  ],
});
