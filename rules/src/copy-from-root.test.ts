import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./copy-from-root.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20\nCOPY / /\n",
    "FROM alpine:3.20\nCOPY --from=build /app /\n",
    "FROM alpine:3.20\nCOPY --from=build / /app\n",
    { name: "a stage built FROM scratch holds only what was put there", code: "FROM scratch AS out\nCOPY app /bin/app\nFROM alpine:3.20\nCOPY --from=out / /\n" },
    { name: "through a chain of stages", code: "FROM scratch AS a\nFROM a AS b\nFROM alpine:3.20\nCOPY --from=b / /\n" },
    { name: "tonistiigi/xx is meant to be copied whole", code: "FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.6.1 AS xx\nFROM golang:1.22\nCOPY --from=xx / /\n" },
    { name: "a stage whose base is unknown", code: "FROM binaries-$TARGETOS AS binaries\nFROM alpine:3.20\nCOPY --from=binaries / /\n" },
    { name: "hadolint reads the destination as written", code: "FROM alpine:3.20\nCOPY --from=build / /.\n", preset: "hadolint" },
    { name: "a copy from the stage itself (copy-from-self reports it)", code: "FROM alpine:3.20 AS a\nCOPY --from=a / /\n" },
    { name: "a stage index out of range", code: "FROM alpine:3.20\nCOPY --from=5 / /\n" },
  ],
  invalid: [
    { code: "FROM golang:1.22 AS build\nFROM alpine:3.20\nCOPY --from=build / /\n", errors: [{ messageId: "wholeFilesystem", line: 3, column: 19, endColumn: 22, data: { from: "build" } }] },
    { code: 'FROM debian:12 AS build\nFROM alpine:3.20\nCOPY --from=build "/" "/"\n', errors: [{ messageId: "wholeFilesystem" }] },
    { name: "an image", code: "FROM alpine:3.20\nCOPY --from=ubuntu:24.04 / /\n", errors: [{ messageId: "wholeFilesystem", data: { from: "ubuntu:24.04" } }] },
    { code: "FROM alpine:3.20 AS rootfs\nFROM alpine:3.20\nCOPY --from=rootfs /. //\n", errors: [{ messageId: "wholeFilesystem", data: { from: "rootfs" } }] },
    { code: 'FROM scratch AS build\nFROM alpine:3.20\nCOPY --from=build "/" "/"\n', preset: "hadolint", errors: [{ messageId: "wholeFilesystem" }] },
    {
      name: "hadolint drops every quote at either end (dropQuotes)",
      code: "FROM scratch AS build\nFROM alpine:3.20\nCOPY --from=build \"'/'\" ''/''\n",
      preset: "hadolint",
      errors: [{ messageId: "wholeFilesystem" }],
    },
  ],
});
