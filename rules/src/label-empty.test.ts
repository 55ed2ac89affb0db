import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-empty.js";

const labelSchema = { emptylabel: "text" } as const;

new RuleTester().run(rule, {
  valid: [
    { code: 'FROM alpine:3.20\nLABEL emptylabel="foo"\n', labelSchema },
    { code: 'FROM alpine:3.20\nLABEL other=""\n', labelSchema },
    { name: "off without a label schema", code: 'FROM alpine:3.20\nLABEL emptylabel=""\n' },
    { name: "an unknown variable", code: "FROM alpine:3.20\nLABEL emptylabel=$VERSION\n", labelSchema },
    { name: "hadolint reads the value as written: a variable is no empty value", code: 'FROM alpine:3.20\nARG V=""\nLABEL emptylabel=$V\n', labelSchema, preset: "hadolint" },
    { code: 'FROM alpine:3.20\nLABEL emptylabel="x"\n', labelSchema, preset: "hadolint" },
    { name: "hadolint: `key value` is the rest of the line, quotes and all", code: "FROM alpine:3.20\nLABEL emptylabel \"\"\nLABEL emptylabel ''\n", labelSchema, preset: "hadolint" },
    { name: "hadolint: the quoted parts of a value joined", code: "FROM alpine:3.20\nLABEL emptylabel=\"\"x''\n", labelSchema, preset: "hadolint" },
  ],
  invalid: [
    { code: 'FROM alpine:3.20\nLABEL emptylabel=""\n', labelSchema, errors: [{ messageId: "empty", line: 2, column: 7, endColumn: 17, data: { name: "emptylabel" } }] },
    { name: "an ARG with an empty default", code: 'FROM alpine:3.20\nARG V=""\nLABEL emptylabel=$V\n', labelSchema, errors: [{ messageId: "empty" }] },
    { code: 'LABEL emptylabel=""\n', labelSchema, preset: "hadolint", errors: [{ messageId: "empty" }] },
    { code: "LABEL emptylabel=''\n", labelSchema, preset: "hadolint", errors: [{ messageId: "empty" }] },
    { name: "hadolint: empty quoted parts joined are empty", code: "FROM alpine:3.20\nLABEL emptylabel=\"\"''\n", labelSchema, preset: "hadolint", errors: [{ messageId: "empty", line: 2 }] },
    { name: "`key value` unquoted outside the hadolint preset", code: "FROM alpine:3.20\nLABEL emptylabel \"\"\n", labelSchema, errors: [{ messageId: "empty", line: 2 }] },
  ],
});
