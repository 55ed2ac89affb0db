import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./stage-name-casing.js";

new RuleTester().run(rule, {
  valid: ["FROM alpine:3.20 AS build\n", "FROM alpine:3.20\n", "FROM alpine:3.20 AS build-2_x.y\n"],
  invalid: [
    {
      name: "BuildKit's case (testStageName)",
      code: "\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n",
      output: "\n# warning: stage name should be lowercase\n#\nFROM scratch AS badstagename\n",
      errors: [{ messageId: "casing", data: { name: "BadStageName", lower: "badstagename" }, line: 4, column: 17, endColumn: 29 }],
    },
    {
      name: "references written as text are renamed with it; a FROM of the mixed-case name is an image to BuildKit and stays",
      code: "FROM golang:1.22 AS Builder\nRUN go build\nFROM alpine:3.20\nCOPY --from=Builder /out /out\nRUN --mount=from=Builder,target=/b ls /b\n",
      output: "FROM golang:1.22 AS builder\nRUN go build\nFROM alpine:3.20\nCOPY --from=builder /out /out\nRUN --mount=from=builder,target=/b ls /b\n",
      errors: [{ messageId: "casing", line: 1 }],
    },
    {
      name: "the name on a continuation line is reported on the FROM line, as BuildKit does",
      code: "FROM alpine:3.20 \\\n  AS Base\n",
      output: "FROM alpine:3.20 \\\n  AS base\n",
      errors: [{ messageId: "casing", line: 1, column: 1, endColumn: 5 }],
    },
    {
      name: "a reference in another case is lower-cased; one split by a continuation keeps its text, and a FROM of the mixed-case name stays",
      code: "FROM alpine:3.20 AS Builder\nFROM Builder\nCOPY --from=Bu\\\nilder /a /a\nCOPY --from=BUILDER /b /b\n",
      output: "FROM alpine:3.20 AS builder\nFROM Builder\nCOPY --from=Bu\\\nilder /a /a\nCOPY --from=builder /b /b\n",
      errors: [{ messageId: "casing", line: 1 }],
    },
    {
      name: "a name split by a line continuation is reported but not rewritten",
      code: "FROM alpine:3.20 AS Bu\\\nilder\n",
      output: null,
      errors: [{ messageId: "casing", line: 1, data: { name: "Builder", lower: "builder" } }],
    },
  ],
});
