import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./consecutive-run.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nRUN a\nWORKDIR /\nRUN b\n",
    "FROM alpine:3.20\nRUN a && b\nRUN c\n",
    "FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache a\nRUN b\n",
    "FROM alpine:3.20\nRUN <<EOF\na\nEOF\nRUN b\n",
  ],
  invalid: [
    {
      code: "FROM alpine:3.20\nRUN a\nRUN b\n",
      output: "FROM alpine:3.20\nRUN a && \\\n    b\n",
      errors: [{ messageId: "consecutive", line: 3, column: 1, endColumn: 4, data: { line: 2 } }],
    },
    {
      code: "FROM alpine:3.20\nRUN a\n# why b\n\nRUN b\nRUN c\n",
      output: "FROM alpine:3.20\nRUN a && \\\n# why b\n    b && \\\n    c\n",
      errors: [{ messageId: "consecutive", line: 5 }, { messageId: "consecutive", line: 6 }],
    },
    {
      code: "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a\nRUN b\n",
      output: "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN a && `\n    b\n",
      errors: [{ messageId: "consecutive" }],
    },
    { code: 'FROM alpine:3.20\nRUN ["a"]\nRUN b\n', output: null, errors: [{ messageId: "consecutive" }] },
    {
      name: "CRLF line endings stay CRLF",
      code: "FROM alpine:3.20\r\nRUN a\r\n# b next\r\nRUN b\r\n",
      output: "FROM alpine:3.20\r\nRUN a && \\\r\n# b next\r\n    b\r\n",
      errors: [{ messageId: "consecutive", line: 4 }],
    },
  ],
});
