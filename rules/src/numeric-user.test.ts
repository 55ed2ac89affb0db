import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./numeric-user.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nUSER 12345\n",
    "FROM alpine:3.20\nUSER 1234:5678\n",
    "FROM alpine:3.20\nUSER 1234:app\n",
    { name: "an ARG without default", code: "FROM alpine:3.20\nARG APP_UID\nUSER ${APP_UID}\n" },
    { name: "an ARG with a numeric default", code: "FROM alpine:3.20\nARG APP_UID=10001\nUSER ${APP_UID}\n" },
    { code: "ARG APP_UID\nFROM foobar:barfoo\nUSER ${APP_UID}\n", preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM alpine:3.20\nUSER foobar\n", errors: [{ messageId: "name", line: 2, column: 6, endColumn: 12, data: { user: "foobar" } }] },
    { code: "FROM alpine:3.20\nUSER foobar:barfoo\n", errors: [{ messageId: "name", data: { user: "foobar:barfoo" } }] },
    { code: "FROM alpine:3.20\nARG APP_USER=app\nUSER $APP_USER\n", errors: [{ messageId: "name", data: { user: "app" } }] },
    { code: "USER foobar\n", preset: "hadolint", errors: [{ messageId: "name" }] },
    { name: "a name starting with a digit", code: "FROM alpine:3.20\nUSER 1app\n", errors: [{ messageId: "name", data: { user: "1app" } }] },
    // hadolint skips a USER naming an ARG it has seen, and reports the text as written otherwise.
    { name: "hadolint: another ARG, an ENV", code: "FROM alpine:3.20\nARG X\nENV U=app\nUSER $U\n", preset: "hadolint", errors: [{ messageId: "name", data: { user: "$U" } }] },
    { name: "hadolint: an ARG in either form", code: "FROM alpine:3.20\nARG A\nARG B\nUSER $A\nUSER ${B}:x\nUSER app\n", preset: "hadolint", errors: [{ messageId: "name", line: 6, data: { user: "app" } }] },
  ],
});
