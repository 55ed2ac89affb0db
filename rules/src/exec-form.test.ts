import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./exec-form.js";

new RuleTester().run(rule, {
  valid: [
    'FROM alpine:3.20\nCMD ["python", "app.py"]\n',
    'FROM alpine:3.20\nENTRYPOINT ["/entrypoint.sh"]\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n',
    "FROM alpine:3.20\nHEALTHCHECK NONE\n",
    'FROM alpine:3.20\nSHELL ["/bin/bash", "-c"]\nCMD echo hi\n',
    'FROM alpine:3.20 AS base\nSHELL ["pwsh", "-Command"]\nFROM base\nCMD Write-Host hi\n',
  ],
  invalid: [
    {
      code: "FROM alpine:3.20\nCMD python app.py\n",
      output: null,
      errors: [
        {
          messageId: "shellForm",
          line: 2,
          column: 5,
          endColumn: 18,
          suggestions: [{ messageId: "useExecForm", output: 'FROM alpine:3.20\nCMD ["python", "app.py"]\n' }],
        },
      ],
    },
    {
      code: "FROM alpine:3.20\nENTRYPOINT exec nginx -g 'daemon off;' > /dev/null\n",
      errors: [{ messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nENTRYPOINT ["/bin/sh", "-c", "exec nginx -g \'daemon off;\' > /dev/null"]\n' }] }],
    },
    {
      code: "FROM alpine:3.20\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1\n",
      errors: [{ messageId: "shellForm", data: { keyword: "HEALTHCHECK CMD", suggestion: '["/bin/sh", "-c", "curl -f http://localhost/ || exit 1"]' } }],
    },
    { code: "HEALTHCHECK CMD foobar\n", errors: [{ messageId: "shellForm", suggestions: [{ output: 'HEALTHCHECK CMD ["foobar"]\n' }] }] },
  ],
});
