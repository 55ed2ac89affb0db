import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./exec-form.js";

new RuleTester().run(rule, {
  valid: [
    'FROM alpine:3.20\nCMD ["python", "app.py"]\n',
    'FROM alpine:3.20\nENTRYPOINT ["/entrypoint.sh"]\nHEALTHCHECK CMD ["curl", "-f", "http://localhost/"]\n',
    "FROM alpine:3.20\nHEALTHCHECK NONE\n",
    'FROM alpine:3.20\nSHELL ["/bin/bash", "-c"]\nCMD echo hi\n',
    'FROM alpine:3.20 AS base\nSHELL ["pwsh", "-Command"]\nFROM base\nCMD Write-Host hi\n',
    { name: "a HEALTHCHECK that needs a shell would need it in JSON form too", code: "FROM alpine:3.20\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n" },
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
      name: "already exec'd by the shell: the shell form moves into JSON as it is",
      code: "FROM alpine:3.20\nENTRYPOINT exec nginx -g 'daemon off;' > /dev/null\n",
      errors: [{ messageId: "shellScript" }],
    },
    {
      code: "FROM alpine:3.20\nCMD exec nginx -g 'daemon off;'\n",
      errors: [{ messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nCMD ["nginx", "-g", "daemon off;"]\n' }] }],
    },
    {
      name: "HEALTHCHECK: about needing a shell, not about signals; a plain command gets its JSON form",
      code: "FROM alpine:3.20\nHEALTHCHECK --interval=5s CMD curl -f http://localhost/\n",
      errors: [{ messageId: "healthcheck", data: { suggestion: '["curl", "-f", "http://localhost/"]' }, suggestions: [{ output: 'FROM alpine:3.20\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]\n' }] }],
    },
    { code: "HEALTHCHECK CMD foobar\n", errors: [{ messageId: "healthcheck", suggestions: [{ output: 'HEALTHCHECK CMD ["foobar"]\n' }] }] },
    {
      name: "HEALTHCHECK needing a shell: hadolint reports it, dfbuild does not (JSON form would need /bin/sh too)",
      code: "FROM alpine:3.20\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
      preset: "hadolint",
      errors: [{ messageId: "shellScript", data: { keyword: "HEALTHCHECK CMD" } }],
    },
    {
      name: "an exec prefix is dropped: exec is a shell builtin, not a program",
      code: "FROM alpine:3.20\nCMD exec java -jar app.jar\n",
      errors: [{ messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nCMD ["java", "-jar", "app.jar"]\n' }] }],
    },
    {
      name: "a prefix assignment keeps the shell, which execs the program so that it gets the signals",
      code: "FROM alpine:3.20\nCMD NODE_ENV=production node app.js\n",
      errors: [{ messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nCMD ["/bin/sh", "-c", "NODE_ENV=production exec node app.js"]\n' }] }],
    },
    {
      name: "globs, ~ and variables keep the shell, with exec",
      code: "FROM alpine:3.20\nCMD node *.js\nENTRYPOINT ~/bin/run $PORT\n",
      errors: [
        { messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nCMD ["/bin/sh", "-c", "exec node *.js"]\nENTRYPOINT ~/bin/run $PORT\n' }] },
        { messageId: "shellForm", suggestions: [{ output: 'FROM alpine:3.20\nCMD node *.js\nENTRYPOINT ["/bin/sh", "-c", "exec ~/bin/run $PORT"]\n' }] },
      ],
    },
    {
      name: "a builtin or a list: no suggestion, which would keep the signal problem",
      code: "FROM alpine:3.20\nCMD source /env && node app.js\n",
      errors: [{ messageId: "shellScript", suggestions: [] }],
    },
    {
      name: "hadolint reports shell form even after SHELL",
      code: 'FROM alpine:3.20\nSHELL ["/bin/bash", "-c"]\nCMD echo hi\n',
      preset: "hadolint",
      errors: [{ messageId: "shellForm" }],
    },
  ],
});
