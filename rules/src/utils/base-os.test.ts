/** base-os.ts: the image a stage is built on in the end, and whether it is Alpine or BusyBox. */
import { LintFile, type StageInfo } from "@dfbuild/linter";
import { parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { isBusyboxBased, rootImageOf } from "./base-os.js";

/** The stage of the last instruction of `text`. */
function lastStage(text: string): StageInfo {
  const { ast, diagnostics } = parse(text);
  const file = new LintFile(text, ast, diagnostics, "Dockerfile");
  const last = ast.instructions.at(-1);
  const stage = last === undefined ? null : file.stageOf(last);
  if (stage === null) throw new Error(`no stage in ${text}`);
  return stage;
}

describe("rootImageOf", () => {
  test("a stage's own image", () => {
    expect(rootImageOf(lastStage("FROM debian:12\nRUN x\n"))).toBe("debian:12");
  });

  test("through FROM <stage> chains, to the first stage's image", () => {
    expect(rootImageOf(lastStage("FROM alpine:3.20 AS a\nFROM a AS b\nFROM b\nRUN x\n"))).toBe("alpine:3.20");
  });

  test("null when a variable without a known value names it", () => {
    expect(rootImageOf(lastStage("ARG IMAGE\nFROM $IMAGE\nRUN x\n"))).toBeNull();
  });
});

describe("isBusyboxBased", () => {
  const based = (from: string) => isBusyboxBased(lastStage(`${from}\nRUN x\n`));

  test("images named alpine or busybox, with any registry, path, tag or case", () => {
    expect(based("FROM alpine")).toBe(true);
    expect(based("FROM busybox:1.36")).toBe(true);
    expect(based("FROM docker.io/library/alpine:3.20")).toBe(true);
    expect(based("FROM ALPINE:3.20")).toBe(true);
  });

  test("a tag or name with an alpine part after -, _ or . or at its start", () => {
    expect(based("FROM node:22-alpine3.20")).toBe(true);
    expect(based("FROM python:3.12_alpine")).toBe(true);
    expect(based("FROM ruby:3.alpine")).toBe(true);
    expect(based("FROM nginx:alpine-slim")).toBe(true);
    expect(based("FROM example.com/team/alpine-base:1")).toBe(true);
    expect(based("FROM example.com/team/base-alpine")).toBe(true);
  });

  test("alpine inside another word, or in the path before the image's name, is not", () => {
    expect(based("FROM node:22-nonalpine")).toBe(false);
    expect(based("FROM myalpine:3")).toBe(false);
    expect(based("FROM busyboxy:1")).toBe(false);
    expect(based("FROM alpine/git:2.45")).toBe(false);
    expect(based("FROM debian:12")).toBe(false);
    expect(based("FROM node:22")).toBe(false);
  });

  test("through earlier stages; false when the image is not known", () => {
    expect(isBusyboxBased(lastStage("FROM busybox AS a\nFROM a\nRUN x\n"))).toBe(true);
    expect(isBusyboxBased(lastStage("ARG IMAGE\nFROM $IMAGE\nRUN x\n"))).toBe(false);
    expect(isBusyboxBased(lastStage("FROM scratch\nRUN x\n"))).toBe(false);
  });
});
