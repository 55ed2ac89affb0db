import { RuleTester } from "@dfbuild/linter/testing";
import rule from "./pin-base-image.js";

new RuleTester().run(rule, {
  valid: [
    "FROM debian:12\n",
    "FROM ruby@sha256:f1dbca0f5dbc9\n",
    "FROM scratch\n",
    "FROM ${UNKNOWN}\n",
    "FROM golang:1.23 AS build\nFROM build AS test\n",
    "FROM registry.example.com:5000/team/app:1.2\n",
    "ARG TAG=3.20\nFROM alpine:${TAG}\n",
  ],
  invalid: [
    { code: "FROM debian\n", errors: [{ messageId: "untagged", line: 1, column: 6, endColumn: 12, data: { image: "debian", name: "debian" } }] },
    { code: "FROM registry.example.com:5000/team/app\n", errors: [{ messageId: "untagged", data: { image: "registry.example.com:5000/team/app", name: "registry.example.com:5000/team/app" } }] },
    { code: "ARG IMAGE=ubuntu\nFROM ${IMAGE}\n", errors: [{ messageId: "untagged", data: { image: "ubuntu (from ${IMAGE})", name: "ubuntu" } }] },
    { code: "FROM golang:1.23 AS build\nFROM node AS test\n", errors: [{ messageId: "untagged", line: 2 }] },
  ],
});
