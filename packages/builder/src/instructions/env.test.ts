import { describe, expect, test } from "vitest";
import { StageHarness } from "../build-harness.test-helper.js";

describe("ENV", () => {
  test("replaces a variable in place, appends a new one, and expands values against the environment before it", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("ENV A=1 PATH=/x:$PATH\nENV B=${A}2 A=3");
    expect(stage.state.config.Env).toEqual(["PATH=/x:/usr/bin:/bin", "A=3", "B=12"]);
    expect(stage.image().config.Env).toEqual(["PATH=/x:/usr/bin:/bin", "A=3", "B=12"]);
  });

  test("history is the classic #(nop) comment, two spaces after it, with the expanded values; no layer", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("ENV GREETING=hello WHO=\"the world\"");
    expect(stage.lastCreatedBy()).toBe("/bin/sh -c #(nop)  ENV GREETING=hello WHO=the world");
    expect(stage.image().history.at(-1)?.empty_layer).toBe(true);
  });

  test("build args are seen by expansion but never reach the image's environment", async () => {
    const stage = await StageHarness.create({ buildArgs: new Map([["VERSION", "2.1"]]) });
    await stage.dispatch("ARG VERSION\nENV APP_VERSION=v$VERSION");
    expect(stage.image().config.Env).toEqual(["PATH=/usr/bin:/bin", "APP_VERSION=v2.1"]);
  });

  test("a bad substitution fails at the instruction, with BuildKit's message", async () => {
    const stage = await StageHarness.create();
    const error = await stage.failure("ENV A=1\nENV B=${A:?unset} C=${MISSING:?required}");
    expect(error.message).toBe('failed to process "${MISSING:?required}": MISSING: required');
    expect(error.location).toEqual({ file: "Dockerfile", line: 3, column: 1 });
  });
});
