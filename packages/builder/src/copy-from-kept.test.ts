/**
 * `COPY --from` sources whose bytes are kept from the read that hashed them (copy.ts
 * `KeptSourceBytes`), on the fake engine: what is kept is not read again, what does not fit is.
 */
import { describe, expect, test } from "vitest";
import { ContainerSet } from "./containers.js";
import { type CopySource, KeptSourceBytes, imageSources } from "./copy.js";
import { FakeEngine } from "./fake-engine.test-helper.js";
import type { SourceEntry } from "./source-entry.js";

const names = { users: new Map([[0, "root"]]), groups: new Map([[0, "root"]]) };

function engineWithFiles(): { engine: FakeEngine; image: string } {
  const engine = new FakeEngine();
  const image = engine.addImage("files:test", {
    files: { "/small": "0123456789", "/large": "x".repeat(100), "/dir/a": "aa", "/dir/b": "bbb" },
  });
  return { engine, image };
}

async function contentOf(entry: SourceEntry): Promise<string> {
  const content = entry.content?.();
  if (content === undefined) return "";
  if (Buffer.isBuffer(content)) return content.toString();
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** A source's entries as path=content, read through `entries()` as the copy reads them. */
async function read(source: CopySource | undefined): Promise<string[]> {
  if (source === undefined) throw new Error("no such source");
  const out: string[] = [];
  for await (const entry of source.entries()) out.push(`${entry.path}=${await contentOf(entry)}`);
  return out;
}

describe("COPY --from sources kept in memory", () => {
  test("sources that fit are read once: the copy and a second reading make no container and download nothing", async () => {
    const { engine, image } = engineWithFiles();
    const containers = new ContainerSet(engine, undefined);
    const sources = await imageSources(engine, containers, image, ["/small", "/dir"], names, undefined, undefined, new KeptSourceBytes(1024));
    await containers.removeAll();
    const created = engine.callsOf("containers.create").length;
    const downloads = engine.callsOf("containers.getArchive").length;
    expect(created).toBe(1);
    for (let pass = 0; pass < 2; pass++) {
      expect(await read(sources[0])).toEqual(["=0123456789"]);
      expect((await read(sources[1])).sort()).toEqual(["a=aa", "b=bbb"]);
    }
    expect(engine.callsOf("containers.create").length).toBe(created);
    expect(engine.callsOf("containers.getArchive").length).toBe(downloads);
  });

  test("a source larger than what is left is read again, with the same digest; what it took goes back to the next source", async () => {
    const { engine, image } = engineWithFiles();
    const keptAll = await imageSources(engine, new ContainerSet(engine, undefined), image, ["/dir", "/large", "/small"], names, undefined, undefined, new KeptSourceBytes(1024));
    const engineAgain = engineWithFiles();
    const containers = new ContainerSet(engineAgain.engine, undefined);
    // /dir (5 bytes) fits; /large (100) does not; /small (10) fits in what /large gave back.
    const budget = new KeptSourceBytes(20);
    const sources = await imageSources(engineAgain.engine, containers, engineAgain.image, ["/dir", "/large", "/small"], names, undefined, undefined, budget);
    expect(sources.map((source) => source.hash)).toEqual(keptAll.map((source) => source.hash));
    const downloads = (): number => engineAgain.engine.callsOf("containers.getArchive").length;
    const before = downloads();
    expect((await read(sources[0])).sort()).toEqual(["a=aa", "b=bbb"]);
    expect(await read(sources[2])).toEqual(["=0123456789"]);
    expect(downloads()).toBe(before);
    expect(await read(sources[1])).toEqual([`=${"x".repeat(100)}`]);
    expect(downloads()).toBe(before + 1);
    // 20 - 5 - 10 left: a 6-byte source would not fit.
    expect(budget.take(6)).toBe(false);
    expect(budget.take(5)).toBe(true);
    await containers.removeAll();
    expect(engineAgain.engine.liveContainers()).toEqual([]);
  });

  test("without a budget every source is read again for its content, as before", async () => {
    const { engine, image } = engineWithFiles();
    const containers = new ContainerSet(engine, undefined);
    const sources = await imageSources(engine, containers, image, ["/small"], names);
    const before = engine.callsOf("containers.getArchive").length;
    expect(await read(sources[0])).toEqual(["=0123456789"]);
    expect(engine.callsOf("containers.getArchive").length).toBe(before + 1);
    await containers.removeAll();
  });

  test("a source is read with one request, its archive, which says what it is: no stat first; a symlink is read through its target", async () => {
    const engine = new FakeEngine();
    const image = engine.addImage("links:test", {
      files: { "/small": "0123456789", "/link": { type: "symlink", mode: 0o777, uid: 0, gid: 0, linkname: "small" } },
    });
    const containers = new ContainerSet(engine, undefined);
    const sources = await imageSources(engine, containers, image, ["/small", "/link"], names, undefined, undefined, new KeptSourceBytes(1024));
    await containers.removeAll();
    expect(await read(sources[0])).toEqual(["=0123456789"]);
    expect(await read(sources[1])).toEqual(["=0123456789"]);
    expect(sources[1]?.hash).toBe(sources[0]?.hash);
    expect(engine.callsOf("containers.statPath")).toEqual([]);
    expect(engine.callsOf("containers.getArchive").map(([, path]) => path)).toEqual(["/small", "/link", "/small"]);
    await expect(imageSources(engine, containers, image, ["/missing"], names)).rejects.toThrow("stat missing: file does not exist");
    await containers.removeAll();
    expect(engine.liveContainers()).toEqual([]);
  });
});
