import { describe, expect, test } from "vitest";
import { StageHarness } from "../build-harness.test-helper.js";

describe("ARG", () => {
  test("history shows the defaults as written in the Dockerfile, never the --build-arg value", async () => {
    const stage = await StageHarness.create({ buildArgs: new Map([["A", "from-cli"]]) });
    await stage.dispatch("ARG A=default B");
    expect(stage.lastCreatedBy()).toBe("/bin/sh -c #(nop)  ARG A=default B");
  });

  test("the --build-arg value beats the default; an ENV of the same name shadows both", async () => {
    const stage = await StageHarness.create({ buildArgs: new Map([["A", "from-cli"]]) });
    await stage.dispatch("ARG A=default\nARG C=c\nENV C=env");
    expect(Object.fromEntries(stage.state.args.effective(stage.state.config.Env))).toEqual({ A: "from-cli" });
  });

  test("a default is expanded with what came before it", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("ENV ROOT=/opt\nARG DIR=$ROOT/app");
    expect(stage.lastCreatedBy()).toBe("/bin/sh -c #(nop)  ARG DIR=/opt/app");
  });
});
