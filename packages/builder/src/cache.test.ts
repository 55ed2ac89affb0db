import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, onTestFinished, test, vi } from "vitest";
import { EngineError, type ImageInspect } from "@dfbuild/engine";
import type { BuildEngine } from "./build-engine.js";
import { BASE, contextDirectory, engineWithBase, fakeBuild } from "./build-harness.test-helper.js";
import { BuildCache, type CacheSource, cacheIndexFile, defaultCacheDir, formatCacheRecord, readCacheRecords, stepKey } from "./cache.js";
import type { BuildEvent } from "./events.js";

async function cacheDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dfbuild-unit-cache-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Issue 13's 20-instruction Dockerfile (bench/build.ts's workload b): every kind of step. */
const TWENTY = `FROM ${BASE}
ARG FOO=bar
ENV E1=v1 PATHX=baz
LABEL l1=x "l 2"=y
WORKDIR /w
RUN echo run-$FOO > out.txt && id
COPY a.txt /dst/
COPY sub /dstdir
COPY link.txt /lnk
COPY *.txt /star/
EXPOSE 80 443/udp
VOLUME /data
USER 1000:1000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s CMD true
SHELL ["/bin/sh", "-xc"]
ONBUILD RUN echo trig
ENTRYPOINT ["/bin/echo"]
CMD ["hi"]
`;

describe("a fully cached rebuild", () => {
  test("of the 20-instruction Dockerfile: the same image and tag, every step cached, the whole chain confirmed by its history (10 engine calls)", async () => {
    const engine = engineWithBase();
    const cacheDir = await cacheDirectory();
    const contextDir = await contextDirectory({ Dockerfile: TWENTY, "a.txt": "a\n", "sub/d.txt": "d\n", "link.txt": "l\n" });
    const first = await fakeBuild(engine, TWENTY, { contextDir, cacheDir, tags: ["app:1"] });
    expect(first.error).toBeUndefined();
    engine.calls.length = 0;

    const again = await fakeBuild(engine, TWENTY, { contextDir, cacheDir, tags: ["app:1"] });
    expect(again.result?.imageId).toBe(first.result?.imageId);
    expect(engine.tags.get("app:1")).toBe(first.result?.imageId);
    expect(again.events.filter((event) => event.type === "cache-hit")).toHaveLength(18);
    expect(again.events.filter((event) => event.type === "cache-miss")).toEqual([]);
    expect(engine.calls.map((call) => call.method)).toEqual([
      // Leftovers of killed builds (leftovers.ts).
      "containers.list",
      "volumes.list",
      // The engine's probes, at once.
      "info",
      "version",
      // FROM: the base, once.
      "images.inspect",
      // The 18 steps: the history of the chain's last image, then of the step image the stage's
      // final image stands beside (a sibling: its history passes it by).
      "images.history",
      "images.history",
      // The stage's final config, and the tag.
      "images.inspect",
      "images.tag",
      // The final image's link to the step chain (build.ts `settleFinalImages`).
      "images.inspect",
    ]);
  });

  test("images removed since (`docker image prune` takes a chain from its end): the steps before them are hits, confirmed by history; the first removed one is rebuilt", async () => {
    const engine = engineWithBase();
    const cacheDir = await cacheDirectory();
    const dockerfile = `FROM ${BASE}\nENV A=1\nENV B=2\nENV C=3\n`;
    const contextDir = await contextDirectory({ Dockerfile: dockerfile });
    const first = await fakeBuild(engine, dockerfile, { cacheDir, contextDir });
    const [a, b, c] = stepImages(first.events);
    for (const image of [first.result?.imageId, c]) engine.imageStore.delete(image ?? "");
    engine.calls.length = 0;

    const again = await fakeBuild(engine, dockerfile, { cacheDir, contextDir });
    expect(again.events.filter((event) => event.type === "cache-hit")).toHaveLength(2);
    expect(again.events.find((event) => event.type === "cache-miss")).toMatchObject({ step: 4, reason: { kind: "image-removed" } });
    expect(stepImages(again.events).slice(0, 2)).toEqual([a, b]);
    expect(engine.image(stepImages(again.events)[2] ?? "")?.parent).toBe(b);
    // From the chain's end back: the two removed images (404), then B, whose history has A too.
    const histories = engine.calls.filter((call) => call.method === "images.history").map((call) => call.args[0]);
    expect(histories).toEqual([first.result?.imageId, c, b]);
  });

  test("an index entry whose image is gone, with nothing after it, is a miss", async () => {
    const engine = engineWithBase();
    const cacheDir = await cacheDirectory();
    const dockerfile = `FROM ${BASE}\nENV A=1\n`;
    const contextDir = await contextDirectory({ Dockerfile: dockerfile });
    const first = await fakeBuild(engine, dockerfile, { cacheDir, contextDir });
    for (const image of [first.result?.imageId, ...stepImages(first.events)]) engine.imageStore.delete(image ?? "");
    const again = await fakeBuild(engine, dockerfile, { cacheDir, contextDir });
    expect(again.events.find((event) => event.type === "cache-miss")).toMatchObject({ step: 2, reason: { kind: "image-removed" } });
    expect(again.error).toBeUndefined();
  });
});

