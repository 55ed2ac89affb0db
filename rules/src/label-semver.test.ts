import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./label-semver.js";

new RuleTester().run(rule, {
  valid: [
    { code: "FROM alpine:3.20\nLABEL semverlabel=\"1.0.0\"\n", labelSchema: { semverlabel: "semver" } },
    { code: "FROM alpine:3.20\nLABEL semverlabel=\"2.0.1-rc1\"\n", labelSchema: { semverlabel: "semver" } },
    { code: "FROM alpine:3.20\nLABEL semverlabel=\"1.2.3-beta.1+build.5\"\n", labelSchema: { semverlabel: "semver" } },
    { name: "other labels", code: "FROM alpine:3.20\nLABEL other=\"not-sem-ver\"\n", labelSchema: { semverlabel: "semver" } },
    { name: "off without a label schema", code: "FROM alpine:3.20\nLABEL semverlabel=\"not-sem-ver\"\n" },
    { name: "an empty value is label-empty's", code: "FROM alpine:3.20\nLABEL semverlabel=\"\"\n", labelSchema: { semverlabel: "semver" } },
    { name: "an unknown variable", code: "FROM alpine:3.20\nLABEL semverlabel=$VALUE\n", labelSchema: { semverlabel: "semver" } },
    { name: "hadolint: the quoted parts of a value joined without their quotes", code: "FROM alpine:3.20\nLABEL semverlabel=\"1.\"2'.3'\nLABEL semverlabel=\"1\".\"2\".\"3\"\n", labelSchema: { semverlabel: "semver" }, preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM alpine:3.20\nLABEL semverlabel=\"not-sem-ver\"\n", labelSchema: { semverlabel: "semver" }, errors: [{ messageId: "invalid", line: 2, column: 19, data: { name: "semverlabel", value: "not-sem-ver" } }] },
    { code: "FROM alpine:3.20\nLABEL semverlabel=\"v1.2.3\"\n", labelSchema: { semverlabel: "semver" }, errors: [{ messageId: "invalid", data: { name: "semverlabel", value: "v1.2.3" } }] },
    { code: "FROM alpine:3.20\nLABEL semverlabel=\"1.2\"\n", labelSchema: { semverlabel: "semver" }, errors: [{ messageId: "invalid", data: { name: "semverlabel", value: "1.2" } }] },
    { code: "FROM alpine:3.20\nLABEL semverlabel=\"01.2.3\"\n", labelSchema: { semverlabel: "semver" }, errors: [{ messageId: "invalid", data: { name: "semverlabel", value: "01.2.3" } }] },
    { name: "through an ARG", code: "FROM alpine:3.20\nARG V=\"not-sem-ver\"\nLABEL semverlabel=$V\n", labelSchema: { semverlabel: "semver" }, errors: [{ messageId: "invalid", line: 3 }] },
    { code: "LABEL semverlabel=\"not-sem-ver\"\n", labelSchema: { semverlabel: "semver" }, preset: "hadolint", errors: [{ messageId: "invalid" }] },
    { name: "hadolint: a quote inside the other quotes is kept", code: "FROM alpine:3.20\nLABEL semverlabel=\"1.2'\".3\n", labelSchema: { semverlabel: "semver" }, preset: "hadolint", errors: [{ messageId: "invalid", data: { name: "semverlabel", value: "1.2'.3" } }] },
    { name: "hadolint: `key value` keeps its quotes", code: "FROM alpine:3.20\nLABEL semverlabel \"1.2.3\"\n", labelSchema: { semverlabel: "semver" }, preset: "hadolint", errors: [{ messageId: "invalid", data: { name: "semverlabel", value: "\"1.2.3\"" } }] },
  ],
});
