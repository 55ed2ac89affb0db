import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./base-image-digest.js";

new RuleTester().run(rule, {
  valid: [
    "FROM alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
    "FROM scratch\n",
    "FROM golang:1.22@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef AS build\nFROM build\n",
    // An ARG without a default: only the build knows the image.
    "ARG IMAGE\nFROM $IMAGE\n",
    "ARG BASE=alpine:3.20@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nFROM ${BASE}\n",
  ],
  invalid: [
    {
      code: "FROM alpine:3.20\n",
      errors: [{ messageId: "digest", data: { image: "alpine:3.20", name: "alpine:3.20" }, line: 1, column: 6, endColumn: 17 }],
    },
    {
      name: "the image an ARG default names; a registry with a port",
      code: "ARG IMAGE=localhost:5000/team/app:1.0\nFROM $IMAGE\n",
      errors: [{ messageId: "digest", data: { image: "localhost:5000/team/app:1.0 (from $IMAGE)", name: "localhost:5000/team/app:1.0" }, line: 2 }],
    },
  ],
});