/** The image each step after FROM made or found, in order. */
function stepImages(events: readonly BuildEvent[]): string[] {
  return events.flatMap((event) => (event.type === "step-done" && event.step > 1 && event.imageId !== null ? [event.imageId] : []));
}

// The index and its lookups, on their own (the builds above reach them through a fake engine).
const root = await mkdtemp(join(tmpdir(), "dfbuild-cache-unit-"));
afterAll(() => rm(root, { recursive: true, force: true }));
let count = 0;
const freshDir = (): string => join(root, `dir-${String(count++)}`);

/**
 * An engine that has the images named in `present` (name → ID) and answers 404 for any other; an
 * image's history names only itself. `calls` records what the cache asked.
 */
function engineWith(present: Record<string, string>, failure?: Error): BuildEngine & { calls: string[] } {
  const calls: string[] = [];
  const found = (name: string, path: string): Promise<string> => {
    if (failure !== undefined) return Promise.reject(failure);
    const id = present[name];
    if (id === undefined) return Promise.reject(new EngineError({ status: 404, engineMessage: `No such image: ${name}`, method: "GET", path }));
    return Promise.resolve(id);
  };
  const images = {
    inspect: async (name: string): Promise<ImageInspect> => {
      calls.push(`inspect ${name}`);
      return { Id: await found(name, `/images/${name}/json`) } as ImageInspect;
    },
    history: async (name: string): Promise<{ Id: string }[]> => {
      calls.push(`history ${name}`);
      return [{ Id: await found(name, `/images/${name}/history`) }];
    },
  };
  return { images, calls } as unknown as BuildEngine & { calls: string[] };
}

