import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./copy-from-self.js";

new RuleTester().run(rule, {
  valid: [
    "FROM scratch AS build\nRUN foo\nFROM node:22 AS run\nCOPY --from=build foo .\n",
    "FROM node:22 AS foo\nCOPY --from=foo:1.0 bar .\n",
    "FROM node:22\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n",
    "FROM node:22 AS a\nFROM node:22 AS b\nRUN --mount=from=a,target=/a ls /a\n",
    { name: "hadolint compares the alias as written", code: "FROM node:22 AS foo\nCOPY --from=FOO bar .\n", preset: "hadolint" },
    {
      name: "a circular dependency through a later stage is not a copy from itself",
      code: "FROM node:22 AS a\nRUN --mount=from=b,target=/b ls /b\nFROM node:22 AS b\nCOPY --from=a foo .\n",
    },
    { name: "hadolint does not check mounts", code: "FROM node:22 AS foo\nRUN --mount=from=foo,target=/f ls\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM node:22 AS foo\nCOPY --from=foo bar .\n",
      errors: [{ messageId: "self", line: 2, column: 13, endColumn: 16, data: { what: "COPY --from=foo", stage: 'stage "foo"' } }],
    },
    { name: "stage names are case-insensitive", code: "FROM node:22 AS foo\nCOPY --from=Foo bar .\n", errors: [{ messageId: "self", data: { what: "COPY --from=Foo", stage: 'stage "foo"' } }] },
    { name: "by index", code: "FROM node:22\nRUN true\nFROM node:22\nCOPY --from=1 bar .\n", errors: [{ messageId: "self", data: { what: "COPY --from=1", stage: "stage 1" } }] },
    {
      name: "a mount from the same stage",
      code: "FROM node:22 AS foo\nRUN --mount=type=bind,from=foo,target=/f ls /f\n",
      errors: [{ messageId: "self", line: 2, data: { what: "RUN --mount from=foo", stage: 'stage "foo"' } }],
    },
    { code: "FROM node:22 as foo\nCOPY --from=foo bar .\n", preset: "hadolint", errors: [{ messageId: "self", column: 13, endColumn: 16, data: { what: "COPY --from=foo", stage: "foo" } }] },
  ],
});
