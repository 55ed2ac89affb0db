import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BASE, contextDirectory, fakeBuild, temporaryDirectory } from "./build-harness.test-helper.js";
import { EngineError } from "@dfbuild/engine";
import { FakeEngine } from "./fake-engine.test-helper.js";
import type { BuildEvent } from "./events.js";

/** The image of each step, in order (FROM's is the base). */
function stepImages(events: readonly BuildEvent[]): (string | null)[] {
  return events.flatMap((event) => (event.type === "step-done" ? [event.imageId] : []));
}

/** An engine whose base image's ID is its config's digest: metadata steps make their images from configs. */
function engineWithConfigs(): FakeEngine {
  const engine = new FakeEngine();
  engine.addImage(BASE, { config: { Env: ["PATH=/usr/bin:/bin"], Cmd: ["sh"] }, contentAddressed: true });
  return engine;
}

describe("metadata steps", () => {
  test("a run of consecutive metadata steps loads its images in one request; each step keeps its own image, the child of the one before", async () => {
    const engine = engineWithConfigs();
    const { error, events } = await fakeBuild(engine, `FROM ${BASE}\nENV A=1\nLABEL l=1\nEXPOSE 80\nRUN true\n`);
    expect(error).toBeUndefined();
    // ENV, LABEL and EXPOSE: one load, before the RUN's container is made from EXPOSE's image.
    expect(engine.calls.filter((call) => call.method === "images.load" || call.method === "containers.create").map((call) => call.method)).toEqual(["images.load", "containers.create"]);
    const images = stepImages(events);
    expect(images).toHaveLength(5);
    expect(new Set(images).size).toBe(5);
    for (let step = 1; step < images.length; step++) {
      const image = engine.image(images[step] ?? "");
      expect(image?.parent, `step ${String(step + 1)}`).toBe(images[step - 1]);
      expect(image?.history).toHaveLength((engine.image(images[step - 1] ?? "")?.history.length ?? 0) + 1);
    }
    expect(engine.image(images[3] ?? "")?.history.at(-1)?.created_by).toBe("/bin/sh -c #(nop)  EXPOSE 80");
  });

  test("the metadata steps that end a stage load their images in one request when the stage ends", async () => {
    const engine = engineWithConfigs();
    const { error, events, result } = await fakeBuild(engine, `FROM ${BASE}\nENV A=1\nUSER 1000\nCMD ["x"]\n`);
    expect(error).toBeUndefined();
    expect(engine.callsOf("images.load")).toHaveLength(1);
    expect(engine.callsOf("containers.create")).toHaveLength(0);
    expect(result?.imageId).toBe(stepImages(events).at(-1));
    expect(engine.image(result?.imageId ?? "")?.config).toMatchObject({ Env: ["PATH=/usr/bin:/bin", "A=1"], User: "1000", Cmd: ["x"] });
  });

  test("a stage whose final image differs from its last metadata step's (a VOLUME) loads it with the pending images, in the same request, as that step's sibling", async () => {
    const engine = engineWithConfigs();
    const { error, events, result } = await fakeBuild(engine, `FROM ${BASE}\nENV A=1\nVOLUME /data\nCMD ["x"]\n`);
    expect(error).toBeUndefined();
    expect(engine.callsOf("images.load")).toHaveLength(1);
    const images = stepImages(events);
    expect(images).toHaveLength(4);
    const final = engine.image(result?.imageId ?? "");
    expect(final?.config).toMatchObject({ Env: ["PATH=/usr/bin:/bin", "A=1"], Cmd: ["x"], Volumes: { "/data": {} } });
    // The CMD step's sibling: the child of VOLUME's image, with CMD's history.
    expect(final?.parent).toBe(images[2]);
    expect(final?.history.at(-1)?.created_by).toBe('/bin/sh -c #(nop)  CMD ["x"]');
    expect(final?.history).toHaveLength((engine.image(images[2] ?? "")?.history.length ?? 0) + 1);
    // The step image it stands in for is removed, as after `#finalize`'s own load: no dangling image.
    expect(engine.image(images[3] ?? "")).toBeUndefined();
    // Without the VOLUME the last step's image is the final one.
    const plain = await fakeBuild(engine, `FROM ${BASE}\nENV A=1\nCMD ["x"]\n`);
    expect(plain.result?.imageId).toBe(stepImages(plain.events).at(-1));
  });

  test("the metadata steps before a step that fails before its container keep their images: the next build finds them in the cache", async () => {
    const engine = engineWithConfigs();
    const cacheDir = await temporaryDirectory("dfbuild-unit-cache-");
    const dockerfile = `FROM ${BASE}\nENV A=1\nLABEL l=1\nCOPY app.txt /app.txt\n`;
    // The COPY fails reading its source, before anything loaded the ENV and LABEL images.
    const failed = await fakeBuild(engine, dockerfile, { cacheDir });
    expect(failed.error?.location?.line).toBe(4);
    expect(engine.callsOf("containers.create")).toHaveLength(0);
    const images = stepImages(failed.events);
    expect(images).toHaveLength(3);
    for (const image of images) expect(engine.image(image ?? "")).toBeDefined();
    const again = await fakeBuild(engine, dockerfile, { cacheDir, files: { "app.txt": "app\n" } });
    expect(again.error).toBeUndefined();
    expect(again.events.filter((event) => event.type === "cache-hit").map((event) => event.step)).toEqual([2, 3]);
    expect(stepImages(again.events).slice(0, 3)).toEqual(images);
  });
});

