import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-email.js";

new RuleTester().run(rule, {
  valid: [
    { code: "FROM alpine:3.20\nLABEL emaillabel=\"abcd@google.com\"\n", labelSchema: { emaillabel: "email" } },
    { code: "FROM alpine:3.20\nLABEL emaillabel=\"first.last+tag@sub.example.org\"\n", labelSchema: { emaillabel: "email" } },
    { name: "other labels", code: "FROM alpine:3.20\nLABEL other=\"not-email\"\n", labelSchema: { emaillabel: "email" } },
    { name: "off without a label schema", code: "FROM alpine:3.20\nLABEL emaillabel=\"not-email\"\n" },
    { name: "an empty value is label-empty's", code: "FROM alpine:3.20\nLABEL emaillabel=\"\"\n", labelSchema: { emaillabel: "email" } },
    { name: "an unknown variable", code: "FROM alpine:3.20\nLABEL emaillabel=$VALUE\n", labelSchema: { emaillabel: "email" } },
    { name: "a label of another type is another rule's", code: "FROM alpine:3.20\nLABEL urllabel=\"not-url\"\n", labelSchema: { emaillabel: "email", urllabel: "url" } },
    { name: "hadolint: double or single quotes taken off", code: "FROM alpine:3.20\nLABEL emaillabel=\"a@example.com\" other='x'\nLABEL emaillabel='b@example.com'\n", labelSchema: { emaillabel: "email" }, preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM alpine:3.20\nLABEL emaillabel=\"not-email\"\n", labelSchema: { emaillabel: "email" }, errors: [{ messageId: "invalid", line: 2, column: 18, data: { name: "emaillabel", value: "not-email" } }] },
    { code: "FROM alpine:3.20\nLABEL emaillabel=\"Team <team@example.com>\"\n", labelSchema: { emaillabel: "email" }, errors: [{ messageId: "invalid", data: { name: "emaillabel", value: "Team <team@example.com>" } }] },
    { code: "FROM alpine:3.20\nLABEL emaillabel=\"team@\"\n", labelSchema: { emaillabel: "email" }, errors: [{ messageId: "invalid", data: { name: "emaillabel", value: "team@" } }] },
    { name: "through an ARG", code: "FROM alpine:3.20\nARG V=\"not-email\"\nLABEL emaillabel=$V\n", labelSchema: { emaillabel: "email" }, errors: [{ messageId: "invalid", line: 3 }] },
    { code: "LABEL emaillabel=\"not-email\"\n", labelSchema: { emaillabel: "email" }, preset: "hadolint", errors: [{ messageId: "invalid" }] },
    { name: "hadolint reads a variable as written", code: "FROM alpine:3.20\nARG V=a@example.com\nLABEL emaillabel=$V\n", labelSchema: { emaillabel: "email" }, preset: "hadolint", errors: [{ messageId: "invalid", data: { name: "emaillabel", value: "$V" } }] },
  ],
});
