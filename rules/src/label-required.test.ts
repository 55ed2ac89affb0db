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
    { name: "hadolint: built FROM a registry's image of a good alias", code: 'FROM a AS base\nLABEL foo="1"\nFROM registry.example.com/base:1\n', labelSchema, preset: "hadolint" },
    { name: "hadolint: one good stage of two is the base", code: 'FROM a AS x\nLABEL foo="1"\nFROM b AS y\nLABEL foo="1"\nFROM x\n', labelSchema, preset: "hadolint" },
    { name: "hadolint: a labelled stage excuses the earlier stage its image names", code: 'FROM a AS base\nFROM base\nLABEL foo="1"\n', labelSchema, preset: "hadolint" },
    { name: "hadolint: the label among others", code: 'FROM a\nLABEL bar="1" foo="1"\n', labelSchema, preset: "hadolint" },
    { name: "hadolint: a LABEL before the first FROM", code: 'LABEL foo="1"\nFROM a\nLABEL foo="1"\n', labelSchema, preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM alpine:3.20\n", labelSchema, errors: [{ messageId: "missing", line: 1, column: 1, endColumn: 5, data: { name: "foo" } }] },
    { code: 'FROM alpine:3.20\nLABEL bar="baz"\n', labelSchema: { foo: "text", "org.opencontainers.image.source": "url" }, errors: [{ messageId: "missing", data: { name: "foo" } }, { messageId: "missing", data: { name: "org.opencontainers.image.source" } }] },
    { name: "two images", code: 'FROM alpine:3.20 AS dev\nLABEL foo="bar"\nFROM alpine:3.20 AS prod\n', labelSchema, errors: [{ messageId: "missing", line: 3 }] },
    { name: "a label of a stage the image is not built on", code: 'FROM alpine:3.20 AS base\nLABEL foo="bar"\nFROM alpine:3.20\nCOPY --from=base /a /a\n', labelSchema, errors: [{ messageId: "missing", line: 3 }] },
    { code: "FROM stage1\nFROM stage2\n", labelSchema, preset: "hadolint", errors: [{ messageId: "missing", line: 1 }, { messageId: "missing", line: 2 }] },
    { code: "FROM baseimage as base\nFROM base\n", labelSchema, preset: "hadolint", errors: [{ messageId: "missing" }, { messageId: "missing" }] },
    { name: "hadolint: a COPY --from excuses only the stage it names", code: "FROM a AS x\nFROM b AS y\nCOPY --from=x /a /b\n", labelSchema, preset: "hadolint", errors: [{ messageId: "missing", line: 2 }] },
    { name: "hadolint: a good stage does not make an unrelated one good", code: 'FROM a AS x\nLABEL foo="1"\nFROM b\n', labelSchema, preset: "hadolint", errors: [{ messageId: "missing", line: 3 }] },
    { name: "hadolint: another label, or an ENV of that name", code: 'FROM a\nLABEL bar="1"\nENV foo=1\n', labelSchema, preset: "hadolint", errors: [{ messageId: "missing", line: 1 }] },
    { name: "an ONBUILD COPY --from of its own stage does not make it a build step", code: "FROM alpine:3.20 AS a\nONBUILD COPY --from=a /x /y\n", labelSchema, errors: [{ messageId: "missing", line: 1 }] },
    { name: "a COPY --from of a later stage (an error) does not make it a build step", code: "FROM alpine:3.20 AS a\nCOPY --from=b /x /y\nFROM alpine:3.20 AS b\n", labelSchema, errors: [{ messageId: "missing", line: 1 }, { messageId: "missing", line: 3 }] },
  ],
});
