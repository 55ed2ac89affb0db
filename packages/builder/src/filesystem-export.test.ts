import { lstat, mkdtemp, readFile, readlink, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as tar from "tar-stream";
import { afterEach, describe, expect, test } from "vitest";
import { exportFilesystem, FilesystemExportError, normalizeName, type SavingEngine } from "./filesystem-export.js";
import { bytesOf } from "./tar.js";

/** Every member of a tar: its header fields and its content as text. */
async function tarMembers(archive: Buffer): Promise<Map<string, { type: string; mode: number; uid: number; linkname: string | null; content: string }>> {
  const extract = tar.extract();
  const members = new Map<string, { type: string; mode: number; uid: number; linkname: string | null; content: string }>();
  const reading = pipeline(Readable.from([archive]), extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const { name, type, mode, uid, linkname } = entry.header;
    members.set(name, { type, mode, uid, linkname, content: Buffer.concat(chunks).toString() });
  }
  await reading;
  return members;
}

interface LayerEntry {
  name: string;
  content?: string;
  type?: "directory" | "symlink" | "link" | "character-device";
  linkname?: string;
  mode?: number;
  uid?: number;
}

async function tarOf(entries: readonly LayerEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    const type: tar.Header["type"] = entry.type ?? "file";
    const header: Partial<tar.Header> & { name: string } = {
      name: entry.name,
      type,
      linkname: entry.linkname,
      mode: entry.mode ?? (type === "directory" ? 0o755 : 0o644),
      uid: entry.uid ?? 0,
      gid: 0,
      mtime: new Date(1_700_000_000_000),
    };
    if (type === "file") pack.entry(header, entry.content ?? "");
    else pack.entry(header);
  }
  pack.finalize();
  const chunks: Uint8Array[] = [];
  for await (const chunk of bytesOf(pack)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * An engine whose `docker save` is a docker-archive of the given layers, listed in order, stored out
 * of order. A layer identical to an earlier one is saved as a symlink to it, as the engine does.
 */
async function savingEngine(layers: readonly (readonly LayerEntry[])[]): Promise<SavingEngine> {
  const outer: { name: string; content: Buffer; linkname?: string }[] = [];
  const names = layers.map((_, index) => `layer${String(layers.length - index)}/layer.tar`);
  const saved: { name: string; content: Buffer }[] = [];
  for (const [index, layer] of layers.entries()) {
    const name = names[index] ?? "";
    const content = await tarOf(layer);
    const same = saved.find((earlier) => earlier.content.equals(content));
    outer.push(same === undefined ? { name, content } : { name, content: Buffer.alloc(0), linkname: `../${same.name}` });
    if (same === undefined) saved.push({ name, content });
  }
  outer.reverse();
  outer.push({ name: "config.json", content: Buffer.from("{}") });
  outer.push({ name: "manifest.json", content: Buffer.from(JSON.stringify([{ Config: "config.json", RepoTags: null, Layers: names }])) });
  return {
    images: {
      save: () => {
        const pack = tar.pack();
        for (const file of outer) {
          if (file.linkname === undefined) pack.entry({ name: file.name }, file.content);
          else pack.entry({ name: file.name, type: "symlink", linkname: file.linkname });
        }
        pack.finalize();
        return Promise.resolve(Readable.from(bytesOf(pack)));
      },
    },
  };
}

// Three layers exercising what the merge must get right: whiteouts, an opaque directory, a file
// replaced by a directory, a hard link whose target a later layer replaced.
const LAYERS: LayerEntry[][] = [
  [
    { name: "a/", type: "directory" },
    { name: "a/x", content: "x1" },
    { name: "a/y", content: "y" },
    { name: "d/", type: "directory" },
    { name: "d/old", content: "old" },
    { name: "keep", content: "k" },
    { name: "t", content: "target-old" },
    { name: "h", type: "link", linkname: "t" },
    { name: "u", content: "u" },
    { name: "v", type: "link", linkname: "u" },
    { name: "dev/null", type: "character-device", mode: 0o666 },
  ],
  [
    { name: "a/", type: "directory", mode: 0o700 },
    { name: "a/.wh.y" },
    { name: "a/x", content: "x2" },
    { name: "d/", type: "directory" },
    { name: "d/.wh..wh..opq" },
    { name: "d/new", content: "new" },
    { name: "t", content: "target-new" },
  ],
  [
    { name: "./keep/", type: "directory" },
    { name: "./keep/inside", content: "in", mode: 0o4755, uid: 1000 },
    { name: "s", type: "symlink", linkname: "keep/inside" },
  ],
];

describe("exportFilesystem", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), "dfbuild-export-test-"));
    dirs.push(dir);
    return dir;
  };

  test("type=tar: the layers merged, whiteouts and opaque directories applied, owners and modes kept", async () => {
    const dir = await tempDir();
    const dest = join(dir, "fs.tar");
    await exportFilesystem(await savingEngine(LAYERS), "sha256:x", { type: "tar", dest });
    const byPath = await tarMembers(await readFile(dest));
    // dev/ has no entry of its own in the layers, so none in the export either (as BuildKit's walk of the merged tree would have one only if a layer made it).
    expect([...byPath.keys()].sort()).toEqual(["a/", "a/x", "d/", "d/new", "dev/null", "h", "keep/", "keep/inside", "s", "t", "u", "v"].sort());
    const text = (path: string): string => byPath.get(path)?.content ?? "";
    expect(text("a/x")).toBe("x2");
    expect(text("t")).toBe("target-new");
    // h was a link to the old t: it keeps the old content, as a file of its own.
    expect(byPath.get("h")?.type).toBe("file");
    expect(text("h")).toBe("target-old");
    // v's target is still on top: it stays a hard link.
    expect(byPath.get("v")).toMatchObject({ type: "link", linkname: "u" });
    expect(byPath.get("a/")?.mode).toBe(0o700);
    expect(byPath.get("keep/")?.type).toBe("directory");
    expect(byPath.get("keep/inside")).toMatchObject({ mode: 0o4755, uid: 1000 });
    expect(byPath.get("s")).toMatchObject({ type: "symlink", linkname: "keep/inside" });
    expect(byPath.get("dev/null")?.type).toBe("character-device");
  });

  test("type=local: the same tree on disk, merged into what is there, device files skipped with a warning", async () => {
    const dest = join(await tempDir(), "out");
    const warnings: string[] = [];
    await exportFilesystem(await savingEngine([...LAYERS, [{ name: "late/file", content: "implicit parent" }]]), "sha256:x", { type: "local", dest }, { warn: (text) => warnings.push(text) });
    expect(await readFile(join(dest, "a/x"), "utf8")).toBe("x2");
    await expect(lstat(join(dest, "a/y"))).rejects.toThrow(/ENOENT/);
    await expect(lstat(join(dest, "d/old"))).rejects.toThrow(/ENOENT/);
    expect(await readFile(join(dest, "d/new"), "utf8")).toBe("new");
    expect(await readFile(join(dest, "h"), "utf8")).toBe("target-old");
    expect(await readFile(join(dest, "t"), "utf8")).toBe("target-new");
    expect((await stat(join(dest, "v"))).ino).toBe((await stat(join(dest, "u"))).ino);
    expect(await readlink(join(dest, "s"))).toBe("keep/inside");
    expect((await stat(join(dest, "keep/inside"))).mode & 0o7777).toBe(0o4755);
    expect((await stat(join(dest, "a"))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dest, "a/x"))).mtimeMs).toBe(1_700_000_000_000);
    expect(await readFile(join(dest, "late/file"), "utf8")).toBe("implicit parent");
    expect(warnings).toEqual(["--output type=local: 1 device file(s) or FIFO(s) not written (dev/null); use type=tar to keep them"]);

    // A second export merges: files already there and not in the image stay; a directory in the
    // way of a file is replaced.
    await writeFile(join(dest, "mine"), "mine");
    await rm(join(dest, "t"));
    await exportFilesystem(await savingEngine([[{ name: "t/", type: "directory" }, { name: "t/z", content: "z" }], [{ name: "t", content: "file again" }]]), "sha256:y", {
      type: "local",
      dest,
    });
    expect(await readFile(join(dest, "mine"), "utf8")).toBe("mine");
    expect(await readFile(join(dest, "t"), "utf8")).toBe("file again");
  });

  test("an image holding the same layer twice, saved once and linked, exports with both applied", async () => {
    const dest = join(await tempDir(), "fs.tar");
    const same = [{ name: "f", content: "first" }];
    await exportFilesystem(await savingEngine([same, [{ name: "f", content: "second" }], same]), "sha256:x", { type: "tar", dest });
    expect((await tarMembers(await readFile(dest))).get("f")?.content).toBe("first");
  });

  test("type=local never writes through a symbolic link", async () => {
    const dest = join(await tempDir(), "out");
    const outside = await tempDir();
    const engine = await savingEngine([[{ name: "escape", type: "symlink", linkname: outside }], [{ name: "escape/pwned", content: "x" }]]);
    const failure = exportFilesystem(engine, "sha256:x", { type: "local", dest });
    await expect(failure).rejects.toBeInstanceOf(FilesystemExportError);
    await expect(failure).rejects.toThrow(`${join(dest, "escape")} is a symbolic link; refusing to write escape/pwned through it`);
    await expect(lstat(join(outside, "pwned"))).rejects.toThrow(/ENOENT/);
  });

  test("a layer entry climbing out of the root is refused", async () => {
    const dest = join(await tempDir(), "fs.tar");
    const failure = exportFilesystem(await savingEngine([[{ name: "../evil", content: "x" }]]), "sha256:x", { type: "tar", dest });
    await expect(failure).rejects.toMatchObject({ code: "DFB_OUTPUT_IMAGE" });
    await expect(failure).rejects.toThrow('the image has a layer entry outside its root: "../evil"');
  });

  test("names", () => {
    expect(normalizeName("./a//b/./c/")).toBe("a/b/c");
    expect(normalizeName("/etc/passwd")).toBe("etc/passwd");
    expect(normalizeName("a/../../b")).toBeUndefined();
  });
});
