import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-git-hash.js";

new RuleTester().run(rule, {
  valid: [
    { code: "FROM alpine:3.20\nLABEL hashlabel=\"2dbfae9\"\n", labelSchema: { hashlabel: "hash" } },
    { code: "FROM alpine:3.20\nLABEL hashlabel=\"43c572f1272b6b3171dd1db9e41b7027128ce080\"\n", labelSchema: { hashlabel: "hash" } },
    { code: "FROM alpine:3.20\nLABEL hashlabel=\"2dbfae91c3\"\n", labelSchema: { hashlabel: "hash" } },
    { name: "other labels", code: "FROM alpine:3.20\nLABEL other=\"not-git-hash\"\n", labelSchema: { hashlabel: "hash" } },
    { name: "off without a label schema", code: "FROM alpine:3.20\nLABEL hashlabel=\"not-git-hash\"\n" },
    { name: "an empty value is label-empty's", code: "FROM alpine:3.20\nLABEL hashlabel=\"\"\n", labelSchema: { hashlabel: "hash" } },
    { name: "an unknown variable", code: "FROM alpine:3.20\nLABEL hashlabel=$VALUE\n", labelSchema: { hashlabel: "hash" } },
  ],
  invalid: [
    { code: "FROM alpine:3.20\nLABEL hashlabel=\"not-git-hash\"\n", labelSchema: { hashlabel: "hash" }, errors: [{ messageId: "invalid", line: 2, column: 17, data: { name: "hashlabel", value: "not-git-hash" } }] },
    { code: "FROM alpine:3.20\nLABEL hashlabel=\"2DBFAE9\"\n", labelSchema: { hashlabel: "hash" }, errors: [{ messageId: "invalid", data: { name: "hashlabel", value: "2DBFAE9" } }] },
    { code: "FROM alpine:3.20\nLABEL hashlabel=\"2dbfae\"\n", labelSchema: { hashlabel: "hash" }, errors: [{ messageId: "invalid", data: { name: "hashlabel", value: "2dbfae" } }] },
    { name: "through an ARG", code: "FROM alpine:3.20\nARG V=\"not-git-hash\"\nLABEL hashlabel=$V\n", labelSchema: { hashlabel: "hash" }, errors: [{ messageId: "invalid", line: 3 }] },
    { code: "LABEL hashlabel=\"not-git-hash\"\n", labelSchema: { hashlabel: "hash" }, preset: "hadolint", errors: [{ messageId: "invalid" }] },
  ],
});
