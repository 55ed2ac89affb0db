import { describe, expect, test } from "vitest";
import { StageHarness } from "../build-harness.test-helper.js";
import { isSignal } from "./stopsignal.js";

describe("STOPSIGNAL", () => {
  test("names with or without SIG, numbers and real-time signals are accepted as written", async () => {
    expect(["SIGTERM", "kill", "9", "RTMIN+3", "SIGRTMAX-1"].every(isSignal)).toBe(true);
    expect(["SIGFOO", "0", "65", ""].some(isSignal)).toBe(false);
    const stage = await StageHarness.create();
    await stage.dispatch("STOPSIGNAL sigquit");
    expect(stage.image().config.StopSignal).toBe("sigquit");
    expect(stage.lastCreatedBy()).toBe("/bin/sh -c #(nop)  STOPSIGNAL sigquit");
  });

  test("an unknown signal is signal.ParseSignal's error", async () => {
    const stage = await StageHarness.create();
    expect((await stage.failure("STOPSIGNAL SIGFOO")).message).toBe("Invalid signal: SIGFOO");
  });
});
