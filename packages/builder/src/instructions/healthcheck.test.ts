import { describe, expect, test } from "vitest";
import { StageHarness, engineWithBase } from "../build-harness.test-helper.js";

describe("HEALTHCHECK", () => {
  test("history is Go's %q of the HealthConfig (API 1.41), zero durations kept there", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("HEALTHCHECK --interval=5s --retries=3 CMD curl -f http://localhost/");
    expect(stage.lastCreatedBy()).toBe(`/bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost/"] "5s" "0s" "0s" '\\x03'}`);
    expect(stage.image().config.Healthcheck).toEqual({ Test: ["CMD-SHELL", "curl -f http://localhost/"], Interval: 5e9, Retries: 3 });
  });

  test("a second HEALTHCHECK inherits the fields it leaves at zero, and says it overrides the first", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch('HEALTHCHECK --interval=5s --timeout=2s CMD ["true"]\nHEALTHCHECK --timeout=1s CMD ["false"]');
    expect(stage.image().config.Healthcheck).toEqual({ Test: ["CMD", "false"], Interval: 5e9, Timeout: 1e9 });
    expect(stage.events).toContainEqual({ type: "message", step: 1, text: "Note: overriding previous HEALTHCHECK: [CMD true]" });
  });

  test("NONE disables an inherited one", async () => {
    const stage = await StageHarness.create({ engine: engineWithBase({ Healthcheck: { Test: ["CMD", "true"], Interval: 1e9 } }) });
    await stage.dispatch("HEALTHCHECK NONE");
    // Even NONE keeps the inherited non-zero fields, as the classic builder's shared pointer does.
    expect(stage.image().config.Healthcheck).toEqual({ Test: ["NONE"], Interval: 1e9 });
    expect(stage.lastCreatedBy()).toBe(`/bin/sh -c #(nop)  HEALTHCHECK &{["NONE"] "0s" "0s" "0s" '\\x00'}`);
  });
});