describe("where the cache lives", () => {
  test("$DFBUILD_CACHE_DIR, else $XDG_CACHE_HOME/dfbuild, else $HOME/.cache/dfbuild", () => {
    expect(defaultCacheDir({ DFBUILD_CACHE_DIR: "/c", XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe("/c");
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/x", HOME: "/h" })).toBe("/x/dfbuild");
    expect(defaultCacheDir({ HOME: "/h" })).toBe("/h/.cache/dfbuild");
    // An empty variable counts as unset, as an empty XDG variable would for any XDG program.
    expect(defaultCacheDir({ DFBUILD_CACHE_DIR: "", HOME: "/h" })).toBe("/h/.cache/dfbuild");
  });

  test("one index file per engine, its ID made safe for a file name", () => {
    expect(cacheIndexFile("/c", "ABCD:EF/12_x-y")).toBe("/c/index-ABCD_EF_12_x-y.jsonl");
  });
});

describe("step keys", () => {
  const key = { parent: "sha256:p", command: ["/bin/sh", "-c", "make"], config: { Env: ["A=1"] }, extra: { author: "" } };

  test("the SHA-256 of the versioned JSON of the key: entries written by earlier runs keep matching", () => {
    const expected = createHash("sha256").update(JSON.stringify(["dfbuild-build-cache-v1", key])).digest("hex");
    expect(stepKey(key)).toBe(expected);
  });

  test("every field changes the key", () => {
    const base = stepKey(key);
    expect(stepKey({ ...key, parent: "sha256:q" })).not.toBe(base);
    expect(stepKey({ ...key, command: ["/bin/sh", "-c", "make all"] })).not.toBe(base);
    expect(stepKey({ ...key, config: { Env: ["A=2"] } })).not.toBe(base);
    expect(stepKey({ ...key, extra: { author: "me" } })).not.toBe(base);
  });
});

describe("the index file", () => {
  test("a missing file has no records; a file that cannot be read is an error, not an empty cache", async () => {
    expect(await readCacheRecords(join(root, "missing.jsonl"))).toEqual([]);
    const directory = freshDir();
    await mkdir(directory);
    await expect(readCacheRecords(directory)).rejects.toMatchObject({ code: "EISDIR" });
  });

  test("blank, cut-short and keyless lines are skipped; parent and time default for old lines; final only when true", async () => {
    const file = join(freshDir(), "index.jsonl");
    await mkdir(join(file, ".."), { recursive: true });
    const lines = [
      '{"key":"old","image":"sha256:1"}',
      "   ",
      '{"key":"cut","image":"sha',
      '{"image":"sha256:nokey"}',
      '{"key":"noimage"}',
      '{"key":"numbers","image":7}',
      '{"key":"new","image":"sha256:2","parent":"sha256:0","time":5,"final":true}',
      '{"key":"notfinal","image":"sha256:3","parent":7,"time":"5","final":"yes"}',
      '{"content":"sha256:2\\u0000/a","digest":"d","resolved":"/a","directory":false}',
    ];
    await writeFile(file, `${lines.join("\n")}\n`);
    expect(await readCacheRecords(file)).toEqual([
      { key: "old", image: "sha256:1", parent: null, time: 0 },
      { key: "new", image: "sha256:2", parent: "sha256:0", time: 5, final: true },
      { key: "notfinal", image: "sha256:3", parent: null, time: 0 },
    ]);
  });

  test("a record is one JSON line, `final` written only when set", () => {
    expect(formatCacheRecord({ key: "k", image: "i", parent: null, time: 1 })).toBe('{"key":"k","image":"i","parent":null,"time":1}\n');
    expect(formatCacheRecord({ key: "k", image: "i", parent: "p", time: 1, final: true })).toBe('{"key":"k","image":"i","parent":"p","time":1,"final":true}\n');
    expect(formatCacheRecord({ key: "k", image: "i", parent: "p", time: 1, final: false })).toBe('{"key":"k","image":"i","parent":"p","time":1}\n');
  });
});

describe("BuildCache", () => {
  test("a stored key is a hit while the engine has the image, under the ID the engine reports", async () => {
    const directory = freshDir();
    const engine = engineWith({ "sha256:made": "sha256:made-full" });
    const cache = new BuildCache(engine, directory, "engine-1");
    expect(cache.file).toBe(join(directory, "index-engine-1.jsonl"));
    expect(await cache.lookup("k1")).toBeUndefined();
    expect(engine.calls).toEqual([]);
    await cache.store("k1", "sha256:made", "sha256:parent");
    // The build that made the image knows it is there.
    expect(await cache.lookup("k1")).toBe("sha256:made");
    expect(engine.calls).toEqual([]);
    // Another build (a new BuildCache) reads what this one wrote, and asks the engine.
    const again = new BuildCache(engine, directory, "engine-1");
    expect(await again.lookup("k1")).toBe("sha256:made-full");
    expect(again.used()).toEqual([{ key: "k1", image: "sha256:made-full", parent: "sha256:parent" }]);
    // Another engine's index is another file.
    expect(await new BuildCache(engine, directory, "engine-2").lookup("k1")).toBeUndefined();
  });

  test("an image the engine no longer has is a miss, and the next cache source is asked", async () => {
    const directory = freshDir();
    const engine = engineWith({});
    const fetched: string[] = [];
    const source: CacheSource = {
      fetch: (key) => {
        fetched.push(key);
        return Promise.resolve(key === "k1" ? { image: "sha256:remote", parent: "sha256:rp" } : undefined);
      },
    };
    await new BuildCache(engine, directory, "e").store("k1", "sha256:deleted", null);
    const cache = new BuildCache(engine, directory, "e", [source]);
    expect(await cache.lookup("k1")).toBe("sha256:remote");
    expect(await cache.lookup("k2")).toBeUndefined();
    expect(fetched).toEqual(["k1", "k2"]);
    // What a source answered is recorded in the index, as a step this engine made would be.
    const records = await readCacheRecords(cache.file);
    expect(records.at(-1)).toMatchObject({ key: "k1", image: "sha256:remote", parent: "sha256:rp" });
    expect(cache.used()).toEqual([{ key: "k1", image: "sha256:remote", parent: "sha256:rp" }]);
  });

  test("an engine error other than 404 is thrown, not taken for a miss", async () => {
    const directory = freshDir();
    await new BuildCache(engineWith({}), directory, "e").store("k", "sha256:i", null);
    const broken = new EngineError({ status: 500, engineMessage: "boom", method: "GET", path: "/images/sha256:i/json" });
    await expect(new BuildCache(engineWith({}, broken), directory, "e").lookup("k")).rejects.toBe(broken);
    await expect(new BuildCache(engineWith({}, new Error("socket")), directory, "e").lookup("k")).rejects.toThrow("socket");
  });

  test("a hit rewrites the entry's time only when it is more than an hour old (prune's --filter until reads it)", async () => {
    const directory = freshDir();
    const engine = engineWith({ "sha256:i": "sha256:i" });
    const file = cacheIndexFile(directory, "e");
    await mkdir(directory, { recursive: true });
    const now = Date.now();
    await writeFile(
      file,
      formatCacheRecord({ key: "fresh", image: "sha256:i", parent: null, time: now - 59 * 60 * 1000 }) +
        formatCacheRecord({ key: "stale", image: "sha256:i", parent: "sha256:p", time: now - 61 * 60 * 1000 }),
    );
    const cache = new BuildCache(engine, directory, "e");
    expect(await cache.lookup("fresh")).toBe("sha256:i");
    expect((await readCacheRecords(file)).length).toBe(2);
    expect(await cache.lookup("stale")).toBe("sha256:i");
    const records = await readCacheRecords(file);
    expect(records.length).toBe(3);
    expect(records[2]).toMatchObject({ key: "stale", image: "sha256:i", parent: "sha256:p" });
    expect(records[2]?.time).toBeGreaterThanOrEqual(now);
  });

  test("a final image stands in for the step in the index, but is not what --cache-to exports", async () => {
    const directory = freshDir();
    const cache = new BuildCache(engineWith({}), directory, "e");
    await cache.store("k", "sha256:final", "sha256:p", { final: true });
    await cache.store("j", "sha256:step", "sha256:p", { final: false });
    expect(cache.used()).toEqual([{ key: "j", image: "sha256:step", parent: "sha256:p" }]);
    expect(await cache.isFinal("k")).toBe(true);
    expect(await cache.isFinal("j")).toBe(false);
    expect(await cache.isFinal("unknown")).toBe(false);
    expect(await new BuildCache(engineWith({}), directory, "e").isFinal("k")).toBe(true);
  });

  test("an entry exactly an hour old is not rewritten; a millisecond older is", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: 1_000_000_000_000 });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const hour = 60 * 60 * 1000;
    const directory = await indexOf([
      { key: "hour", image: "sha256:i", parent: null, time: Date.now() - hour },
      { key: "older", image: "sha256:i", parent: null, time: Date.now() - hour - 1 },
    ]);
    const cache = new BuildCache(engineWith({ "sha256:i": "sha256:i" }), directory, "e");
    expect(await cache.lookup("hour")).toBe("sha256:i");
    expect(await cache.lookup("older")).toBe("sha256:i");
    expect((await readCacheRecords(cache.file)).slice(2)).toEqual([{ key: "older", image: "sha256:i", parent: null, time: Date.now() }]);
  });

  test("stored times are the time of the store", async () => {
    const directory = freshDir();
    const cache = new BuildCache(engineWith({}), directory, "e");
    const before = Date.now();
    await cache.store("k", "sha256:i", null);
    const [record] = await readCacheRecords(cache.file);
    expect(record?.time).toBeGreaterThanOrEqual(before);
    expect(record?.time).toBeLessThanOrEqual(Date.now());
  });

  test("path contents are kept beside the steps, read back by another build, and skipped by the step reader", async () => {
    const directory = freshDir();
    const cache = new BuildCache(engineWith({}), directory, "e");
    expect(await cache.content("sha256:i", "/a")).toBeUndefined();
    await cache.storeContent("sha256:i", "/a", { digest: "sha256:d", resolved: "/real/a", directory: true });
    await cache.storeContent("sha256:i", "/b", { digest: "sha256:e", resolved: "/b", directory: false });
    expect(await cache.content("sha256:i", "/a")).toEqual({ digest: "sha256:d", resolved: "/real/a", directory: true });
    await cache.store("k", "sha256:i", null);
    const text = await readFile(cache.file, "utf8");
    await writeFile(cache.file, `${text}{"content":"cut\n{"content":7,"digest":"x","resolved":"/x"}\n{"content":"sha256:i\\u0000/c","digest":"x"}\n`);
    const again = new BuildCache(engineWith({}), directory, "e");
    expect(await again.content("sha256:i", "/a")).toEqual({ digest: "sha256:d", resolved: "/real/a", directory: true });
    expect(await again.content("sha256:i", "/b")).toEqual({ digest: "sha256:e", resolved: "/b", directory: false });
    expect(await again.content("sha256:i", "/c")).toBeUndefined();
    expect(await again.content("sha256:j", "/a")).toBeUndefined();
    expect((await readCacheRecords(again.file)).map((record) => record.key)).toEqual(["k"]);
  });

  test("reading contents from an index that cannot be read is an error", async () => {
    const directory = freshDir();
    const cache = new BuildCache(engineWith({}), directory, "e");
    await mkdir(cache.file, { recursive: true });
    await expect(cache.content("sha256:i", "/a")).rejects.toMatchObject({ code: "EISDIR" });
  });
});