describe("step containers", () => {
  test("a step's container is removed while the next step runs; a removal that fails is tried again at the end, and the build leaves none", async () => {
    const engine = engineWithConfigs();
    const { containers } = engine;
    const remove = containers.remove.bind(containers);
    const create = containers.create.bind(containers);
    let releaseFirst = (): void => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const removed: string[] = [];
    // The first removal (the first RUN's container) ends only once the second RUN's container is
    // made, and then fails: waiting for it before the next step would never end.
    containers.remove = async (id, options) => {
      removed.push(id);
      if (removed.length === 1) {
        await firstHeld;
        throw new EngineError({ status: 500, engineMessage: "removal failed", method: "DELETE", path: `/containers/${id}` });
      }
      return remove(id, options);
    };
    containers.create = (body, options) => {
      if (removed.length > 0) releaseFirst();
      return create(body, options);
    };
    const { error } = await fakeBuild(engine, `FROM ${BASE}\nRUN one\nRUN two\n`);
    expect(error).toBeUndefined();
    const created = engine.callsOf("containers.create");
    expect(created).toHaveLength(2);
    // The first container twice (in the background, then again at the end), the second once.
    expect(removed).toHaveLength(3);
    expect(removed[0]).toBe(removed[2]);
    expect(engine.containerStore.size).toBe(0);
  });
});

