import { describe, expect, test } from "vitest";
import { StageHarness } from "../build-harness.test-helper.js";

describe("WORKDIR", () => {
  test("a relative path joins the previous one; the history comment has one space", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("WORKDIR /app\nWORKDIR src/../lib");
    expect(stage.state.config.WorkingDir).toBe("/app/lib");
    expect(stage.lastCreatedBy()).toBe("/bin/sh -c #(nop) WORKDIR /app/lib");
  });

  test("the engine creates the directory (0755 root), so the step has a layer", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("WORKDIR /srv/www");
    expect(stage.image().fs.get("/srv/www")).toEqual({ type: "directory", mode: 0o755, uid: 0, gid: 0 });
    expect(stage.image().history.at(-1)?.empty_layer).toBeUndefined();
  });

  test("a path that expands to nothing is the classic builder's error", async () => {
    const stage = await StageHarness.create();
    const error = await stage.failure("WORKDIR $NOTHING");
    expect(error.message).toBe("cannot normalize nothing");
    expect(error.location?.line).toBe(2);
  });
});