/**
 * An engine holding the images of `histories` (ID → the IDs its history names, newest first, as
 * `GET /images/{id}/history` lists them: `<missing>` past the images the store no longer has); any
 * other image is a 404. `inspectFailure`, when given, is what inspecting any image throws.
 */
function engineWithHistories(histories: Record<string, string[]>, inspectFailure?: Error): BuildEngine & { calls: string[]; signals: (AbortSignal | undefined)[] } {
  const calls: string[] = [];
  const signals: (AbortSignal | undefined)[] = [];
  const missing = (name: string, path: string): EngineError => new EngineError({ status: 404, engineMessage: `No such image: ${name}`, method: "GET", path });
  const images = {
    inspect: (name: string, options?: { signal?: AbortSignal }): Promise<ImageInspect> => {
      calls.push(`inspect ${name}`);
      signals.push(options?.signal);
      if (inspectFailure !== undefined) return Promise.reject(inspectFailure);
      return histories[name] === undefined ? Promise.reject(missing(name, `/images/${name}/json`)) : Promise.resolve({ Id: name } as ImageInspect);
    },
    history: (name: string, options?: { signal?: AbortSignal }): Promise<{ Id: string }[]> => {
      calls.push(`history ${name}`);
      signals.push(options?.signal);
      const ids = histories[name];
      return ids === undefined ? Promise.reject(missing(name, `/images/${name}/history`)) : Promise.resolve(ids.map((Id) => ({ Id })));
    },
  };
  return { images, calls, signals } as unknown as BuildEngine & { calls: string[]; signals: (AbortSignal | undefined)[] };
}

