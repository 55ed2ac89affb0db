import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./last-user-root.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nUSER foo\n",
    "FROM debian:12\nUSER root\nRUN something\nUSER foo\n",
    "FROM debian:12\nRUN something\n",
    { name: "only the final stage makes the image", code: "FROM debian:12 AS build\nUSER root\nRUN make\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n" },
    { name: "a later stage switches away", code: "FROM debian:12 AS base\nUSER root\nFROM base\nUSER 10001\n" },
    { name: "an unknown variable", code: "FROM debian:12\nUSER ${RUN_AS}\n" },
    { name: "a name that starts with root is another user", code: "FROM debian:12\nUSER rootless\n" },
    { name: "hadolint reads the text as written", code: "FROM debian:12\nARG RUN_AS=root\nUSER ${RUN_AS}\n", preset: "hadolint" },
    { code: "FROM debian:12 AS base\nUSER root\nRUN something\nUSER foo\nFROM scratch\nRUN something else\n", preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM debian:12\nUSER root\n", errors: [{ messageId: "root", line: 2, column: 6, endColumn: 10, data: { user: "root" } }] },
    { code: "FROM debian:12\nUSER 0:0\n", errors: [{ messageId: "root", data: { user: "0:0" } }] },
    { code: "FROM debian:12\nUSER 0\n", errors: [{ messageId: "root", data: { user: "0" } }] },
    { code: "FROM debian:12\nUSER 0\n", preset: "hadolint", errors: [{ messageId: "hadolint", line: 2 }] },
    { code: "FROM debian:12\nUSER root:root\n", errors: [{ messageId: "root", data: { user: "root:root" } }] },
    { name: "inherited from the base stage", code: "FROM debian:12 AS base\nUSER root\nRUN something\nFROM base\nRUN something else\n", errors: [{ messageId: "root", line: 2 }] },
    { name: "through an ARG", code: "FROM debian:12\nARG RUN_AS=root\nUSER ${RUN_AS}\n", errors: [{ messageId: "root", data: { user: "root" } }] },
    { name: "hadolint flags build stages too", code: "FROM debian:12 AS base\nUSER root\nRUN something\nFROM scratch\nUSER foo\nRUN something else\n", preset: "hadolint", errors: [{ messageId: "hadolint", line: 2 }] },
  ],
});
