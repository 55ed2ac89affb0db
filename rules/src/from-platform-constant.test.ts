import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./from-platform-constant.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\n",
    "FROM --platform=$BUILDPLATFORM debian:12\n",
    'FROM --platform="${BUILDPLATFORM:-}" debian:12\n',
    "FROM --platform=$TARGETPLATFORM debian:12\n",
    { name: "any variable makes it no constant (BuildKit)", code: "ARG PLATFORM=linux/arm64\nFROM --platform=$PLATFORM debian:12\n" },
    { name: "a stage named after its architecture pins it on purpose", code: "FROM --platform=linux/arm64 debian:12 AS build-arm64\n" },
    { name: "a stage named after its OS", code: "FROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022 AS windows\n" },
    { name: "spellings are normalised before the comparison", code: "FROM --platform=linux/aarch64 debian:12 AS builder-arm64\n" },
    { name: "a variable without a value makes it no constant either", code: "FROM --platform=linux$SUFFIX debian:12\n" },
    { name: "a stage name is compared lower-cased, as BuildKit keeps it", code: "FROM --platform=linux/arm64 debian:12 AS Build-ARM64\n" },
    { name: "a value that does not parse fails the build instead", code: "FROM --platform=not/a/platform/at/all debian:12\n" },
    { code: "FROM --platform=$BUILDPLATFORM debian:12\n", preset: "hadolint" },
    { code: "FROM --platform=${TARGETPLATFORM} debian:12\n", preset: "hadolint" },
  ],
  invalid: [
    {
      code: "FROM --platform=linux/amd64 debian:12 AS build\n",
      errors: [{ messageId: "constant", line: 1, column: 6, endColumn: 28, data: { platform: "linux/amd64", arch: "amd64" } }],
    },
    { name: "an OS alone is a constant platform", code: "FROM --platform=linux debian:jessie\n", errors: [{ messageId: "constant" }] },
    { code: "FROM --platform=linux debian:jessie\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "hadolint flags any variable other than the two", code: "ARG P=linux/arm64\nFROM --platform=$P debian:12\n", preset: "hadolint", errors: [{ messageId: "hadolint", line: 2 }] },
    { name: "hadolint ignores the stage name", code: "FROM --platform=linux/arm64 debian:12 AS build-arm64\n", preset: "hadolint", errors: [{ messageId: "hadolint" }] },
  ],
});