/** Writes an index of `records` (one line each, in order) for engine `e` in a fresh directory. */
async function indexOf(records: { key: string; image: string; parent: string | null; time: number }[]): Promise<string> {
  const directory = freshDir();
  await mkdir(directory, { recursive: true });
  await writeFile(cacheIndexFile(directory, "e"), records.map((record) => formatCacheRecord(record)).join(""));
  return directory;
}

describe("confirming hits: one history for a chain", () => {
  // P → A → B → C, each step recorded on the image before it (times in the future: no rewrite).
  const later = Date.now() + 3_600_000;
  const chain = [
    { key: "kA", image: "sha256:A", parent: "sha256:P", time: later },
    { key: "kB", image: "sha256:B", parent: "sha256:A", time: later },
    { key: "kC", image: "sha256:C", parent: "sha256:B", time: later },
  ];

  test("the history of the chain's last image confirms every step of it: one engine call for three hits", async () => {
    const engine = engineWithHistories({ "sha256:C": ["sha256:C", "sha256:B", "sha256:A", "<missing>"] });
    const cache = new BuildCache(engine, await indexOf(chain), "e");
    expect(await cache.lookup("kA")).toBe("sha256:A");
    expect(await cache.lookup("kB")).toBe("sha256:B");
    expect(await cache.lookup("kC")).toBe("sha256:C");
    expect(engine.calls).toEqual(["history sha256:C"]);
  });

  test("a chain whose end was removed is confirmed by the image before it: the removed one is asked once, and is a miss", async () => {
    const engine = engineWithHistories({ "sha256:B": ["sha256:B", "sha256:A", "<missing>"] });
    const cache = new BuildCache(engine, await indexOf(chain), "e");
    expect(await cache.lookup("kA")).toBe("sha256:A");
    expect(await cache.lookup("kB")).toBe("sha256:B");
    expect(await cache.lookup("kC")).toBeUndefined();
    expect(engine.calls).toEqual(["history sha256:C", "history sha256:B"]);
  });

  test("a removed image with nothing recorded after it is a miss after its own history's 404, with no inspect", async () => {
    const engine = engineWithHistories({});
    const directory = await indexOf([{ key: "k", image: "sha256:gone", parent: "sha256:P", time: later }]);
    const cache = new BuildCache(engine, directory, "e");
    expect(await cache.lookup("k")).toBeUndefined();
    expect(engine.calls).toEqual(["history sha256:gone"]);
    // Known gone for the rest of the build: not asked again.
    expect(await cache.lookup("k")).toBeUndefined();
    expect(engine.calls).toEqual(["history sha256:gone"]);
  });

  test("when no history names the image (an engine whose history lists no parents), the hit is confirmed by inspecting it", async () => {
    const engine = engineWithHistories({ "sha256:A": ["sha256:A"], "sha256:B": ["sha256:B"], "sha256:C": ["sha256:C"] });
    const cache = new BuildCache(engine, await indexOf(chain), "e");
    expect(await cache.lookup("kA")).toBe("sha256:A");
    // The last three of the chain, from its end, then the image itself.
    expect(engine.calls).toEqual(["history sha256:C", "history sha256:B", "history sha256:A"]);
  });

  test("only the last three images of a long chain are asked, from its end; then the hit is inspected", async () => {
    const long = [...chain, { key: "kD", image: "sha256:D", parent: "sha256:C", time: later }];
    const engine = engineWithHistories({ "sha256:A": [], "sha256:B": [], "sha256:C": [], "sha256:D": [] });
    const cache = new BuildCache(engine, await indexOf(long), "e");
    expect(await cache.lookup("kA")).toBe("sha256:A");
    expect(engine.calls).toEqual(["history sha256:D", "history sha256:C", "history sha256:B", "inspect sha256:A"]);
    // Each history is asked once a build: the next hit on the chain is only inspected.
    expect(await cache.lookup("kB")).toBe("sha256:B");
    expect(engine.calls.slice(4)).toEqual(["inspect sha256:B"]);
  });

  test("an image that none of those histories names and the engine no longer has is a miss", async () => {
    const long = [...chain, { key: "kD", image: "sha256:D", parent: "sha256:C", time: later }];
    const engine = engineWithHistories({ "sha256:B": ["sha256:B", "<missing>"], "sha256:C": ["sha256:C", "sha256:B", "<missing>"], "sha256:D": ["sha256:D", "sha256:C", "sha256:B", "<missing>"] });
    const cache = new BuildCache(engine, await indexOf(long), "e");
    expect(await cache.lookup("kA")).toBeUndefined();
    expect(engine.calls).toEqual(["history sha256:D", "history sha256:C", "history sha256:B", "inspect sha256:A"]);
    expect(await cache.lookup("kB")).toBe("sha256:B");
  });

  test("the build's abort signal goes with every engine call", async () => {
    const long = [...chain, { key: "kD", image: "sha256:D", parent: "sha256:C", time: later }];
    const engine = engineWithHistories({ "sha256:A": [], "sha256:B": [], "sha256:C": [], "sha256:D": [] });
    const { signal } = new AbortController();
    expect(await new BuildCache(engine, await indexOf(long), "e").lookup("kA", signal)).toBe("sha256:A");
    expect(engine.signals).toHaveLength(4);
    for (const each of engine.signals) expect(each).toBe(signal);
  });

  test("an inspect that fails other than with a 404 is thrown, not taken for a miss", async () => {
    const broken = new EngineError({ status: 500, engineMessage: "boom", method: "GET", path: "/images/sha256:A/json" });
    const engine = engineWithHistories({ "sha256:A": ["<missing>"] }, broken);
    const directory = await indexOf([{ key: "kA", image: "sha256:A", parent: null, time: later }]);
    await expect(new BuildCache(engine, directory, "e").lookup("kA")).rejects.toBe(broken);
    expect(engine.calls).toEqual(["history sha256:A", "inspect sha256:A"]);
  });

  test("at a fork the chain follows the step recorded most recently, the later line when two have the same time", async () => {
    const fork = (timeB: number, timeC: number) => [
      { key: "kA", image: "sha256:A", parent: "sha256:P", time: later },
      { key: "kB", image: "sha256:B", parent: "sha256:A", time: timeB },
      { key: "kC", image: "sha256:C", parent: "sha256:A", time: timeC },
    ];
    const histories = { "sha256:B": ["sha256:B", "sha256:A"], "sha256:C": ["sha256:C", "sha256:A"] };
    for (const [timeB, timeC, last] of [
      [later + 1, later, "sha256:B"],
      [later, later + 1, "sha256:C"],
      [later, later, "sha256:C"],
    ] as const) {
      const engine = engineWithHistories(histories);
      expect(await new BuildCache(engine, await indexOf(fork(timeB, timeC)), "e").lookup("kA")).toBe("sha256:A");
      expect(engine.calls, `B at ${String(timeB - later)}, C at ${String(timeC - later)}`).toEqual([`history ${last}`]);
    }
  });

  test("a step whose image is known gone is no way forward: the chain takes the other branch of the fork", async () => {
    const engine = engineWithHistories({ "sha256:C": ["sha256:C", "sha256:A"], "sha256:A": ["sha256:A"] });
    const directory = await indexOf([
      { key: "kA", image: "sha256:A", parent: "sha256:P", time: later },
      { key: "kC", image: "sha256:C", parent: "sha256:A", time: later },
      { key: "kB", image: "sha256:B", parent: "sha256:A", time: later + 1 },
    ]);
    const cache = new BuildCache(engine, directory, "e");
    expect(await cache.lookup("kB")).toBeUndefined();
    expect(await cache.lookup("kA")).toBe("sha256:A");
    expect(engine.calls).toEqual(["history sha256:B", "history sha256:C"]);
  });

  test("an image this build stored is there again, even after the engine said it was gone", async () => {
    const engine = engineWithHistories({ "sha256:C": ["sha256:C", "sha256:B", "sha256:A"] });
    const directory = await indexOf([
      { key: "kA", image: "sha256:A", parent: "sha256:P", time: later },
      { key: "kB", image: "sha256:B", parent: "sha256:A", time: later },
    ]);
    const cache = new BuildCache(engine, directory, "e");
    expect(await cache.lookup("kB")).toBeUndefined();
    expect(engine.calls).toEqual(["history sha256:B"]);
    // The step is made again, to the same (content-addressed) image, and one after it.
    await cache.store("kB", "sha256:B", "sha256:A");
    await cache.store("kC", "sha256:C", "sha256:B");
    engine.calls.length = 0;
    const again = new BuildCache(engine, directory, "e");
    expect(await again.lookup("kA")).toBe("sha256:A");
    expect(engine.calls).toEqual(["history sha256:C"]);
    // In the build that stored it, B is no longer skipped on the way to C.
    expect(await cache.lookup("kA")).toBe("sha256:A");
    expect(engine.calls).toEqual(["history sha256:C", "history sha256:C"]);
  });

  test("an index whose steps lead in a circle ends the chain where it comes back", async () => {
    const engine = engineWithHistories({ "sha256:A": ["sha256:A"], "sha256:B": ["sha256:B", "sha256:A"] });
    const directory = await indexOf([
      { key: "kA", image: "sha256:A", parent: "sha256:B", time: later },
      { key: "kB", image: "sha256:B", parent: "sha256:A", time: later },
    ]);
    expect(await new BuildCache(engine, directory, "e").lookup("kA")).toBe("sha256:A");
    expect(engine.calls).toEqual(["history sha256:B"]);
  });
});

