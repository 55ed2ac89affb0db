import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./redundant-target-platform.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\n",
    "FROM --platform=$BUILDPLATFORM alpine:3.20\n",
    "FROM --platform=$FOOBAR alpine:3.20\n",
    "FROM --platform=linux/arm64 alpine:3.20\n",
    { name: "another variable is used too", code: "FROM --platform=${TARGETPLATFORM}${SUFFIX} alpine:3.20\n" },
    { name: "a global ARG of that name is no longer the automatic one", code: "ARG TARGETPLATFORM=linux/amd64\nFROM --platform=$TARGETPLATFORM alpine:3.20\n" },
    { name: "hadolint matches only the two plain spellings", code: "FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20\n", preset: "hadolint" },
    {
      name: "an alternative value is a platform of its own (BuildKit compares the result with TARGETPLATFORM's value)",
      code: "FROM --platform=${TARGETPLATFORM:+linux/arm64} alpine:3.20\n",
    },
    { name: "a second variable that expands to nothing is a second match (BuildKit wants one)", code: 'ARG EMPTY=""\nFROM --platform=${TARGETPLATFORM}${EMPTY} alpine:3.20\n' },
  ],
  invalid: [
    {
      code: "FROM --platform=$TARGETPLATFORM alpine:3.20\n",
      output: "FROM alpine:3.20\n",
      errors: [{ messageId: "redundant", line: 1, column: 6, endColumn: 32, data: { platform: "$TARGETPLATFORM" } }],
    },
    { code: "FROM --platform=${TARGETPLATFORM} alpine:3.20 AS app\n", output: "FROM alpine:3.20 AS app\n", errors: [{ messageId: "redundant" }] },
    { name: "quotes are removed before expansion", code: 'FROM --platform="${TARGETPLATFORM}" alpine:3.20\n', output: "FROM alpine:3.20\n", errors: [{ messageId: "redundant" }] },
    { name: "a default that is never used", code: "FROM --platform=${TARGETPLATFORM:-linux/amd64} alpine:3.20\n", output: "FROM alpine:3.20\n", errors: [{ messageId: "redundant" }] },
    { code: "FROM --platform=$TARGETPLATFORM alpine:3.20\n", preset: "hadolint", output: "FROM alpine:3.20\n", errors: [{ messageId: "redundant" }] },
    { code: "FROM --platform=${TARGETPLATFORM} alpine:3.20\n", preset: "hadolint", output: "FROM alpine:3.20\n", errors: [{ messageId: "redundant", data: { platform: "${TARGETPLATFORM}" } }] },
    { name: "every blank after the flag goes with it", code: "FROM --platform=$TARGETPLATFORM \t alpine:3.20\n", output: "FROM alpine:3.20\n", errors: [{ messageId: "redundant" }] },
    { name: "no fix when a line continuation follows the flag directly", code: "FROM --platform=$TARGETPLATFORM\\\n  alpine:3.20\n", output: null, errors: [{ messageId: "redundant", line: 1 }] },
  ],
});
