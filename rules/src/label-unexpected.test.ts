import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-unexpected.js";

const labelSchema = { required: "text" } as const;

new RuleTester().run(rule, {
  valid: [
    { code: "FROM alpine:3.20\n", labelSchema, strictLabels: true },
    { code: 'FROM alpine:3.20\nLABEL required="foo"\n', labelSchema, strictLabels: true },
    { name: "off without strict-labels", code: 'FROM alpine:3.20\nLABEL other="bar"\n', labelSchema },
    { code: 'LABEL required="bar"\n', labelSchema, strictLabels: true, preset: "hadolint" },
    { name: "an unknown variable", code: "FROM alpine:3.20\nLABEL ${KEY}=bar\n", labelSchema, strictLabels: true },
  ],
  invalid: [
    { code: 'FROM alpine:3.20\nLABEL other="bar"\n', labelSchema, strictLabels: true, errors: [{ messageId: "unexpected", line: 2, column: 7, endColumn: 12, data: { name: "other", schema: "required" } }] },
    { code: 'FROM alpine:3.20\nLABEL required="foo" other="bar" more="x"\n', labelSchema, strictLabels: true, errors: [{ messageId: "unexpected", column: 22 }, { messageId: "unexpected", column: 34 }] },
    { code: 'LABEL required="foo" other="bar" more="x"\n', labelSchema, strictLabels: true, preset: "hadolint", errors: [{ messageId: "hadolint" }] },
    { name: "an empty schema", code: 'FROM alpine:3.20\nLABEL other="bar"\n', strictLabels: true, errors: [{ messageId: "unexpected", data: { name: "other", schema: "empty" } }] },
    { name: "the schema listed", code: 'FROM alpine:3.20\nLABEL other="bar"\n', labelSchema: { a: "text", b: "url" }, strictLabels: true, errors: [{ messageId: "unexpected", data: { name: "other", schema: "a, b" } }] },
  ],
});
