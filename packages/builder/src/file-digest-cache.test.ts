import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, onTestFinished, test, vi } from "vitest";
import { BASE, contextDirectory, engineWithBase, fakeBuild } from "./build-harness.test-helper.js";
import { FileDigestStore, fileDigestsFile, isRacy } from "./file-digest-cache.js";

// Every read of a file's content goes through createReadStream (context.ts, copy.ts, tar.ts): the
// calls say which files a build read.
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return { ...actual, createReadStream: vi.fn(actual.createReadStream) };
});

/** The files of `dir` whose content was read since the last call. */
function readsIn(dir: string): string[] {
  const mocked = vi.mocked(fs.createReadStream);
  const paths = mocked.mock.calls.map(([path]) => String(path)).filter((path) => path.startsWith(`${dir}/`));
  mocked.mockClear();
  return paths.map((path) => path.slice(dir.length + 1)).sort();
}

async function cacheDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "dfbuild-unit-cache-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Files written this instant are racy (file-digest-cache.ts): wait out the timestamp tick. */
const settle = (): Promise<void> => sleep(150);

describe("context files are read only when COPY/ADD name them", () => {
  test("a large file and a directory no COPY names are never read; .dockerignore still applies to what COPY names", async () => {
    const dockerfile = `FROM ${BASE}\nCOPY app.txt /app/\nCOPY src /src\n`;
    const contextDir = await contextDirectory({
      Dockerfile: dockerfile,
      "app.txt": "app\n",
      "src/main.js": "main\n",
      "src/secret.key": "key\n",
      "big/blob.bin": Buffer.alloc(4 * 1024 * 1024, 1),
      "big/more/data.bin": "data\n",
      ".dockerignore": "src/*.key\n",
    });
    const engine = engineWithBase();
    readsIn(contextDir);
    const { image, error } = await fakeBuild(engine, dockerfile, { contextDir, dockerignore: "src/*.key\n" });
    expect(error).toBeUndefined();
    expect(image?.fs.has("/src/secret.key")).toBe(false);
    expect(image?.fs.get("/src/main.js")?.content?.toString()).toBe("main\n");
    // Hashed once and copied once each; big/ not at all (the classic builder's CLI sends it all).
    expect(readsIn(contextDir)).toEqual(["app.txt", "app.txt", "src/main.js", "src/main.js"]);
  });
});

