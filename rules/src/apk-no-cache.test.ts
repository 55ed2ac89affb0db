import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./apk-no-cache.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
    "FROM alpine:3.20\nRUN apk --no-cache add curl\n",
    "FROM alpine:3.20\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\n",
    "FROM alpine:3.20\nRUN apk add --update curl && rm -rf /var/cache/apk\n",
    "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk update && apk add curl\n",
    "FROM alpine:3.20\nRUN --mount=type=cache,target=/etc/apk/cache apk add --update curl\n",
    "FROM alpine:3.20\nRUN --mount=type=tmpfs,target=/var/cache apk add -U curl\n",
    { code: "FROM alpine:3.20 AS build\nRUN apk add gcc\nFROM scratch\nCOPY --from=build /out /out\n", name: "a builder stage's index never ships" },
    "FROM alpine:3.20\nRUN apk del curl\n",
    "FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc && apk add --no-network --virtual .run-deps libgcc\n",
    { code: "FROM alpine:3.20\nRUN sudo apk add curl\n", preset: "hadolint" },
    { code: "FROM alpine:3.20\nRUN apk update\n", preset: "hadolint" },
    { code: "FROM alpine:3.20\nRUN apk add --no-cache curl\n", preset: "hadolint" },
    { code: "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add -U curl\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM alpine:3.20\nRUN apk add curl\n",
      errors: [{ messageId: "add", line: 2, column: 5, endColumn: 17, suggestions: [{ messageId: "insertNoCache", output: "FROM alpine:3.20\nRUN apk add --no-cache curl\n" }] }],
    },
    { code: "FROM alpine:3.20\nRUN apk update && apk add --no-cache curl\n", errors: [{ messageId: "update", column: 5, endColumn: 15, suggestions: [] }] },
    { code: "FROM alpine:3.20\nRUN apk update && apk add curl && apk add git\n", errors: [{ messageId: "update", column: 5 }] },
    { code: "FROM alpine:3.20\nRUN rm -rf /var/cache/apk/* && apk add -U curl\n", errors: [{ messageId: "add", column: 32 }] },
    { code: "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/foo apk add -U curl\n", errors: [{ messageId: "add" }] },
    { code: "FROM alpine:3.20 AS base\nRUN apk add curl\nFROM base\n", errors: [{ messageId: "add", line: 2 }] },
    { code: 'FROM alpine:3.20\nRUN ["/sbin/apk", "add", "curl"]\n', errors: [{ messageId: "add", suggestions: [{ messageId: "insertNoCache", output: 'FROM alpine:3.20\nRUN ["/sbin/apk", "add", "--no-cache", "curl"]\n' }] }] },
    {
      code: 'FROM alpine:3.20\nRUN sh -c "apk add \\"curl\\""\n',
      errors: [{ messageId: "add", suggestions: [] }],
    },
    {
      code: "FROM alpine:3.20\nRUN sh -c 'apk add curl'\n",
      errors: [{ messageId: "add", suggestions: [{ messageId: "insertNoCache", output: "FROM alpine:3.20\nRUN sh -c 'apk add --no-cache curl'\n" }] }],
    },
    {
      code: "FROM alpine:3.20\nRUN apk add curl && apk add git\n",
      name: "two adds without an update: each fetches its own index",
      errors: [{ messageId: "add", column: 5, endColumn: 17 }, { messageId: "add", column: 21, endColumn: 32 }],
    },
    { code: "FROM alpine:3.20\nONBUILD RUN apk add curl\n", errors: [{ messageId: "add", line: 2 }] },
    { code: "FROM alpine:3.20 AS build\nRUN apk add gcc\nFROM scratch\nCOPY --from=build /out /out\n", preset: "hadolint", errors: [{ messageId: "add", line: 2 }] },
    { code: "FROM alpine:3.20\nRUN apk add curl && apk add git\n", preset: "hadolint", errors: [{ messageId: "add", column: 5, endColumn: 17 }] },
  ],
});
