import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./copy-from-undefined.js";

new RuleTester().run(rule, {
  valid: [
    "FROM scratch AS build\nRUN foo\nFROM node:22\nCOPY --from=build foo .\n",
    "FROM scratch AS build\nRUN foo\nFROM node:22\nCOPY --from=Build foo .\n",
    "FROM scratch\nRUN foo\nFROM node:22\nCOPY --from=0 foo .\n",
    "FROM node:22\nCOPY --from=haskell:latest bar .\n",
    { name: "an untagged image is an image, not a missing stage", code: "FROM node:22\nCOPY --from=busybox /bin/busybox /bin/\n" },
    { name: "a registry path", code: "FROM node:22\nCOPY --from=ghcr.io/acme/tools /bin/tool /bin/\n" },
    { name: "the own stage is copy-from-self's finding", code: "FROM node:22 AS foo\nCOPY --from=foo bar .\n" },
    { name: "a name far from every stage name is an image", code: "FROM golang:1.22 AS builder\nFROM alpine:3.20\nCOPY --from=nginx /etc/nginx /etc/nginx\n" },
    "FROM alpine:3.20 AS a\nFROM alpine:3.20\nRUN --mount=type=bind,from=a,target=/a ls /a\n",
    { code: "FROM scratch AS build\nRUN foo\nFROM node\nCOPY --from=build foo .\nRUN baz\n", preset: "hadolint" },
    { code: "COPY --from=haskell:latest bar .\n", preset: "hadolint" },
    { code: "FROM scratch AS build\nRUN foo\nFROM node\nCOPY --from=0 foo .\n", preset: "hadolint" },
    { name: "hadolint: an index of two digits", code: "FROM alpine:3.20\n".repeat(11) + "COPY --from=10 foo .\n", preset: "hadolint" },
    { name: "a stage named near another stage's name is that stage", code: "FROM alpine:3.20 AS builder\nFROM alpine:3.20 AS builds\nFROM alpine:3.20\nCOPY --from=builder /a /a\n" },
    { name: "an image name with a dot is an image, however near a stage name", code: "FROM alpine:3.20 AS foobar\nFROM alpine:3.20\nCOPY --from=foo.bar /a /a\n" },
    { name: "only earlier stages' names are suggested: a later stage", code: "FROM alpine:3.20\nCOPY --from=buidler /a /a\nFROM golang:1.22 AS builder\n" },
    { name: "only earlier stages' names are suggested: the own stage", code: "FROM golang:1.22 AS builder\nCOPY --from=buidler /a /a\n" },
  ],
  invalid: [
    {
      name: "a stage defined later",
      code: "FROM scratch\nCOPY --from=build foo .\nFROM node:22 AS build\nRUN baz\n",
      errors: [{ messageId: "later", line: 2, column: 13, endColumn: 18, data: { what: "COPY --from=build", line: 3 } }],
    },
    { name: "an index past the stages", code: "FROM node:22\nCOPY --from=3 bar .\n", errors: [{ messageId: "index", data: { what: "COPY --from=3", value: "3", current: 0 } }] },
    { name: "an index of a later stage", code: "FROM node:22\nCOPY --from=1 bar .\nFROM node:22\n", errors: [{ messageId: "later", data: { what: "COPY --from=1", line: 3 } }] },
    {
      name: "a variable (BuildKit refuses it)",
      code: "ARG BASE=build\nFROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=${BASE} /a /a\n",
      errors: [{ messageId: "variable", line: 4 }],
    },
    {
      name: "a variable whose expansion fails (an unclosed brace)",
      code: "FROM alpine:3.20 AS build\nFROM alpine:3.20\nCOPY --from=${BASE /a /a\n",
      errors: [{ messageId: "variable", line: 3, data: { what: "COPY --from=${BASE" } }],
    },
    {
      name: "a later stage that copies from this one (a circular dependency)",
      code: "FROM alpine:3.20 AS a\nCOPY --from=b /x /x\nFROM alpine:3.20 AS b\nCOPY --from=a /y /y\n",
      errors: [{ messageId: "later", line: 2, data: { what: "COPY --from=b", line: 3 } }],
    },
    {
      name: "a typo of a stage name",
      code: "FROM golang:1.22 AS builder\nFROM alpine:3.20\nCOPY --from=buidler /app /app\n",
      errors: [
        {
          messageId: "typo",
          data: { what: "COPY --from=buidler", value: "buidler", stage: "builder" },
          suggestions: [{ messageId: "useStage", output: "FROM golang:1.22 AS builder\nFROM alpine:3.20\nCOPY --from=builder /app /app\n" }],
        },
      ],
    },
    { name: "a mount from a later stage", code: "FROM alpine:3.20\nRUN --mount=from=tools,target=/t ls\nFROM alpine:3.20 AS tools\n", errors: [{ messageId: "later", data: { what: "RUN --mount from=tools", line: 3 } }] },
    { code: "COPY --from=foo bar .\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { code: "FROM scratch\nCOPY --from=build foo .\nFROM node as build\nRUN baz\n", preset: "hadolint", errors: [{ messageId: "hadolint", line: 2 }] },
    { code: "COPY --from=0 bar .\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint flags untagged images", code: "FROM node:22\nCOPY --from=busybox /bin/busybox /bin/\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
  ],
});
