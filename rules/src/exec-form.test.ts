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
    {
      name: "a SHELL counts from where it stands, and in the stages built on its stage",
      code: 'FROM alpine:3.20 AS base\nCMD a\nSHELL ["/bin/bash", "-c"]\nFROM base\nCMD b\n',
      errors: [{ messageId: "shellForm", line: 2 }],
    },
    {
      name: "exec with options, exec alone, a program named by a variable, a builtin after exec: scripts",
      code: "FROM alpine:3.20\nCMD exec -a name nginx\nCMD exec\nCMD $APP serve\nCMD exec cd /app\nCMD exec exec nginx\n",
      errors: [{ messageId: "shellScript", line: 2 }, { messageId: "shellScript", line: 3 }, { messageId: "shellScript", line: 4 }, { messageId: "shellScript", line: 5 }, { messageId: "shellScript", line: 6 }],
    },
    {
      name: "a pipe, a list, a redirection, a script that does not parse: scripts",
      code: 'FROM alpine:3.20\nCMD node app.js | tee log\nCMD a; b\nCMD node app.js 2>&1\nCMD echo "unterminated\n',
      errors: [{ messageId: "shellScript", line: 2 }, { messageId: "shellScript", line: 3 }, { messageId: "shellScript", line: 4 }, { messageId: "shellScript", line: 5 }],
    },
    {
      name: "each glob character keeps the shell; after exec the command moves into JSON as written",
      code: "FROM alpine:3.20\nCMD node ap?.js\nCMD node [ab].js\nCMD exec node *.js\n",
      errors: [
        { messageId: "shellForm", data: { keyword: "CMD", suggestion: '["/bin/sh", "-c", "exec node ap?.js"]' } },
        { messageId: "shellForm", data: { keyword: "CMD", suggestion: '["/bin/sh", "-c", "exec node [ab].js"]' } },
        { messageId: "shellForm", data: { keyword: "CMD", suggestion: '["/bin/sh", "-c", "exec node *.js"]' } },
      ],
    },
    {
      name: "a ~ keeps the shell where it starts a word (tilde expansion), not elsewhere; so does a variable",
      code: "FROM alpine:3.20\nCMD ~/bin/run\nCMD vim notes~\nCMD node app.js $PORT\n",
      errors: [
        { messageId: "shellForm", data: { keyword: "CMD", suggestion: '["/bin/sh", "-c", "exec ~/bin/run"]' } },
        { messageId: "shellForm", data: { keyword: "CMD", suggestion: '["vim", "notes~"]' } },
        { messageId: "shellForm", data: { keyword: "CMD", suggestion: '["/bin/sh", "-c", "exec node app.js $PORT"]' } },
      ],
    },
    {
      name: "a command over two lines keeps its shell form: no suggestion",
      code: "FROM alpine:3.20\nCMD A=1 node \\\n  app.js\n",
      errors: [{ messageId: "shellScript" }],
    },
  ],
});
