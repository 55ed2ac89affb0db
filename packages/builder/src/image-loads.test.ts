import { EngineError } from "@dfbuild/engine";
import { describe, expect, test } from "vitest";
import type { BuildEngine } from "./build-engine.js";
import { type RewrittenImage, imageConfigArchive } from "./image.js";
import { ImageLoads } from "./image-loads.js";
import { readEntries } from "./tar.js";

/**
 * An engine that only loads: it records the configs of each load's manifest, and refuses (as moby
 * does a parent link it will not make) a load whose manifest links an image to a parent `refused`.
 */
function loadingEngine(refused?: string): { engine: BuildEngine; loads: string[][] } {
  const loads: string[][] = [];
  const images = {
    async *load(source: AsyncIterable<Uint8Array>): AsyncGenerator<{ stream: string }> {
      const entries = await readEntries(source);
      const content = entries.find((entry) => entry.path === "manifest.json")?.content?.();
      const manifest = JSON.parse(Buffer.isBuffer(content) ? content.toString("utf8") : "[]") as { Config: string; Parent?: string }[];
      loads.push(manifest.map((entry) => entry.Config));
      if (refused !== undefined && manifest.some((entry) => entry.Parent === refused)) {
        throw new EngineError({ status: 500, engineMessage: `image ${refused} is not a valid parent`, method: "POST", path: "/images/load" });
      }
      await Promise.resolve();
      yield { stream: "Loaded image ID: …\n" };
    },
  };
  return { engine: { images } as unknown as BuildEngine, loads };
}

const config = (name: string): Record<string, unknown> => ({ architecture: "amd64", os: "linux", config: { Labels: { name } }, rootfs: { type: "layers", diff_ids: [] }, history: [] });
const parent = { id: `sha256:${"p".repeat(64)}`, config: Buffer.from("{}"), layers: [] };

/** A final image as `#finalize` puts it off: linked to `parent`, with the same alone beside it. */
function finalImage(name: string): RewrittenImage {
  const linked = imageConfigArchive(config(name), [], null, parent);
  return { id: linked.id, archive: linked.archive, alone: imageConfigArchive(config(name), [], null).archive };
}

const fileOf = (id: string): string => `${id.slice(7)}.json`;

describe("ImageLoads", () => {
  test("an image put off goes with the next load, in the same request, the parent they share once; then it is recorded", async () => {
    const { engine, loads } = loadingEngine();
    const imageLoads = new ImageLoads(engine);
    const put = [finalImage("a"), finalImage("b")];
    const recorded: string[] = [];
    for (const image of put) imageLoads.defer(image, () => Promise.resolve(void recorded.push(image.id)));
    expect(imageLoads.isWaiting(put[0]?.id ?? "")).toBe(true);
    const own = imageConfigArchive(config("own"), [], null, parent);
    await imageLoads.load([own.archive]);
    expect(loads).toEqual([[fileOf(parent.id), fileOf(own.id), ...put.map((image) => fileOf(image.id))]]);
    expect(recorded).toEqual(put.map((image) => image.id));
    expect(imageLoads.isWaiting(put[0]?.id ?? "")).toBe(false);
    await imageLoads.flush();
    expect(loads).toHaveLength(1);
  });

  test("a load the engine refuses as a whole: the load's own images alone, then the image put off without its link", async () => {
    const { engine, loads } = loadingEngine(parent.id);
    const imageLoads = new ImageLoads(engine);
    const put = finalImage("a");
    let recorded = false;
    imageLoads.defer(put, () => Promise.resolve(void (recorded = true)));
    const own = imageConfigArchive(config("own"), [], null);
    await imageLoads.load([own.archive]);
    // Together (refused), the load's own alone, the one put off linked (refused), then alone.
    expect(loads).toEqual([[fileOf(own.id), fileOf(parent.id), fileOf(put.id)], [fileOf(own.id)], [fileOf(parent.id), fileOf(put.id)], [fileOf(put.id)]]);
    expect(recorded).toBe(true);
  });

  test("ensure loads an image still put off, and those beside it, once; an image never put off needs nothing", async () => {
    const { engine, loads } = loadingEngine();
    const imageLoads = new ImageLoads(engine);
    const put = [finalImage("a"), finalImage("b")];
    for (const image of put) imageLoads.defer(image, () => Promise.resolve());
    await imageLoads.ensure(put[1]?.id ?? "");
    await imageLoads.ensure(put[0]?.id ?? "");
    await imageLoads.ensure(`sha256:${"0".repeat(64)}`);
    expect(loads).toEqual([[fileOf(parent.id), ...put.map((image) => fileOf(image.id))]]);
  });

  test("a failure other than the engine's answer (the build stopped) leaves the images put off unloaded, and says so to who waits for them", async () => {
    const put = finalImage("a");
    const stopped = new AbortController();
    stopped.abort(new Error("stopped"));
    const failing = {
      images: {
        // eslint-disable-next-line require-yield -- an engine that fails before it answers anything
        async *load(): AsyncGenerator<{ stream: string }> {
          await Promise.resolve();
          throw new Error("stopped");
        },
      },
    } as unknown as BuildEngine;
    const stoppedLoads = new ImageLoads(failing);
    stoppedLoads.defer(put, () => Promise.resolve());
    await expect(stoppedLoads.load([imageConfigArchive(config("own"), [], null).archive], stopped.signal)).rejects.toThrow("stopped");
    await expect(stoppedLoads.ensure(put.id)).rejects.toThrow("stopped");
    expect(stoppedLoads.isWaiting(put.id)).toBe(false);
  });
});
