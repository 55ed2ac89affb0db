import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./exec-form-variable.js";

new RuleTester().run(rule, {
  valid: [
    'FROM alpine:3.20\nCMD ["python", "app.py"]\n',
    'FROM alpine:3.20\nCMD ["sh", "-c", "echo $HOME"]\n',
    'FROM alpine:3.20\nENTRYPOINT ["/bin/bash", "-c", "exec app --port ${PORT}"]\n',
    'FROM alpine:3.20\nCMD ["bash", "-ec", "exec app --port ${PORT}"]\n',
    "FROM alpine:3.20\nCMD echo $HOME\n",
    { name: "a shell run by env", code: 'FROM alpine:3.20\nCMD ["env", "bash", "-c", "echo $HOME"]\n' },
    { name: "a shell run by env with assignments", code: 'FROM alpine:3.20\nCMD ["/usr/bin/env", "-i", "A=1", "sh", "-c", "echo $A"]\n' },
    { name: "a shell run by tini", code: 'FROM alpine:3.20\nENTRYPOINT ["tini", "--", "sh", "-c", "exec app $ARGS"]\n' },
    { name: "a shell run by dumb-init and gosu", code: 'FROM alpine:3.20\nENTRYPOINT ["dumb-init", "gosu", "app", "sh", "-c", "exec app $ARGS"]\n' },
    { name: "a CMD that is the script of ENTRYPOINT sh -c", code: 'FROM alpine:3.20\nENTRYPOINT ["/bin/sh", "-c"]\nCMD ["echo $HOME"]\n' },
    { name: "… set in the base stage", code: 'FROM alpine:3.20 AS base\nENTRYPOINT ["tini", "--", "/bin/sh", "-c"]\nFROM base\nCMD ["exec app --port $PORT"]\n' },
    { name: "PowerShell's own variables", code: 'FROM mcr.microsoft.com/powershell\nCMD ["pwsh", "-Command", "Write-Host $env:HOME"]\n' },
  ],
  invalid: [
    { code: 'FROM alpine:3.20\nCMD ["echo", "$HOME"]\n', errors: [{ messageId: "notExpanded", line: 2, column: 15, endColumn: 20, data: { variable: "$HOME" } }] },
    {
      code: 'FROM alpine:3.20\nENTRYPOINT ["app", "--port=${PORT}", "--host", "$HOST"]\n',
      errors: [{ messageId: "notExpanded", column: 28, endColumn: 35 }, { messageId: "notExpanded", data: { variable: "$HOST" } }],
    },
    { code: 'FROM alpine:3.20\nHEALTHCHECK CMD ["curl", "http://localhost:$PORT/"]\n', errors: [{ messageId: "notExpanded" }] },
    { name: "a shell running a script file expands nothing", code: 'FROM alpine:3.20\nCMD ["bash", "start.sh", "$PORT"]\n', errors: [{ messageId: "notExpanded", data: { variable: "$PORT" } }] },
    { name: "the arguments after a -c script are not expanded", code: 'FROM alpine:3.20\nCMD ["sh", "-c", "exec app \\"$@\\"", "--", "$HOME"]\n', errors: [{ messageId: "notExpanded", data: { variable: "$HOME" } }] },
    { name: "nor is an env assignment", code: 'FROM alpine:3.20\nCMD ["env", "PATH=$PATH:/opt/bin", "app"]\n', errors: [{ messageId: "notExpanded", data: { variable: "$PATH" } }] },
    { name: "an ENTRYPOINT that runs a script file takes CMD as its arguments", code: 'FROM alpine:3.20\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["--port", "$PORT"]\n', errors: [{ messageId: "notExpanded" }] },
  ],
});
