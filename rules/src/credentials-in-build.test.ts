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
  ],
  invalid: [
    {
      name: "a literal password in a URL, in RUN, ADD, ENV and ARG",
      code: "FROM alpine:3.20\nRUN git clone https://deploy:s3cr3t@git.example.com/org/repo.git\nADD https://user:pw1234@files.example.com/a.tgz /\nENV DATABASE_URL=postgres://app:apppass@db:5432/app\nARG MIRROR=https://me:mypass@mirror.example.com\n",
      errors: [
        { messageId: "literal", data: { what: "A password in a URL" }, line: 2, column: 15 },
        { messageId: "literal", data: { what: "A password in a URL" }, line: 3 },
        { messageId: "literal", data: { what: "A password in a URL" }, line: 4 },
        { messageId: "literal", data: { what: "A password in a URL" }, line: 5 },
      ],
    },
    {
      name: "a URL password from an ARG whose name does not look secret",
      code: "FROM alpine:3.20\nARG NEXUS_PASS\nRUN curl -fsSL https://ci:${NEXUS_PASS}@nexus.example.com/x -o /x\n",
      errors: [{ messageId: "variable", data: { keyword: "ARG", name: "NEXUS_PASS", env: "" }, line: 3 }],
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
