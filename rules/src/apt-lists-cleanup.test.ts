import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./apt-lists-cleanup.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
    "FROM debian:12\nRUN apt-get update; apt-get install -y curl; rm -r /var/lib/apt/lists\n",
    "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/ /tmp/*\n",
    "FROM debian:12\nRUN apt-get update && apt-get install -y curl && apt-get clean && rm -rf /var/lib/apt/*\n",
    "FROM debian:12\nRUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -mindepth 1 -delete\n",
    "FROM debian:13\nRUN apt-get update && apt-get install -y curl && apt-get dist-clean\n",
    "FROM debian:13\nRUN apt update && apt install -y curl && apt distclean\n",
    "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update && apt-get install -y curl\n",
    "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl\n",
    "FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists/ apt-get update && apt-get install -y curl\n",
    { code: "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n", name: "a builder stage's lists never ship" },
    {
      code: "FROM debian:12 AS build-base\nRUN apt-get update && apt-get install -y gcc\nFROM build-base AS build\nRUN make\nFROM debian:12\nCOPY --from=build /out /out\n",
      name: "nor do those of the stage a builder stage is built on",
    },
    "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm /var/lib/apt/lists/*_*\n",
    "FROM debian:12\nRUN apt-get install -y ./local.deb\n",
    "FROM debian:12\nRUN sh -c 'apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'\n",
    "FROM bitnami/minideb:bookworm\nRUN install_packages curl\n",
    { code: "FROM debian:12\nRUN apt-get update && rm -rf /tmp/cache\n", preset: "hadolint", name: "hadolint takes any rm -rf as the clean-up" },
    { code: "FROM debian:12\nRUN apt-get update && rm -r /var/lib/apt/lists/*\n", preset: "hadolint", name: "hadolint: or an rm of the lists without -rf" },
    { code: "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /out /out\n", preset: "hadolint", name: "hadolint: a builder stage's lists never ship" },
    { code: "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
      errors: [
        {
          messageId: "lists",
          line: 2,
          column: 5,
          endColumn: 19,
          data: { tool: "apt-get" },
          suggestions: [{ messageId: "appendCleanup", output: "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n" }],
        },
      ],
    },
    {
      code: "FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl\n",
      errors: [{ messageId: "lists", column: 36 }],
    },
    {
      code: "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* && apt-get update\n",
      errors: [{ messageId: "lists", column: 81 }],
    },
    {
      code: "FROM debian:12\nRUN apt-get update; apt-get install -y curl\n",
      errors: [{ messageId: "lists", suggestions: [] }],
    },
    {
      code: "FROM debian:12\nRUN apt update && apt install -y curl\n",
      errors: [{ messageId: "lists", data: { tool: "apt" } }],
    },
    {
      code: "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n",
      errors: [{ messageId: "lists" }],
    },
    {
      code: "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN echo built\n",
      errors: [{ messageId: "lists", line: 2 }],
    },
    {
      code: "FROM debian:12 AS build-base\nRUN apt-get update && apt-get install -y gcc\nFROM build-base AS build\nRUN make\nFROM debian:12\nCOPY --from=build /out /out\n",
      preset: "hadolint",
      errors: [{ messageId: "lists", line: 2 }],
    },
    { code: 'FROM debian:12\nRUN ["sh", "-c", "apt-get update && apt-get install -y curl"]\n', errors: [{ messageId: "lists", line: 2, column: 19, suggestions: [] }] },
    { code: "FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n", errors: [{ messageId: "lists", line: 2 }] },
    { code: "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n", errors: [{ messageId: "lists", line: 3, suggestions: [] }] },
    { name: "a command after the update that is no apt call removes nothing", code: "FROM debian:12\nRUN apt-get update && apt-get install -y curl && echo done\n", errors: [{ messageId: "lists" }] },
    { code: "FROM debian:12\nRUN apt update && apt install -y curl\n", preset: "hadolint", errors: [{ messageId: "lists", data: { tool: "apt" } }] },
    { code: "FROM debian:12\nRUN aptitude update && aptitude install -y curl\n", preset: "hadolint", errors: [{ messageId: "lists", data: { tool: "aptitude" } }] },
    { code: "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n", preset: "hadolint", errors: [{ messageId: "lists" }] },
    { code: "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n", preset: "hadolint", errors: [{ messageId: "lists" }] },
  ],
});