describe("file digests kept across builds", () => {
  test("an unchanged context is not read again: every COPY is a hit from the kept digests", async () => {
    const dockerfile = `FROM ${BASE}\nCOPY a.txt /a.txt\nCOPY tree /tree\n`;
    const contextDir = await contextDirectory({ Dockerfile: dockerfile, "a.txt": "a\n", "tree/x.txt": "x\n", "tree/sub/y.txt": "y\n" });
    const cacheDir = await cacheDirectory();
    const engine = engineWithBase();
    await settle();
    readsIn(contextDir);
    const first = await fakeBuild(engine, dockerfile, { contextDir, cacheDir });
    expect(first.error).toBeUndefined();
    expect(readsIn(contextDir)).toEqual(["a.txt", "a.txt", "tree/sub/y.txt", "tree/sub/y.txt", "tree/x.txt", "tree/x.txt"]);

    const again = await fakeBuild(engine, dockerfile, { contextDir, cacheDir });
    expect(again.result?.imageId).toBe(first.result?.imageId);
    expect(again.events.filter((event) => event.type === "cache-hit")).toHaveLength(2);
    expect(readsIn(contextDir)).toEqual([]);
    // Kept beside the cache index, one line per file.
    const lines = (await readFile(fileDigestsFile(cacheDir, contextDir), "utf8")).trim().split("\n");
    expect(lines.map((line) => (JSON.parse(line) as { p: string }).p).sort()).toEqual(["a.txt", "tree/sub/y.txt", "tree/x.txt"]);
  });

  test("a file rewritten with the same size and its mtime put back (touch -r, git checkout): read again, the COPY misses and names it", async () => {
    const dockerfile = `FROM ${BASE}\nCOPY tree /tree\n`;
    const contextDir = await contextDirectory({ Dockerfile: dockerfile, "tree/x.txt": "one\n", "tree/y.txt": "why\n" });
    const cacheDir = await cacheDirectory();
    const engine = engineWithBase();
    await settle();
    const first = await fakeBuild(engine, dockerfile, { contextDir, cacheDir });
    expect(first.error).toBeUndefined();
    const file = join(contextDir, "tree/x.txt");
    const before = await stat(file, { bigint: true });
    execFileSync("touch", ["-r", file, `${file}.times`]);
    await writeFile(file, "two\n");
    execFileSync("touch", ["-r", `${file}.times`, file]);
    await rm(`${file}.times`);
    expect((await stat(file, { bigint: true })).mtimeNs).toBe(before.mtimeNs);
    readsIn(contextDir);

    const again = await fakeBuild(engine, dockerfile, { contextDir, cacheDir });
    expect(again.image?.fs.get("/tree/x.txt")?.content?.toString()).toBe("two\n");
    const miss = again.events.find((event) => event.type === "cache-miss");
    expect(miss).toMatchObject({ step: 2, reason: { kind: "files", changed: ["tree/x.txt"], sources: ["tree"] }, text: "files changed: tree/x.txt" });
    // Only the changed file is hashed again (then both are copied).
    expect(readsIn(contextDir).filter((path) => path === "tree/x.txt")).toHaveLength(2);
  });

  test("a chmod and back changes ctime only: the file is read again, and the step is still a hit", async () => {
    const dockerfile = `FROM ${BASE}\nCOPY a.txt /a.txt\n`;
    const contextDir = await contextDirectory({ Dockerfile: dockerfile, "a.txt": "a\n" });
    const cacheDir = await cacheDirectory();
    const engine = engineWithBase();
    await settle();
    await fakeBuild(engine, dockerfile, { contextDir, cacheDir });
    await chmod(join(contextDir, "a.txt"), 0o600);
    await chmod(join(contextDir, "a.txt"), 0o644);
    await settle();
    readsIn(contextDir);
    const again = await fakeBuild(engine, dockerfile, { contextDir, cacheDir });
    expect(again.events.filter((event) => event.type === "cache-hit")).toHaveLength(1);
    expect(readsIn(contextDir)).toEqual(["a.txt"]);
  });

  test("a file whose times are not older than its hashing by a tick (racy) is hashed, but its digest is not kept; the next build reads it again", async () => {
    const dockerfile = `FROM ${BASE}\nCOPY a.txt /a.txt\n`;
    const contextDir = await contextDirectory({ Dockerfile: dockerfile });
    const cacheDir = await cacheDirectory();
    const engine = engineWithBase();
    await writeFile(join(contextDir, "a.txt"), "a\n");
    // An mtime ahead of the clock is racy however long the build takes to start (a file written
    // "just before" would be racy only while the build starts within the tick).
    await fs.promises.utimes(join(contextDir, "a.txt"), new Date(), new Date(Date.now() + 60_000));
    await fakeBuild(engine, dockerfile, { contextDir, cacheDir });
    const store = new FileDigestStore(cacheDir, contextDir);
    const stats = await fs.promises.lstat(join(contextDir, "a.txt"), { bigint: true });
    expect(await store.get({ path: "a.txt", size: 2, mode: Number(stats.mode), mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs, ino: stats.ino, dev: stats.dev })).toBeUndefined();
  });

  test("a digest file that cannot be read or written fails no build: every file is hashed, and one warning names the file", async () => {
    const dockerfile = `FROM ${BASE}\nCOPY a.txt /a.txt\n`;
    const contextDir = await contextDirectory({ Dockerfile: dockerfile, "a.txt": "a\n" });
    const cacheDir = await cacheDirectory();
    // A directory where the file should be: reading it fails with EISDIR, and so does appending.
    await fs.promises.mkdir(fileDigestsFile(cacheDir, contextDir), { recursive: true });
    await settle();
    const engine = engineWithBase();
    readsIn(contextDir);
    // Built: read to hash it and to send it. Rebuilt: the step is a hit, but with no digests kept
    // the file is read again to hash it.
    for (const reads of [["a.txt", "a.txt"], ["a.txt"]]) {
      const { error, events, image } = await fakeBuild(engine, dockerfile, { contextDir, cacheDir });
      expect(error).toBeUndefined();
      expect(image?.fs.get("/a.txt")?.content?.toString()).toBe("a\n");
      expect(readsIn(contextDir)).toEqual(reads);
      const warnings = events.flatMap((event) => (event.type === "warning" ? [event.text] : []));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`could not keep the digests of the context's files in ${fileDigestsFile(cacheDir, contextDir)}: EISDIR`);
    }
  });

  test("isRacy: times within one tick of the read are racy; whole-second times (coarse file systems) take two seconds", () => {
    const ms = 1_000_000n;
    const now = 1_700_000_000_500n * ms;
    expect(isRacy({ mtimeNs: now - 50n * ms + 1n, ctimeNs: now - 500n * ms + 1n }, now)).toBe(true);
    expect(isRacy({ mtimeNs: now - 500n * ms + 1n, ctimeNs: now - 50n * ms + 1n }, now)).toBe(true);
    expect(isRacy({ mtimeNs: now - 500n * ms + 1n, ctimeNs: now - 500n * ms + 1n }, now)).toBe(false);
    const second = 1_000_000_000n;
    expect(isRacy({ mtimeNs: 1_699_999_999n * second, ctimeNs: 1_699_999_999n * second }, now)).toBe(true);
    expect(isRacy({ mtimeNs: 1_699_999_998n * second, ctimeNs: 1_699_999_998n * second }, now)).toBe(false);
  });

  test("the store: the last line for a path wins, a torn line is skipped, and a file mostly superseded is rewritten", async () => {
    const cacheDir = await cacheDirectory();
    const identity = { path: "a", size: 1, mode: 0o100644, mtimeNs: 1n, ctimeNs: 2n, ino: 3n, dev: 4n };
    const store = new FileDigestStore(cacheDir, "/ctx");
    for (let i = 0; i < 200; i++) await store.set({ ...identity, mtimeNs: BigInt(i) }, `d${String(i)}`);
    await store.close();
    expect((await readFile(store.file, "utf8")).trim().split("\n")).toHaveLength(1);
    await writeFile(store.file, `${await readFile(store.file, "utf8")}{"v":1,"p":"b","s":`);
    const reread = new FileDigestStore(cacheDir, "/ctx");
    expect(await reread.get({ ...identity, mtimeNs: 199n })).toBe("d199");
    expect(await reread.get({ ...identity, mtimeNs: 198n })).toBeUndefined();
    expect(await reread.get({ ...identity, mtimeNs: 199n, ino: 9n })).toBeUndefined();
  });
});
