import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./exec-form-variable.js";

new RuleTester().run(rule, {
  valid: [
    'FROM alpine:3.20\nCMD ["python", "app.py"]\n',
    'FROM alpine:3.20\nCMD ["sh", "-c", "echo $HOME"]\n',
    'FROM alpine:3.20\nENTRYPOINT ["/bin/bash", "-c", "exec app --port ${PORT}"]\n',
    "FROM alpine:3.20\nCMD echo $HOME\n",
  ],
  invalid: [
    { code: 'FROM alpine:3.20\nCMD ["echo", "$HOME"]\n', errors: [{ messageId: "notExpanded", line: 2, column: 15, endColumn: 20, data: { variable: "$HOME" } }] },
    {
      code: 'FROM alpine:3.20\nENTRYPOINT ["app", "--port=${PORT}", "--host", "$HOST"]\n',
      errors: [{ messageId: "notExpanded", column: 28, endColumn: 35 }, { messageId: "notExpanded", data: { variable: "$HOST" } }],
    },
    { code: 'FROM alpine:3.20\nHEALTHCHECK CMD ["curl", "http://localhost:$PORT/"]\n', errors: [{ messageId: "notExpanded" }] },
  ],
});
