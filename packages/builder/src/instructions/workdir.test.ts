import { describe, expect, test } from "vitest";
import { BASE, StageHarness, fakeBuild } from "../build-harness.test-helper.js";
import { FakeEngine } from "../fake-engine.test-helper.js";

/** An engine whose base image's ID is its config's digest, so that images can be made from configs. */
function engineWithConfigs(): FakeEngine {
  const engine = new FakeEngine();
  engine.addImage(BASE, { config: { Env: ["PATH=/usr/bin:/bin"], Cmd: ["sh"] }, files: { "/etc/passwd": "root:x:0:0::/root:/bin/sh\n" }, contentAddressed: true });
  return engine;
}

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

  test("a directory missing up to the top is a layer built here, loaded with the images before it: no container, no commit", async () => {
    const engine = engineWithConfigs();
    const { error, image } = await fakeBuild(engine, `FROM ${BASE}\nENV A=1\nWORKDIR /a/b\nRUN true\n`, { noCache: true });
    expect(error).toBeUndefined();
    // The one container and commit are the RUN's; ENV's and WORKDIR's images go in one load before it.
    expect(engine.callsOf("containers.commit")).toHaveLength(1);
    expect(engine.callsOf("images.load")).toHaveLength(1);
    expect(engine.callsOf("images.load.layer")).toHaveLength(1);
    for (const path of ["/a", "/a/b"]) expect(image?.fs.get(path), path).toEqual({ type: "directory", mode: 0o755, uid: 0, gid: 0 });
    expect(image?.history.at(-2)).toMatchObject({ created_by: "/bin/sh -c #(nop) WORKDIR /a/b" });
    expect(image?.history.at(-2)?.empty_layer).toBeUndefined();
  });

  test("a new directory below one of the image takes a container, as the commit holds the parent too", async () => {
    const engine = engineWithConfigs();
    const { error, image } = await fakeBuild(engine, `FROM ${BASE}\nWORKDIR /etc/new\n`, { noCache: true });
    expect(error).toBeUndefined();
    expect(engine.callsOf("containers.commit")).toHaveLength(1);
    expect(engine.callsOf("images.load.layer")).toHaveLength(0);
    expect(image?.fs.get("/etc/new")?.type).toBe("directory");
  });

  test("a path that expands to nothing is the classic builder's error", async () => {
    const stage = await StageHarness.create();
    const error = await stage.failure("WORKDIR $NOTHING");
    expect(error.message).toBe("cannot normalize nothing");
    expect(error.location?.line).toBe(2);
  });
});
