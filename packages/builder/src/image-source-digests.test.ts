import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, onTestFinished, test } from "vitest";
import { BASE, contextDirectory, engineWithBase, fakeBuild } from "./build-harness.test-helper.js";
import { ImageSourceDigests, accountNamesKey, imageSourceDigestsFile } from "./image-source-digests.js";

async function cacheDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dfbuild-unit-cache-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** bench/build.ts's workload c, with a directory and a wildcard source too. */
const STAGES = `FROM ${BASE} AS one
RUN make one
FROM ${BASE} AS two
RUN make two
FROM ${BASE}
COPY --from=one /one /one
COPY --from=two /out/ /two/
COPY --from=two /out/a* /star/
`;

function engineForStages(contents: { one: string; two: string }) {
  const engine = engineWithBase();
  engine.onRun = (run) => {
    if (run.argv.join(" ").includes("make one")) run.writeFile("/one", contents.one);
    if (run.argv.join(" ").includes("make two")) {
      run.writeFile("/out/a", contents.two);
      run.writeFile("/out/b", "b");
    }
    return 0;
  };
  return engine;
}

describe("COPY --from sources' digests across builds", () => {
  test("a fully cached rebuild reads no source image: no container, no archive; same image", async () => {
    const engine = engineForStages({ one: "1", two: "2" });
    const cacheDir = await cacheDirectory();
    const contextDir = await contextDirectory({ Dockerfile: STAGES });
    const first = await fakeBuild(engine, STAGES, { contextDir, cacheDir });
    expect(first.error).toBeUndefined();
    expect(engine.callsOf("containers.getArchive").length).toBeGreaterThan(0);
    engine.calls.length = 0;

    const again = await fakeBuild(engine, STAGES, { contextDir, cacheDir });
    expect(again.error).toBeUndefined();
    expect(again.result?.imageId).toBe(first.result?.imageId);
    expect(again.events.filter((event) => event.type === "cache-miss")).toEqual([]);
    expect(engine.callsOf("containers.create")).toEqual([]);
    expect(engine.callsOf("containers.getArchive")).toEqual([]);
    expect(engine.callsOf("containers.statPath")).toEqual([]);
  });

  test("a known digest with a step that misses: the content is read from the image, and the image is the one a build without the store makes", async () => {
    const engine = engineForStages({ one: "1", two: "2" });
    const cacheDir = await cacheDirectory();
    const contextDir = await contextDirectory({ Dockerfile: STAGES });
    const first = await fakeBuild(engine, STAGES, { contextDir, cacheDir });
    expect(first.error).toBeUndefined();
    // The last stage's COPYs miss (their parent changed); the stages they copy from are cached.
    const changed = STAGES.replace(`FROM ${BASE}\nCOPY`, `FROM ${BASE}\nENV X=1\nCOPY`);
    engine.calls.length = 0;
    const again = await fakeBuild(engine, changed, { contextDir, cacheDir });
    expect(again.error).toBeUndefined();
    const readsWithStore = engine.callsOf("containers.getArchive").length;
    engine.calls.length = 0;
    // With the store nothing is read to hash: each of the three sources is read for the copy, and again for the miss's report.
    expect(readsWithStore).toBe(6);
    const withoutStore = await fakeBuild(engine, changed, { contextDir, cacheDir: await cacheDirectory() });
    // Without it, each source path is read once to hash it, and the wildcard's directory to list it;
    // their bytes, kept from that read (copy.ts `KeptSourceBytes`), serve the copy and the report.
    expect(engine.callsOf("containers.getArchive").length).toBe(4);
    const history = (image: typeof first.image): string[] => (image?.history ?? []).map((entry) => entry.created_by);
    expect(history(again.image)).toEqual(history(withoutStore.image));
    expect(again.image?.fs.get("/one")?.content?.toString()).toBe("1");
    expect(again.image?.fs.get("/two/a")?.content?.toString()).toBe("2");
    expect(again.image?.fs.get("/star/a")?.content?.toString()).toBe("2");
  });

  test("a source stage that changed is another image: its paths are read again", async () => {
    const contents = { one: "1", two: "2" };
    const engine = engineForStages(contents);
    const cacheDir = await cacheDirectory();
    const contextDir = await contextDirectory({ Dockerfile: STAGES });
    await fakeBuild(engine, STAGES, { contextDir, cacheDir });
    contents.one = "changed";
    const changed = STAGES.replace("RUN make one", "RUN make one again");
    engine.calls.length = 0;
    const again = await fakeBuild(engine, changed, { contextDir, cacheDir });
    expect(again.error).toBeUndefined();
    expect(again.image?.fs.get("/one")?.content?.toString()).toBe("changed");
    // Stage one's path is stat'ed and hashed through a container of its new image; stage two's
    // come from the store (read only for their content, the steps after a changed one missing).
    const stats = engine.callsOf("containers.statPath").map((args) => args[1]);
    expect(stats).toContain("/one");
    expect(stats).not.toContain("/out");
    expect(stats).not.toContain("/out/a");
  });
});

describe("ImageSourceDigests", () => {
  const names = accountNamesKey({ users: new Map([[0, "root"]]), groups: new Map([[0, "root"]]) });
  const record = { hash: "file:abc", name: "one", kind: "file" as const, target: "/one" };

  test("keeps records across instances by image, account names and path; a broken line is skipped", async () => {
    const dir = await cacheDirectory();
    const store = new ImageSourceDigests(dir);
    await store.set("sha256:i", names, "one", [record]);
    await store.set("sha256:i", names, "none*", []);
    await store.close();
    await writeFile(imageSourceDigestsFile(dir), '{"v":1,"i":"sha256:i","n"\n', { flag: "a" });
    const later = new ImageSourceDigests(dir);
    expect(await later.get("sha256:i", names, "one")).toEqual([record]);
    expect(await later.get("sha256:i", names, "none*")).toEqual([]);
    expect(await later.get("sha256:other", names, "one")).toBeUndefined();
    expect(await later.get("sha256:i", accountNamesKey({ users: new Map([[0, "admin"]]), groups: new Map() }), "one")).toBeUndefined();
  });

  test("sameFiles: what was read of an image, and what will be, counts for an image with its files, in this store and the next", async () => {
    const dir = await cacheDirectory();
    const store = new ImageSourceDigests(dir);
    await store.set("sha256:step", names, "one", [record]);
    await store.sameFiles("sha256:final", "sha256:step");
    const two = { ...record, name: "two", target: "/two" };
    await store.set("sha256:step", names, "two", [two]);
    expect(await store.get("sha256:final", names, "one")).toEqual([record]);
    expect(await store.get("sha256:final", names, "two")).toEqual([two]);
    await store.close();
    const later = new ImageSourceDigests(dir);
    expect(await later.get("sha256:final", names, "one")).toEqual([record]);
    expect(await later.get("sha256:final", names, "two")).toEqual([two]);
    // Only that way round: the final image's own reads say nothing of the step image.
    await later.set("sha256:final", names, "three", [record]);
    expect(await later.get("sha256:step", names, "three")).toBeUndefined();
  });

  test("a store that cannot be written answers nothing and says why once, at close", async () => {
    const dir = await cacheDirectory();
    // A directory where the file should be.
    await import("node:fs/promises").then(({ mkdir }) => mkdir(imageSourceDigestsFile(dir)));
    const store = new ImageSourceDigests(dir);
    await store.set("sha256:i", names, "one", [record]);
    expect(await store.get("sha256:i", names, "one")).toBeUndefined();
    await expect(store.close()).rejects.toThrow(/EISDIR/);
  });
});
