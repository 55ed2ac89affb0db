import { createHash } from "node:crypto";
import { type FetchedManifest, MEDIA_TYPES, RegistryError, type Repository } from "@dfbuild/engine";
import { describe, expect, test } from "vitest";
import type { UsedCacheEntry } from "./cache.js";
import { FakeEngine } from "./fake-engine.test-helper.js";
import { CACHE_ARTIFACT_TYPE, exportRegistryCache, type ManifestStore, RegistryCacheImport, stepsTag } from "./registry-cache.js";

const sha256 = (data: string | Buffer): string => `sha256:${createHash("sha256").update(data).digest("hex")}`;

/**
 * A registry of manifests in memory. The fake engine's push reports `sha256(image ID)` as the
 * manifest digest; this store answers for such a digest with a Docker manifest whose config is that
 * image, as a registry holding the engine's push would.
 */
class MemoryRegistry implements ManifestStore {
  readonly manifests = new Map<string, { mediaType: string; bytes: Buffer }>();
  readonly puts: string[] = [];
  readonly #engine: FakeEngine;
  failWith: Error | undefined;

  constructor(engine: FakeEngine) {
    this.#engine = engine;
  }

  #pushed(digest: string): { mediaType: string; bytes: Buffer } | undefined {
    const image = [...this.#engine.imageStore.keys()].find((id) => sha256(id) === digest);
    if (image === undefined) return undefined;
    return { mediaType: MEDIA_TYPES.dockerManifest, bytes: Buffer.from(JSON.stringify({ schemaVersion: 2, config: { digest: image }, layers: [] })) };
  }

