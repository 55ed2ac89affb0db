import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./reserved-stage-name.js";

new RuleTester().run(rule, {
  valid: ["FROM foo:bar AS foobar\n", "FROM scratch\n", "FROM scratch AS base\n", { code: "FROM foo:bar AS Scratch\n", preset: "hadolint" }],
  invalid: [
    { code: "FROM foo:bar AS scratch\n", errors: [{ messageId: "reserved", line: 1, column: 17, endColumn: 24, data: { name: "scratch", meaning: "the empty image" } }] },
    { code: "FROM foo:bar AS context\n", errors: [{ messageId: "reserved", data: { name: "context", meaning: "the build context (a named context)" } }] },
    { name: "BuildKit lower-cases stage names", code: "FROM foo:bar AS Scratch\n", errors: [{ messageId: "reserved", data: { name: "scratch", meaning: "the empty image" } }] },
    { code: "FROM foo:bar AS context\n", preset: "hadolint", errors: [{ messageId: "reserved" }] },
  ],
});