describe("cache sources and claims", () => {
  test("on a local miss the sources are asked in order until one has the key; none is asked on a hit", async () => {
    const asked: string[] = [];
    const source = (name: string, has: boolean): CacheSource => ({
      fetch: (key) => {
        asked.push(`${name} ${key}`);
        return Promise.resolve(has ? { image: `sha256:${name}`, parent: null } : undefined);
      },
    });
    const cache = new BuildCache(engineWith({}), freshDir(), "e", [source("none", false), source("second", true), source("third", true)]);
    expect(await cache.lookup("k")).toBe("sha256:second");
    expect(asked).toEqual(["none k", "second k"]);
    expect(await cache.lookup("k")).toBe("sha256:second");
    expect(asked).toEqual(["none k", "second k"]);
  });

  test("a claimed key is taken by one caller at a time, in turn; another key is free meanwhile", async () => {
    const cache = new BuildCache(engineWith({}), freshDir(), "e");
    const order: string[] = [];
    const first = await cache.claim("k");
    const other = await cache.claim("j");
    const take = (name: string): Promise<() => void> =>
      cache.claim("k").then((release) => {
        order.push(name);
        return release;
      });
    const second = take("second");
    const third = take("third");
    // Let every pending callback run: neither waiter has the key while the first holds it.
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    first();
    const next = await Promise.race([second, third]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toHaveLength(1);
    next();
    const last = await (order[0] === "second" ? third : second);
    expect(order.sort()).toEqual(["second", "third"]);
    last();
    other();
    // Released by all: taken again at once.
    (await cache.claim("k"))();
  });
});
