import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-url.js";

new RuleTester().run(rule, {
  valid: [
    { code: "FROM alpine:3.20\nLABEL urllabel=\"http://example.com\"\n", labelSchema: { urllabel: "url" } },
    { code: "FROM alpine:3.20\nLABEL urllabel=\"https://github.com/acme/app/tree/main?x=1#readme\"\n", labelSchema: { urllabel: "url" } },
    { code: "FROM alpine:3.20\nLABEL urllabel=\"git+ssh://git@github.com/acme/app.git\"\n", labelSchema: { urllabel: "url" } },
    { name: "other labels", code: "FROM alpine:3.20\nLABEL other=\"not-url\"\n", labelSchema: { urllabel: "url" } },
    { name: "off without a label schema", code: "FROM alpine:3.20\nLABEL urllabel=\"not-url\"\n" },
    { name: "an empty value is label-empty's", code: "FROM alpine:3.20\nLABEL urllabel=\"\"\n", labelSchema: { urllabel: "url" } },
    { name: "an unknown variable", code: "FROM alpine:3.20\nLABEL urllabel=$VALUE\n", labelSchema: { urllabel: "url" } },
  ],
  invalid: [
    { code: "FROM alpine:3.20\nLABEL urllabel=\"not-url\"\n", labelSchema: { urllabel: "url" }, errors: [{ messageId: "invalid", line: 2, column: 16, data: { name: "urllabel", value: "not-url" } }] },
    { code: "FROM alpine:3.20\nLABEL urllabel=\"example.com/project\"\n", labelSchema: { urllabel: "url" }, errors: [{ messageId: "invalid", data: { name: "urllabel", value: "example.com/project" } }] },
    { code: "FROM alpine:3.20\nLABEL urllabel=\"http://exa mple.com\"\n", labelSchema: { urllabel: "url" }, errors: [{ messageId: "invalid", data: { name: "urllabel", value: "http://exa mple.com" } }] },
    { name: "through an ARG", code: "FROM alpine:3.20\nARG V=\"not-url\"\nLABEL urllabel=$V\n", labelSchema: { urllabel: "url" }, errors: [{ messageId: "invalid", line: 3 }] },
    { code: "LABEL urllabel=\"not-url\"\n", labelSchema: { urllabel: "url" }, preset: "hadolint", errors: [{ messageId: "invalid" }] },
  ],
});
