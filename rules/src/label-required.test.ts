import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-required.js";

const labelSchema = { foo: "text" } as const;

new RuleTester().run(rule, {
  valid: [
    { code: 'FROM alpine:3.20\nLABEL foo="bar"\n', labelSchema },
    { name: "off without a label schema", code: "FROM alpine:3.20\n" },
    { name: "inherited from the base stage", code: 'FROM alpine:3.20 AS base\nLABEL foo="bar"\nFROM base\n', labelSchema },
    { name: "a build stage needs none", code: 'FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nLABEL foo="bar"\nCOPY --from=build /app /app\n', labelSchema },
    { name: "a key from an ARG", code: 'FROM alpine:3.20\nARG KEY=foo\nLABEL $KEY="bar"\n', labelSchema },
    { code: 'FROM baseimage as base\nFROM anotherimage\nLABEL foo="bar"\nCOPY --from=base /bar /baz\n', labelSchema, preset: "hadolint" },
    { code: 'FROM baseimage as base\nLABEL foo="bar"\nFROM base\n', labelSchema, preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM alpine:3.20\n", labelSchema, errors: [{ messageId: "missing", line: 1, column: 1, endColumn: 5, data: { name: "foo" } }] },
    { code: 'FROM alpine:3.20\nLABEL bar="baz"\n', labelSchema: { foo: "text", "org.opencontainers.image.source": "url" }, errors: [{ messageId: "missing", data: { name: "foo" } }, { messageId: "missing", data: { name: "org.opencontainers.image.source" } }] },
    { name: "two images", code: 'FROM alpine:3.20 AS dev\nLABEL foo="bar"\nFROM alpine:3.20 AS prod\n', labelSchema, errors: [{ messageId: "missing", line: 3 }] },
    { name: "a label of a stage the image is not built on", code: 'FROM alpine:3.20 AS base\nLABEL foo="bar"\nFROM alpine:3.20\nCOPY --from=base /a /a\n', labelSchema, errors: [{ messageId: "missing", line: 3 }] },
    { code: "FROM stage1\nFROM stage2\n", labelSchema, preset: "hadolint", errors: [{ messageId: "missing", line: 1 }, { messageId: "missing", line: 2 }] },
    { code: "FROM baseimage as base\nFROM base\n", labelSchema, preset: "hadolint", errors: [{ messageId: "missing" }, { messageId: "missing" }] },
  ],
});
