import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./onbuild-invalid-trigger.js";

new RuleTester().run(rule, {
  valid: [
    { name: "reported as a parse error outside the hadolint preset", code: "FROM debian:12\nONBUILD FROM debian:buster\n" },
    { code: "ONBUILD RUN anything\n", preset: "hadolint" },
    { code: 'ONBUILD MAINTAINER_ "x"\n', preset: "hadolint" },
    { code: "FROM debian:buster\n", preset: "hadolint" },
  ],
  invalid: [
    { code: "ONBUILD ONBUILD RUN anything\n", preset: "hadolint", errors: [{ messageId: "invalid", line: 1, column: 9, endColumn: 16 }] },
    { code: "ONBUILD FROM debian:buster\n", preset: "hadolint", errors: [{ messageId: "invalid" }] },
    { code: 'ONBUILD MAINTAINER "BoJack Horseman"\n', preset: "hadolint", errors: [{ messageId: "invalid" }] },
  ],
});