describe("what a step's cache key holds", () => {
  /** The steps of a build that hit the cache, and of those that missed. */
  const outcome = (events: readonly BuildEvent[]): { hits: number[]; misses: number[] } => ({
    hits: events.flatMap((event) => (event.type === "cache-hit" ? [event.step] : [])),
    misses: events.flatMap((event) => (event.type === "cache-miss" ? [event.step] : [])),
  });

  // With --fold-metadata, MAINTAINER, ENV and VOLUME make no image: the RUN after them starts from
  // the base whatever they say, so only its key tells the builds apart.
  test("a folded step's effect: the author, the config and the declared volumes", async () => {
    const engine = engineWithConfigs();
    const cacheDir = await temporaryDirectory("dfbuild-unit-cache-");
    const build = (lines: string): ReturnType<typeof fakeBuild> => fakeBuild(engine, `FROM ${BASE}\n${lines}\nRUN true\n`, { cacheDir, foldMetadata: true });
    for (const lines of ["MAINTAINER a", "MAINTAINER b", "ENV A=1", "ENV A=2", "VOLUME /data", "VOLUME /other"]) {
      const first = await build(lines);
      expect(first.error, lines).toBeUndefined();
      expect(outcome(first.events), lines).toEqual({ hits: [], misses: [3] });
      expect(outcome((await build(lines)).events), `${lines} again`).toEqual({ hits: [3], misses: [] });
    }
  });

  test("what the instruction adds (RUN's --network) and whether the step already missed, without folding", async () => {
    const engine = engineWithConfigs();
    const cacheDir = await temporaryDirectory("dfbuild-unit-cache-");
    const build = (dockerfile: string): ReturnType<typeof fakeBuild> => fakeBuild(engine, `FROM ${BASE}\n${dockerfile}`, { cacheDir });
    expect(outcome((await build("RUN true\n")).events)).toEqual({ hits: [], misses: [2] });
    expect(outcome((await build("RUN --network=none true\n")).events)).toEqual({ hits: [], misses: [2] });
    expect(outcome((await build("RUN --network=none true\n")).events)).toEqual({ hits: [2], misses: [] });
    expect(outcome((await build("RUN true\n")).events)).toEqual({ hits: [2], misses: [] });
    // --no-cache: every step made again, none probed.
    expect(outcome((await fakeBuild(engine, `FROM ${BASE}\nRUN true\nENV A=1\n`, { cacheDir, noCache: true })).events).hits).toEqual([]);
  });

  test("why a step missed names the instruction as its history shows it (the words of its command, spaced)", async () => {
    const engine = engineWithConfigs();
    const cacheDir = await temporaryDirectory("dfbuild-unit-cache-");
    // The same place (context and Dockerfile): a miss is explained against the step built there before.
    const contextDir = await contextDirectory({});
    await fakeBuild(engine, `FROM ${BASE}\nRUN echo a\n`, { cacheDir, contextDir });
    const again = await fakeBuild(engine, `FROM ${BASE}\nRUN echo b\n`, { cacheDir, contextDir });
    expect(again.events.find((event) => event.type === "cache-miss")).toMatchObject({
      step: 2,
      reason: { kind: "instruction", before: "/bin/sh -c echo a", after: "/bin/sh -c echo b" },
    });
  });

  test("what the cache directory keeps of a step's build args: the declared ones, never an undeclared proxy arg (moby IsReferencedOrNotBuiltin)", async () => {
    const engine = engineWithConfigs();
    const cacheDir = await temporaryDirectory("dfbuild-unit-cache-");
    const buildArgs = new Map([
      ["HTTP_PROXY", "http://user:proxy-secret@proxy:3128"],
      ["V", "declared-value"],
    ]);
    const { error } = await fakeBuild(engine, `FROM ${BASE}\nARG V\nRUN true\n`, { cacheDir, buildArgs });
    expect(error).toBeUndefined();
    const kept = (await Promise.all((await readdir(cacheDir)).map((name) => readFile(join(cacheDir, name), "utf8")))).join("\n");
    expect(kept).not.toContain("proxy-secret");
    // The RUN's record of what its key was made of names the declared arg's value among its args.
    const records = kept.split("\n").flatMap((line) => (line.includes('"args"') ? [JSON.parse(line) as { facts?: { args?: Record<string, string> } }] : []));
    expect(records.map((record) => record.facts?.args)).toContainEqual({ V: "declared-value" });
  });

  test("a metadata step's command is the shell in effect (SHELL's own new one, as moby's `withCmdComment` reads the run config), `#(nop) ` and the comment", async () => {
    const engine = engineWithConfigs();
    const { error, result } = await fakeBuild(engine, `FROM ${BASE}\nSHELL ["/bin/bash", "-c"]\nLABEL l=1\n`);
    expect(error).toBeUndefined();
    expect(engine.image(result?.imageId ?? "")?.history.slice(-2).map((entry) => entry.created_by)).toEqual([
      "/bin/bash -c #(nop)  SHELL [/bin/bash -c]",
      "/bin/bash -c #(nop)  LABEL l=1",
    ]);
  });
});
