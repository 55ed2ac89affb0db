import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-rfc3339.js";

new RuleTester().run(rule, {
  valid: [
    { code: "FROM alpine:3.20\nLABEL rfc3339label=\"2021-03-10T10:26:33.564595127+01:00\"\n", labelSchema: { rfc3339label: "rfc3339" } },
    { code: "FROM alpine:3.20\nLABEL rfc3339label=\"2024-02-29T23:59:60Z\"\n", labelSchema: { rfc3339label: "rfc3339" } },
    { code: "FROM alpine:3.20\nLABEL rfc3339label=\"2024-05-01t12:00:00z\"\n", labelSchema: { rfc3339label: "rfc3339" } },
    { name: "other labels", code: "FROM alpine:3.20\nLABEL other=\"not-date\"\n", labelSchema: { rfc3339label: "rfc3339" } },
    { name: "off without a label schema", code: "FROM alpine:3.20\nLABEL rfc3339label=\"not-date\"\n" },
    { name: "an empty value is label-empty's", code: "FROM alpine:3.20\nLABEL rfc3339label=\"\"\n", labelSchema: { rfc3339label: "rfc3339" } },
    { name: "an unknown variable", code: "FROM alpine:3.20\nLABEL rfc3339label=$VALUE\n", labelSchema: { rfc3339label: "rfc3339" } },
  ],
  invalid: [
    { code: "FROM alpine:3.20\nLABEL rfc3339label=\"not-date\"\n", labelSchema: { rfc3339label: "rfc3339" }, errors: [{ messageId: "invalid", line: 2, column: 20, data: { name: "rfc3339label", value: "not-date" } }] },
    { code: "FROM alpine:3.20\nLABEL rfc3339label=\"2024-05-01 12:00:00\"\n", labelSchema: { rfc3339label: "rfc3339" }, errors: [{ messageId: "invalid", data: { name: "rfc3339label", value: "2024-05-01 12:00:00" } }] },
    { code: "FROM alpine:3.20\nLABEL rfc3339label=\"2023-02-29T00:00:00Z\"\n", labelSchema: { rfc3339label: "rfc3339" }, errors: [{ messageId: "invalid", data: { name: "rfc3339label", value: "2023-02-29T00:00:00Z" } }] },
    { code: "FROM alpine:3.20\nLABEL rfc3339label=\"2024-13-01T00:00:00Z\"\n", labelSchema: { rfc3339label: "rfc3339" }, errors: [{ messageId: "invalid", data: { name: "rfc3339label", value: "2024-13-01T00:00:00Z" } }] },
    { name: "through an ARG", code: "FROM alpine:3.20\nARG V=\"not-date\"\nLABEL rfc3339label=$V\n", labelSchema: { rfc3339label: "rfc3339" }, errors: [{ messageId: "invalid", line: 3 }] },
    { code: "LABEL rfc3339label=\"not-date\"\n", labelSchema: { rfc3339label: "rfc3339" }, preset: "hadolint", errors: [{ messageId: "invalid" }] },
  ],
});
