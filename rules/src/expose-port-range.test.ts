import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./expose-port-range.js";

new RuleTester().run(rule, {
  valid: ["FROM alpine:3.20\nEXPOSE 80\n", "FROM alpine:3.20\nEXPOSE 80/tcp 443/udp\n", "FROM alpine:3.20\nEXPOSE 8000-8080\n", "FROM alpine:3.20\nEXPOSE 0 65535\n", "FROM alpine:3.20\nEXPOSE $PORT\n", "FROM alpine:3.20\nARG PORT=8080\nEXPOSE $PORT\n",
    { name: "hadolint reads the text as written: a variable is no number", code: "FROM alpine:3.20\nARG PORT=70000\nEXPOSE $PORT\n", preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM alpine:3.20\nEXPOSE 80000\n", errors: [{ messageId: "outOfRange", line: 2, column: 8, endColumn: 13, data: { port: "80000", bad: "80000" } }] },
    { code: "FROM alpine:3.20\nEXPOSE 100-65536/udp\n", errors: [{ messageId: "outOfRange", data: { port: "100-65536/udp", bad: "65536" } }] },
    { code: "FROM alpine:3.20\nEXPOSE 80 99999 443\n", errors: [{ messageId: "outOfRange", column: 11 }] },
    { name: "through an ARG", code: "FROM alpine:3.20\nARG PORT=70000\nEXPOSE ${PORT}/tcp\n", errors: [{ messageId: "outOfRange", data: { port: "70000/tcp", bad: "70000" } }] },
    { code: "EXPOSE 80000\n", preset: "hadolint", errors: [{ messageId: "outOfRange" }] },
  ],
});
