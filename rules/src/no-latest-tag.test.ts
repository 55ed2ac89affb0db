import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./no-latest-tag.js";

new RuleTester().run(rule, {
  valid: ["FROM debian:12\n", "FROM debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\n", "FROM ${IMAGE}\n", "FROM registry:5000/team/app:1.2\n",
    { name: "hadolint: a digest pins it, no tag is no latest, a variable is not expanded", code: "ARG IMAGE=node:latest\nFROM debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb\nFROM debian\nFROM ${IMAGE}\n", preset: "hadolint" },
  ],
  invalid: [
    { code: "FROM debian:latest\n", errors: [{ messageId: "latest", line: 1, column: 6, endColumn: 19, data: { image: "debian:latest" } }] },
    { code: "ARG IMAGE=node:latest\nFROM ${IMAGE} AS build\n", errors: [{ messageId: "latest", data: { image: "node:latest (from ${IMAGE})" } }] },
    { name: "hadolint: the tag as written", code: "FROM debian:latest AS build\n", preset: "hadolint", errors: [{ messageId: "latest", line: 1, column: 6, endColumn: 19, data: { image: "debian:latest" } }] },
  ],
});
