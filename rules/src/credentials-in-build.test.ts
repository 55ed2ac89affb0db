import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./credentials-in-build.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n",
    "FROM alpine:3.20\nRUN curl -fsSL https://example.com/x && git clone https://github.com/org/repo.git\n",
    // Placeholders in documentation-like values; a user without a password.
    "FROM alpine:3.20\nENV EXAMPLE_URL=https://user:<password>@example.com MIRROR=https://anonymous@example.com\n",
    // SecretsUsedInArgOrEnv (secret-in-arg-env) already reports these ARG and ENV names: not twice.
    "FROM alpine:3.20\nARG GITHUB_TOKEN\nENV DB_PASSWORD=hunter2\nRUN git clone https://x-access-token:${GITHUB_TOKEN}@github.com/org/repo.git\n",
    // A shell variable the RUN sets itself is not an ARG or ENV.
    "FROM alpine:3.20\nRUN P=$(cat /run/secrets/p) && curl https://user:$P@example.com\n",
    // A password that is only part a variable's, one from a variable nothing defines, and one from
    // a predefined proxy ARG: none is written in this file.
    "FROM alpine:3.20\nARG PART\nRUN curl https://user:x$PART@example.com && curl https://user:$NOWHERE@example.com\n",
    "FROM alpine:3.20\nRUN curl https://user:$HTTP_PROXY@example.com\n",
    // BuildKit's platform ARGs, which the global scope predefines: not a value this file writes.
    "ARG MIRROR=https://user:${BUILDPLATFORM}@example.com\nFROM alpine:3.20\n",
    // An ARG without a value, and a URL without a password in ADD.
    "FROM alpine:3.20\nARG MIRROR\nADD https://files.example.com/a.tgz /\n",
  ],
  invalid: [
    {
      name: "a literal password in a URL, in RUN, ADD, ENV and ARG",
      code: "FROM alpine:3.20\nRUN git clone https://deploy:s3cr3t@git.example.com/org/repo.git\nADD https://user:pw1234@files.example.com/a.tgz /\nENV DATABASE_URL=postgres://app:apppass@db:5432/app\nARG MIRROR=https://me:mypass@mirror.example.com\n",
      errors: [
        { messageId: "literal", data: { what: "A password in a URL" }, line: 2, column: 15 },
        { messageId: "literal", data: { what: "A password in a URL" }, line: 3, column: 5, endColumn: 48 },
        { messageId: "literal", data: { what: "A password in a URL" }, line: 4, column: 18, endColumn: 52 },
        { messageId: "literal", data: { what: "A password in a URL" }, line: 5, column: 12, endColumn: 48 },
      ],
    },
    {
      name: "a URL password from an ARG whose name does not look secret",
      code: "FROM alpine:3.20\nARG NEXUS_PASS\nRUN curl -fsSL https://ci:${NEXUS_PASS}@nexus.example.com/x -o /x\n",
      errors: [{ messageId: "variable", data: { keyword: "ARG", name: "NEXUS_PASS", env: "" }, line: 3 }],
    },
    {
      name: "a URL password from an ENV",
      code: "FROM alpine:3.20\nENV NEXUS=pw\nRUN curl https://ci:${NEXUS}@nexus.example.com/x\n",
      errors: [{ messageId: "variable", data: { keyword: "ENV", name: "NEXUS", env: " and config, visible to anyone with the image" }, line: 3, column: 10, endColumn: 49 }],
    },
    {
      name: "a literal password in an ONBUILD RUN",
      code: "FROM alpine:3.20\nONBUILD RUN curl https://ci:pw1234@nexus.example.com/x\n",
      errors: [{ messageId: "literal", data: { what: "A password in a URL" }, line: 2, column: 18, endColumn: 55 }],
    },
    {
      name: "token formats anywhere",
      code: "FROM alpine:3.20\nENV GH=ghp_0123456789abcdefghijABCDEFGHIJ012345\nRUN echo AKIAIOSFODNN7EXAMPLE > /tmp/k\n",
      errors: [
        { messageId: "literal", data: { what: "A GitHub token" }, line: 2 },
        { messageId: "literal", data: { what: "An AWS access key" }, line: 3 },
      ],
    },
  ],
});
