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
    { name: "an ARG that must be given", code: "ARG BASE\nFROM ${BASE}\n" },
    { name: "hadolint: a name starting with $ passes", code: "FROM ${X:-alpine}\n", preset: "hadolint" },
    { name: "hadolint: a tag, a digest or scratch passes", code: "FROM debian:12\nFROM ruby@sha256:f1dbca0f5dbc9\nFROM scratch\n", preset: "hadolint" },
    { name: "a default that names an earlier stage", code: "FROM alpine:3.20 AS builder\nARG X\nFROM ${X:-builder}\n" },
  ],
  invalid: [
    { code: "FROM debian\n", errors: [{ messageId: "untagged", line: 1, column: 6, endColumn: 12, data: { image: "debian", name: "debian" } }] },
    { code: "FROM registry.example.com:5000/team/app\n", errors: [{ messageId: "untagged", data: { image: "registry.example.com:5000/team/app", name: "registry.example.com:5000/team/app" } }] },
    { code: "ARG IMAGE=ubuntu\nFROM ${IMAGE}\n", errors: [{ messageId: "untagged", data: { image: "ubuntu (from ${IMAGE})", name: "ubuntu" } }] },
    { code: "FROM golang:1.23 AS build\nFROM node AS test\n", errors: [{ messageId: "untagged", line: 2 }] },
    { name: "an undeclared variable's default", code: "FROM ${X:-alpine}\n", errors: [{ messageId: "untagged", data: { image: "alpine (from ${X:-alpine})", name: "alpine" } }] },
    { name: "the default of an ARG without a default value", code: "ARG BASE\nFROM ${BASE:-ubuntu}\n", errors: [{ messageId: "untagged", data: { image: "ubuntu (from ${BASE:-ubuntu})", name: "ubuntu" } }] },
    { name: "a default that is an earlier stage's index: FROM looks stages up by name only", code: "ARG BASE\nFROM alpine:3.20 AS builder\nFROM ${BASE:-0}\n", errors: [{ messageId: "untagged", line: 3, data: { image: "0 (from ${BASE:-0})", name: "0" } }] },
    { name: "hadolint: the image as written", code: "ARG IMAGE=ubuntu:22.04\nFROM ${IMAGE}\nFROM node\n", preset: "hadolint", errors: [{ messageId: "untagged", line: 3 }] },
  ],
});
