import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./unused-arg.js";

new RuleTester().run(rule, {
  valid: [
    // Used by FROM, by a later global ARG's default, taken into a stage, referenced in the stage.
    "ARG TAG=3.20\nARG IMAGE=alpine:$TAG\nFROM $IMAGE\nARG VERSION=1\nLABEL version=$VERSION\n",
    "ARG VERSION=1\nFROM alpine:3.20\nARG VERSION\nLABEL version=$VERSION\n",
    // A stage ARG is in the environment of the RUNs after it (apt reads DEBIAN_FRONTEND, scripts read the rest).
    "FROM debian:12\nARG DEBIAN_FRONTEND=noninteractive\nRUN apt-get update\n",
    "FROM debian:12 AS base\nARG NODE_ENV=production\nFROM base\nRUN ./build.sh\n",
    // BuildKit reads its own settings.
    "FROM alpine:3.20\nARG BUILDKIT_INLINE_CACHE=1\nARG SOURCE_DATE_EPOCH\n",
    { name: "an ENV nothing refers to is no ARG", code: "FROM alpine:3.20\nENV UNUSED=1\n" },
    { name: "a global platform ARG with a default replaces BuildKit's", code: "ARG TARGETARCH=arm64\nFROM alpine:3.20\nARG TARGETARCH\nRUN echo $TARGETARCH\n" },
  ],
  invalid: [
    {
      name: "a global ARG nothing takes",
      code: "ARG VERSION=1\nFROM alpine:3.20\n",
      errors: [{ messageId: "unusedGlobal", data: { name: "VERSION" }, line: 1, column: 5, endColumn: 12 }],
    },
    {
      name: "a stage ARG with no reference and no RUN after it",
      code: "FROM alpine:3.20\nRUN echo hi\nARG UNUSED=1\nCMD [\"sh\"]\n",
      errors: [{ messageId: "unusedStage", data: { name: "UNUSED" }, line: 3 }],
    },
    {
      name: "a global platform ARG without a default: the FROM and the stage's ARG see BuildKit's own",
      code: "ARG TARGETPLATFORM\nARG BUILDPLATFORM\nFROM --platform=$BUILDPLATFORM alpine:3.20\nARG TARGETPLATFORM\nRUN echo $TARGETPLATFORM\n",
      errors: [
        { messageId: "predefinedGlobal", data: { name: "TARGETPLATFORM" }, line: 1, column: 5 },
        { messageId: "predefinedGlobal", data: { name: "BUILDPLATFORM" }, line: 2, column: 5 },
      ],
    },
    {
      name: "a global platform ARG nothing refers to, without a default",
      code: "ARG TARGETARCH\nFROM alpine:3.20\n",
      errors: [{ messageId: "predefinedGlobal", data: { name: "TARGETARCH" }, line: 1 }],
    },
    {
      name: "a global ARG without a default that BuildKit does not define is unused, not predefined",
      code: "ARG VERSION\nFROM alpine:3.20\n",
      errors: [{ messageId: "unusedGlobal", data: { name: "VERSION" }, line: 1 }],
    },
    {
      // BuildKit's global platform ARGs are predefined; a scratch stage's default PATH is the stage's own.
      name: "a global ARG PATH without a default is unused: PATH is predefined only in a scratch stage",
      code: "ARG PATH\nFROM scratch\nCOPY app /app\n",
      errors: [{ messageId: "unusedGlobal", data: { name: "PATH" }, line: 1 }],
    },
  ],
});