  getManifest(repository: Repository, reference: string): Promise<FetchedManifest | undefined> {
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    const found = this.manifests.get(`${repository.path}:${reference}`) ?? (reference.startsWith("sha256:") ? this.#pushed(reference) : undefined);
    return Promise.resolve(found === undefined ? undefined : { mediaType: found.mediaType, digest: reference.startsWith("sha256:") ? reference : sha256(found.bytes), bytes: found.bytes });
  }

  hasManifest(_repository: Repository, digest: string): Promise<boolean> {
    return Promise.resolve(this.#pushed(digest) !== undefined);
  }

  putManifest(repository: Repository, reference: string, mediaType: string, bytes: Buffer): Promise<string> {
    this.puts.push(`${repository.path}:${reference}`);
    this.manifests.set(`${repository.path}:${reference}`, { mediaType, bytes });
    return Promise.resolve(sha256(bytes));
  }

  index(path: string, tag: string): { artifactType: string; annotations: Record<string, string>; manifests: { digest: string; mediaType: string; annotations: Record<string, string> }[] } {
    const stored = this.manifests.get(`${path}:${tag}`);
    if (stored === undefined) throw new Error(`no ${path}:${tag}`);
    return JSON.parse(stored.bytes.toString()) as ReturnType<MemoryRegistry["index"]>;
  }
}

/** A base image and steps on it: B and C one chain, D another stage. */
function setup(): { engine: FakeEngine; registry: MemoryRegistry; base: string; b: string; c: string; d: string; used: UsedCacheEntry[] } {
  const engine = new FakeEngine();
  const base = engine.addImage("base:1");
  const child = (parent: string, name: string): string => {
    const id = `sha256:${createHash("sha256").update(name).digest("hex")}`;
    const image = engine.imageStore.get(parent);
    if (image === undefined) throw new Error("no parent");
    engine.imageStore.set(id, { ...structuredClone(image), id, parent, layers: [...image.layers, `layer-${name}`], history: [...image.history, { created_by: name }] });
    return id;
  };
  const b = child(base, "b");
  const c = child(b, "c");
  const d = child(base, "d");
  const used = [
    { key: "k-b", image: b, parent: base },
    { key: "k-c", image: c, parent: b },
    { key: "k-c2", image: c, parent: b },
    { key: "k-d", image: d, parent: base },
  ];
  return { engine, registry: new MemoryRegistry(engine), base, b, c, d, used };
}

const REF = "reg.example/team/app:cache";

describe("--cache-to", () => {
  test("pushes each step image through the helper tag and writes the index: format, entries, keys", async () => {
    const { engine, registry, base, b, c, d, used } = setup();
    const reports: string[] = [];
    await exportRegistryCache(engine, registry, { ref: REF }, used, c, [], (text) => reports.push(text), undefined);
    const pushes = engine.callsOf("images.push").map(([name, options]) => [name, (options as { tag: string }).tag]);
    expect(pushes).toEqual([
      ["reg.example/team/app", "cache-dfbuild-steps"],
      ["reg.example/team/app", "cache-dfbuild-steps"],
      ["reg.example/team/app", "cache-dfbuild-steps"],
    ]);
    const index = registry.index("team/app", "cache");
    expect(index.artifactType).toBe(CACHE_ARTIFACT_TYPE);
    expect(index.annotations["dev.dfbuild.cache.format"]).toBe("1");
    expect(index.manifests.map((entry) => entry.annotations)).toEqual([
      { "dev.dfbuild.cache.image": b, "dev.dfbuild.cache.parent": base, "dev.dfbuild.cache.keys": "k-b" },
      { "dev.dfbuild.cache.image": c, "dev.dfbuild.cache.parent": b, "dev.dfbuild.cache.keys": "k-c,k-c2" },
      { "dev.dfbuild.cache.image": d, "dev.dfbuild.cache.parent": base, "dev.dfbuild.cache.keys": "k-d" },
    ]);
    expect(index.manifests.map((entry) => entry.digest)).toEqual([sha256(b), sha256(c), sha256(d)]);
    expect(index.manifests.every((entry) => entry.mediaType === MEDIA_TYPES.dockerManifest)).toBe(true);
    expect(reports).toEqual([expect.stringMatching(/^exported cache to reg\.example\/team\/app:cache: 3 steps \(3 pushed, 0 already there\), index sha256:/)]);
    // The helper tag is gone from the engine, and the step images are all still there.
    expect(engine.tags.has("reg.example/team/app:cache-dfbuild-steps")).toBe(false);
    for (const image of [b, c, d]) expect(engine.imageStore.has(image)).toBe(true);

    // A second export finds every step in the registry already.
    await exportRegistryCache(engine, registry, { ref: REF }, used, c, [], (text) => reports.push(text), undefined);
    expect(engine.callsOf("images.push")).toHaveLength(3);
    expect(reports[1]).toMatch(/3 steps \(0 pushed, 3 already there\)/);
  });

  test("mode=min exports only the final image's chain", async () => {
    const { engine, registry, b, c, used } = setup();
    await exportRegistryCache(engine, registry, { ref: REF, mode: "min" }, used, c, [], () => undefined, undefined);
    expect(registry.index("team/app", "cache").manifests.map((entry) => entry.annotations["dev.dfbuild.cache.image"])).toEqual([b, c]);
  });

  test("refuses a REF that holds an image, and a digest REF", async () => {
    const { engine, registry, c, used } = setup();
    registry.manifests.set("team/app:cache", { mediaType: MEDIA_TYPES.dockerManifest, bytes: Buffer.from("{}") });
    const refused = exportRegistryCache(engine, registry, { ref: REF }, used, c, [], () => undefined, undefined);
    await expect(refused).rejects.toMatchObject({ code: "DFB_CACHE_NOT_A_CACHE", ref: REF });
    await expect(refused).rejects.toThrow(`--cache-to ${REF}: it holds an image, not a dfbuild cache; refusing to overwrite it. Give the cache a tag of its own, e.g. reg.example/team/app:cache-cache`);
    expect(engine.callsOf("images.push")).toEqual([]);
    const digest = exportRegistryCache(engine, registry, { ref: `reg.example/team/app@sha256:${"a".repeat(64)}` }, used, c, [], () => undefined, undefined);
    await expect(digest).rejects.toMatchObject({ code: "DFB_CACHE_REFERENCE" });
    await expect(exportRegistryCache(engine, registry, { ref: "Bad Ref" }, used, c, [], () => undefined, undefined)).rejects.toMatchObject({ code: "DFB_CACHE_REFERENCE" });
  });

  test("a registry failure becomes DFB_CACHE_EXPORT with the registry's explanation", async () => {
    const { engine, registry, c, used } = setup();
    registry.failWith = new RegistryError("DFB_REGISTRY_UNAUTHORIZED", "the registry reg.example answered unauthorized: authentication required", { registry: "reg.example" });
    await expect(exportRegistryCache(engine, registry, { ref: REF }, used, c, [], () => undefined, undefined)).rejects.toMatchObject({
      code: "DFB_CACHE_EXPORT",
      message: `--cache-to ${REF}: the registry reg.example answered unauthorized: authentication required`,
    });
  });

  test("the helper tag fits the 128-character limit", () => {
    expect(stepsTag("cache")).toBe("cache-dfbuild-steps");
    expect(stepsTag("t".repeat(120))).toMatch(/^dfbuild-steps-[0-9a-f]{16}$/);
  });
});

describe("--cache-from", () => {
  test("reads the caches, warns about the ones it cannot use, and answers keys: a present image at once, a pulled one only if it is the same image", async () => {
    const { engine, registry, b, c, used } = setup();
    await exportRegistryCache(engine, registry, { ref: REF }, used, c, [], () => undefined, undefined);
    registry.manifests.set("team/plain:1", { mediaType: MEDIA_TYPES.ociManifest, bytes: Buffer.from("{}") });
    const reports: string[] = [];
    const warnings: string[] = [];
    const events = { report: (text: string) => reports.push(text), warn: (text: string) => warnings.push(text) };
    const imports = await RegistryCacheImport.open(engine, registry, [REF, "reg.example/team/missing:1", "reg.example/team/plain:1", "Not A Ref"], events, undefined);
    expect(reports).toEqual([`importing cache from ${REF}: 3 steps`]);
    expect(warnings).toEqual([
      "--cache-from reg.example/team/missing:1: not found in the registry; building without it",
      "--cache-from reg.example/team/plain:1: it is an image, not a dfbuild cache (written by dfbuild build --cache-to); building without it (to use its steps as docker build does, pull it first: docker pull reg.example/team/plain:1)",
      expect.stringMatching(/^--cache-from Not A Ref: cannot read it, building without it: invalid reference "Not A Ref"/),
    ]);

    // Present on the engine: no pull.
    await expect(imports.fetch("k-b")).resolves.toEqual({ image: b, parent: setupParent(used, "k-b") });
    await expect(imports.fetch("k-unknown")).resolves.toBeUndefined();
    expect(engine.callsOf("images.pull")).toEqual([]);

    // Gone from the engine: pulled by digest. The fake engine's pull makes a new image, not C: the
    // cache must not trust it, and says so.
    engine.imageStore.delete(c);
    await expect(imports.fetch("k-c")).resolves.toBeUndefined();
    expect(engine.callsOf("images.pull").map(([reference]) => reference)).toEqual([`reg.example/team/app@${sha256(c)}`]);
    expect(warnings.at(-1)).toBe(`--cache-from ${REF}: reg.example/team/app@${sha256(c)} did not yield the image ${c} the cache names; building the step instead`);
    // Forgotten, with every key of that entry: no second pull.
    await expect(imports.fetch("k-c2")).resolves.toBeUndefined();
    expect(engine.callsOf("images.pull")).toHaveLength(1);
  });
});

function setupParent(used: readonly UsedCacheEntry[], key: string): string | null {
  return used.find((entry) => entry.key === key)?.parent ?? null;
}
