import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./unused-stage.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\n",
    // Named stages can be built with --target; used stages are needed by the target.
    "FROM golang:1.22 AS test\nRUN go test ./...\nFROM alpine:3.20\n",
    "FROM golang:1.22\nRUN go build -o /app\nFROM alpine:3.20\nCOPY --from=0 /app /app\n",
  ],
  invalid: [
    {
      name: "an unnamed stage nothing uses",
      code: "FROM golang:1.22\nRUN go build -o /app\nFROM alpine:3.20\nCOPY app /app\n",
      errors: [{ messageId: "unused", data: { index: 0, image: "golang:1.22" }, line: 1, column: 1, endColumn: 5 }],
    },
  ],
});
