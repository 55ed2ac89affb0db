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
    {
      name: "an exec prefix is dropped: exec is a shell builtin, not a program",
      code: "FROM alpine:3.20\nCMD exec java -jar app.jar\n",
      errors: [{ messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nCMD ["java", "-jar", "app.jar"]\n' }] }],
    },
    {
      name: "a prefix assignment keeps the shell",
      code: "FROM alpine:3.20\nCMD NODE_ENV=production node app.js\n",
      errors: [{ messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nCMD ["/bin/sh", "-c", "NODE_ENV=production node app.js"]\n' }] }],
    },
    {
      name: "globs and ~ keep the shell",
      code: "FROM alpine:3.20\nCMD node *.js\nENTRYPOINT ~/bin/run\n",
      errors: [
        { messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nCMD ["/bin/sh", "-c", "node *.js"]\nENTRYPOINT ~/bin/run\n' }] },
        { messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nCMD node *.js\nENTRYPOINT ["/bin/sh", "-c", "~/bin/run"]\n' }] },
      ],
    },
    {
      name: "a builtin keeps the shell",
      code: "FROM alpine:3.20\nCMD source /env\n",
      errors: [{ messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nCMD ["/bin/sh", "-c", "source /env"]\n' }] }],
    },
  ],
});
