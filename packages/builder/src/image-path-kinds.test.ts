import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContainerCreateBody } from "@dfbuild/engine";
import { describe, expect, onTestFinished, test } from "vitest";
import { BASE, fakeBuild } from "./build-harness.test-helper.js";
import { FakeEngine } from "./fake-engine.test-helper.js";
import { ImagePathKinds } from "./image-path-kinds.js";

async function cacheDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dfbuild-unit-cache-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("what paths of images are, across builds", () => {
  test("a second build from the same base asks the engine nothing about its paths: no probe container, same files", async () => {
    const engine = new FakeEngine();
    engine.addImage(BASE, { config: { Env: ["PATH=/usr/bin:/bin"], Cmd: ["sh"] }, files: { "/etc/passwd": "root:x:0:0::/root:/bin/sh\n" }, contentAddressed: true });
    const probes = (): unknown[] => engine.callsOf("containers.create").filter(([body]) => (body as ContainerCreateBody).Entrypoint?.[0] === "/dfbuild-path-probe");
    const cacheDir = await cacheDirectory();
    const dockerfile = `FROM ${BASE}\nWORKDIR /w\nCOPY a.txt /dst/\n`;
    const build = () => fakeBuild(engine, dockerfile, { cacheDir, noCache: true, files: { "a.txt": "a\n" } });
    const first = await build();
    expect(first.error).toBeUndefined();
    expect(probes()).toHaveLength(1);
    expect(engine.callsOf("containers.statPath").map(([, path]) => path)).toEqual(["/w", "/dst"]);
    engine.calls.length = 0;

    const again = await build();
    expect(again.error).toBeUndefined();
    expect(engine.callsOf("containers.create")).toEqual([]);
    expect(engine.callsOf("containers.statPath")).toEqual([]);
    for (const image of [first.image, again.image]) {
      expect(image?.fs.get("/w")).toMatchObject({ type: "directory", mode: 0o755 });
      expect(image?.fs.get("/dst/a.txt")?.content?.toString()).toBe("a\n");
    }
    expect(engine.containerStore.size).toBe(0);
  });
});

test("a COPY --from that waits for its stage readies no probe container when the image's paths were asked before", async () => {
  const engine = new FakeEngine();
  engine.addImage(BASE, { config: { Env: ["PATH=/usr/bin:/bin"], Cmd: ["sh"] }, files: { "/etc/passwd": "root:x:0:0::/root:/bin/sh\n" }, contentAddressed: true });
  engine.onRun = (run) => {
    run.writeFile("/one", "1");
    return 0;
  };
  const creates = (): string[] => engine.callsOf("containers.create").map(([body]) => (body as ContainerCreateBody).Entrypoint?.[0] ?? "");
  const cacheDir = await cacheDirectory();
  const dockerfile = `FROM ${BASE} AS one\nRUN make\nFROM ${BASE}\nCOPY --from=one /one /one\n`;
  const first = await fakeBuild(engine, dockerfile, { cacheDir, noCache: true });
  expect(first.error).toBeUndefined();
  expect(creates()).toContain("/dfbuild-path-probe");
  engine.calls.length = 0;

  const again = await fakeBuild(engine, dockerfile, { cacheDir, noCache: true });
  expect(again.error).toBeUndefined();
  expect(creates()).not.toContain("/dfbuild-path-probe");
  expect(again.image?.fs.get("/one")?.content?.toString()).toBe("1");
  expect(engine.containerStore.size).toBe(0);
});

describe("ImagePathKinds", () => {
  test("keeps what a path of an image is across instances, by image and path; a broken line is skipped", async () => {
    const dir = await cacheDirectory();
    const store = new ImagePathKinds(dir);
    await store.set("sha256:i", "/w", "missing");
    await store.set("sha256:i", "/etc", "directory");
    await store.set("sha256:i", "/w", "other");
    await store.close();
    await writeFile(store.file, '{"v":1,"i":"sha256:i","p":"/x","k":"sideways"}\n{"v":1,"i":"sha256:i","p"\n', { flag: "a" });
    const later = new ImagePathKinds(dir);
    expect(await later.get("sha256:i", "/w")).toBe("other");
    expect(await later.get("sha256:i", "/etc")).toBe("directory");
    expect(await later.get("sha256:i", "/x")).toBeUndefined();
    expect(await later.get("sha256:other", "/w")).toBeUndefined();
    expect(await later.asked("sha256:i")).toBe(true);
    expect(await later.asked("sha256:other")).toBe(false);
  });

  test("a store that cannot be written answers nothing and says why once, at close", async () => {
    const dir = await cacheDirectory();
    const store = new ImagePathKinds(dir);
    // A directory where the file should be.
    await mkdir(store.file);
    await store.set("sha256:i", "/w", "missing");
    expect(await store.get("sha256:i", "/w")).toBeUndefined();
    await expect(store.close()).rejects.toThrow(/EISDIR/);
  });
});
