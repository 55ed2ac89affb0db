import type * as fsPromises from "node:fs/promises";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, onTestFinished, test, vi } from "vitest";
import { JsonLinesStore } from "./json-lines-store.js";

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dfbuild-jsonl-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Observes the store's rename: called with (from, to) just before the real one runs. */
let beforeRename: ((from: string, to: string) => Promise<void>) | undefined;

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      await beforeRename?.(from, to);
      return actual.rename(from, to);
    },
  };
});

afterEach(() => {
  beforeRename = undefined;
});

interface Row {
  v: 1;
  k: string;
  n: number;
}

const isRow = (value: unknown): value is Row => {
  const row = value as Partial<Row> | null;
  return typeof row === "object" && row !== null && row.v === 1 && typeof row.k === "string" && typeof row.n === "number";
};

function storeIn(dir: string): JsonLinesStore<Row> {
  return new JsonLinesStore<Row>(join(dir, "store", "rows.jsonl"), { isLine: isRow, keyOf: (row) => row.k });
}

const line = (row: object): string => `${JSON.stringify(row)}\n`;

describe("JsonLinesStore", () => {
  test("load: later lines win, lines the guard rejects and a last line cut short are skipped but counted", async () => {
    const dir = await tempDir();
    const store = storeIn(dir);
    await mkdir(join(dir, "store"));
    await writeFile(
      store.file,
      line({ v: 1, k: "a", n: 1 }) + line({ v: 1, k: "b", n: 2 }) + line({ v: 2, k: "c", n: 3 }) + line({ v: 1, k: "a", n: 4 }) + '{"v":1,"k":"d","n":',
    );
    const entries = await store.entries();
    expect([...entries]).toEqual([
      ["b", { v: 1, k: "b", n: 2 }],
      ["a", { v: 1, k: "a", n: 4 }],
    ]);
    expect(store.lineCount).toBe(5);
    expect(store.failure).toBeUndefined();
  });

  test("a missing file is an empty store, not a failure; record and flush create it, in order", async () => {
    const dir = await tempDir();
    const store = storeIn(dir);
    expect(store.loaded).toBe(false);
    expect((await store.entries()).size).toBe(0);
    await store.record({ v: 1, k: "a", n: 1 });
    await store.record({ v: 1, k: "b", n: 2 });
    expect(store.pendingCount).toBe(2);
    await store.flush();
    await store.record({ v: 1, k: "a", n: 3 });
    await store.flush();
    expect(await readFile(store.file, "utf8")).toBe(line({ v: 1, k: "a", n: 1 }) + line({ v: 1, k: "b", n: 2 }) + line({ v: 1, k: "a", n: 3 }));
    expect(store.lineCount).toBe(3);
    expect([...(await store.entries()).keys()]).toEqual(["b", "a"]);
    // A second store reads what the first wrote.
    expect(Object.fromEntries(await storeIn(dir).entries())).toEqual({ a: { v: 1, k: "a", n: 3 }, b: { v: 1, k: "b", n: 2 } });
  });

  test("an append failure is sticky: the store stops writing even once the cause is gone", async () => {
    const dir = await tempDir();
    const store = storeIn(dir);
    // A file where the store's directory should be: mkdir and appendFile fail.
    await writeFile(join(dir, "store"), "");
    await store.record({ v: 1, k: "a", n: 1 });
    await expect(store.flush()).resolves.toBeUndefined();
    expect(store.failure).toBeInstanceOf(Error);
    const failure = store.failure;
    await rm(join(dir, "store"));
    await store.record({ v: 1, k: "b", n: 2 });
    expect(store.pendingCount).toBe(0);
    await store.flush();
    expect(store.failure).toBe(failure);
    await expect(readdir(dir)).resolves.toEqual([]);
    // The lines recorded are still live in memory.
    expect([...(await store.entries()).keys()]).toEqual(["a", "b"]);
  });

  test("a read failure other than a missing file is sticky too", async () => {
    const dir = await tempDir();
    const store = storeIn(dir);
    await mkdir(store.file, { recursive: true });
    expect((await store.entries()).size).toBe(0);
    expect((store.failure as NodeJS.ErrnoException).code).toBe("EISDIR");
    await store.record({ v: 1, k: "a", n: 1 });
    expect(store.pendingCount).toBe(0);
  });

  test("rewrite is atomic: the whole new content is in a temporary file beside it when it is renamed over the old one", async () => {
    const dir = await tempDir();
    const store = storeIn(dir);
    for (let n = 0; n < 5; n++) await store.record({ v: 1, k: "a", n });
    await store.flush();
    const old = await readFile(store.file, "utf8");
    let seen: { from: string; to: string; fromText: string; toText: string } | undefined;
    beforeRename = async (from, to) => {
      seen = { from, to, fromText: await readFile(from, "utf8"), toText: await readFile(to, "utf8") };
    };
    await store.rewrite([...(await store.entries()).values()]);
    expect(seen?.to).toBe(store.file);
    expect(seen?.from.startsWith(`${store.file}.`)).toBe(true);
    expect(seen?.toText).toBe(old);
    expect(seen?.fromText).toBe(line({ v: 1, k: "a", n: 4 }));
    expect(await readFile(store.file, "utf8")).toBe(line({ v: 1, k: "a", n: 4 }));
    expect(store.lineCount).toBe(1);
    expect(await readdir(join(dir, "store"))).toEqual(["rows.jsonl"]);
  });

  test("closeKeepingNewest: past `max` lines (superseded ones count), only the newest `max` live lines stay", async () => {
    const dir = await tempDir();
    const store = storeIn(dir);
    for (const [k, n] of [["a", 1], ["b", 2], ["a", 3]] as const) await store.record({ v: 1, k, n });
    await store.closeKeepingNewest(3);
    expect(await readFile(store.file, "utf8")).toBe(line({ v: 1, k: "a", n: 1 }) + line({ v: 1, k: "b", n: 2 }) + line({ v: 1, k: "a", n: 3 }));
    await store.record({ v: 1, k: "c", n: 4 });
    await store.closeKeepingNewest(2);
    expect(await readFile(store.file, "utf8")).toBe(line({ v: 1, k: "a", n: 3 }) + line({ v: 1, k: "c", n: 4 }));
    expect(store.lineCount).toBe(2);
  });

  test("a rewrite that fails leaves the old file whole and no temporary file, and rejects", async () => {
    const dir = await tempDir();
    const store = storeIn(dir);
    await store.record({ v: 1, k: "a", n: 1 });
    await store.record({ v: 1, k: "b", n: 2 });
    await store.flush();
    const old = await readFile(store.file, "utf8");
    beforeRename = () => Promise.reject(Object.assign(new Error("EXDEV: cross-device link"), { code: "EXDEV" }));
    await expect(store.rewrite([{ v: 1, k: "b", n: 2 }])).rejects.toThrow("EXDEV");
    expect(await readFile(store.file, "utf8")).toBe(old);
    expect(await readdir(join(dir, "store"))).toEqual(["rows.jsonl"]);
    expect(store.lineCount).toBe(2);
  });
});
