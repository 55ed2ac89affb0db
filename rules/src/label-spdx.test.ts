import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-spdx.js";

new RuleTester().run(rule, {
  valid: [
    { code: "FROM alpine:3.20\nLABEL spdxlabel=\"MIT\"\n", labelSchema: { spdxlabel: "spdx" } },
    { code: "FROM alpine:3.20\nLABEL spdxlabel=\"BSD-3-Clause\"\n", labelSchema: { spdxlabel: "spdx" } },
    { code: "FROM alpine:3.20\nLABEL spdxlabel=\"Apache-2.0 OR MIT\"\n", labelSchema: { spdxlabel: "spdx" } },
    { code: "FROM alpine:3.20\nLABEL spdxlabel=\"GPL-2.0-only WITH Classpath-exception-2.0\"\n", labelSchema: { spdxlabel: "spdx" } },
    { name: "other labels", code: "FROM alpine:3.20\nLABEL other=\"not-spdx\"\n", labelSchema: { spdxlabel: "spdx" } },
    { name: "off without a label schema", code: "FROM alpine:3.20\nLABEL spdxlabel=\"not-spdx\"\n" },
    { name: "an empty value is label-empty's", code: "FROM alpine:3.20\nLABEL spdxlabel=\"\"\n", labelSchema: { spdxlabel: "spdx" } },
    { name: "an unknown variable", code: "FROM alpine:3.20\nLABEL spdxlabel=$VALUE\n", labelSchema: { spdxlabel: "spdx" } },
  ],
  invalid: [
    { code: "FROM alpine:3.20\nLABEL spdxlabel=\"not-spdx\"\n", labelSchema: { spdxlabel: "spdx" }, errors: [{ messageId: "invalid", line: 2, column: 17, data: { name: "spdxlabel", value: "not-spdx" } }] },
    { code: "FROM alpine:3.20\nLABEL spdxlabel=\"Apache 2\"\n", labelSchema: { spdxlabel: "spdx" }, errors: [{ messageId: "invalid", data: { name: "spdxlabel", value: "Apache 2" } }] },
    { code: "FROM alpine:3.20\nLABEL spdxlabel=\"MIT OR\"\n", labelSchema: { spdxlabel: "spdx" }, errors: [{ messageId: "invalid", data: { name: "spdxlabel", value: "MIT OR" } }] },
    { name: "through an ARG", code: "FROM alpine:3.20\nARG V=\"not-spdx\"\nLABEL spdxlabel=$V\n", labelSchema: { spdxlabel: "spdx" }, errors: [{ messageId: "invalid", line: 3 }] },
    { code: "LABEL spdxlabel=\"not-spdx\"\n", labelSchema: { spdxlabel: "spdx" }, preset: "hadolint", errors: [{ messageId: "invalid" }] },
  ],
});
