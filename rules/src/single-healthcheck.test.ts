import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./single-healthcheck.js";

new RuleTester().run(rule, {
  valid: ['FROM alpine:3.20\nHEALTHCHECK CMD ["true"]\n', 'FROM alpine:3.20\nHEALTHCHECK CMD ["a"]\nFROM alpine:3.20\nHEALTHCHECK CMD ["b"]\n'],
  invalid: [{ code: 'FROM alpine:3.20\nHEALTHCHECK CMD ["a"]\nHEALTHCHECK NONE\n', errors: [{ messageId: "overridden", line: 2, data: { keyword: "HEALTHCHECK", line: 3 } }] }],
});
