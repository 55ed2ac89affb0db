import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./workdir-absolute.js";

new RuleTester().run(rule, {
  valid: ["FROM alpine:3.20\nWORKDIR /app\n", "FROM alpine:3.20\nWORKDIR ${DIR}\n", "FROM alpine:3.20\nARG DIR=/srv\nWORKDIR $DIR\n", "WORKDIR C:/app\n", "WORKDIR 'C:\\'\n"],
  invalid: [
    { code: "FROM alpine:3.20\nWORKDIR app\n", errors: [{ messageId: "relative", line: 2, column: 9, endColumn: 12, data: { path: "app" } }] },
    { code: 'FROM alpine:3.20\nWORKDIR "relative/dir"\n', errors: [{ messageId: "relative", data: { path: "relative/dir" } }] },
    { code: "FROM alpine:3.20\nARG DIR=src\nWORKDIR ${DIR}\n", errors: [{ messageId: "relative", data: { path: "src" } }] },
  ],
});
