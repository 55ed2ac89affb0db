import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tar from "tar-stream";
import { afterAll, describe, expect, test } from "vitest";
import { type ExistingPath, extractedEntries } from "./archive-extract.js";

const dir = await mkdtemp(join(tmpdir(), "dfbuild-archive-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Spec {
  name: string;
  type?: "file" | "directory" | "symlink" | "link";
  linkname?: string;
  content?: string;
}

async function archive(entries: Spec[]): Promise<string> {
  const pack = tar.pack();
  for (const { name, type = "file", linkname, content = "" } of entries) {
    if (type === "file") pack.entry({ name, mode: 0o644 }, content);
    else pack.entry({ name, type, linkname, mode: type === "directory" ? 0o755 : 0o777 });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const file = join(dir, `${String(Math.random()).slice(2)}.tar`);
  await writeFile(file, Buffer.concat(chunks));
  return file;
}

/** The image: what exists under the destination. */
function image(paths: Record<string, ExistingPath>): { existing: (path: string) => Promise<ExistingPath>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    existing: (path) => {
      asked.push(path);
      return Promise.resolve(paths[path] ?? { type: "missing" });
    },
  };
}

async function extracted(file: string, destination: string, existing: (path: string) => Promise<ExistingPath>): Promise<string[]> {
  const names: string[] = [];
  for await (const { name, entry } of extractedEntries(file, destination, existing)) {
    names.push(`${name}${entry.linkname === undefined ? "" : ` -> ${entry.linkname}`}`);
  }
  return names;
}

describe("ADD archives extract as into a chroot at the destination", () => {
  test("entries that climb out land inside; hard links point inside", async () => {
    const file = await archive([
      { name: "../escape.txt" },
      { name: "a/../../up.txt" },
      { name: "/abs.txt" },
      { name: "./ok/file.txt" },
      { name: "hl", type: "link", linkname: "../escape.txt" },
    ]);
    expect(await extracted(file, "/dest", image({}).existing)).toEqual(["dest/escape.txt", "dest/up.txt", "dest/abs.txt", "dest/ok/file.txt", "dest/hl -> dest/escape.txt"]);
  });

  test("symlinks the archive makes resolve against the destination, kept as written", async () => {
    const file = await archive([
      { name: "etc/", type: "directory" },
      { name: "link", type: "symlink", linkname: "../../etc" },
      { name: "link/through.txt" },
      { name: "abslink", type: "symlink", linkname: "/etc" },
      { name: "abslink/abs-through.txt" },
    ]);
    expect(await extracted(file, "/dest/", image({}).existing)).toEqual([
      "dest/etc",
      "dest/link -> ../../etc",
      "dest/etc/through.txt",
      "dest/abslink -> /etc",
      "dest/etc/abs-through.txt",
    ]);
  });

  test("the image's own symlinks under the destination resolve the same way; nothing is asked twice", async () => {
    const { existing, asked } = image({ "/d/imglink": { type: "symlink", linkname: "/opt" }, "/d/opt": { type: "directory" } });
    const file = await archive([{ name: "imglink/y.txt" }, { name: "imglink/z.txt" }, { name: "new/deeper/w.txt" }]);
    expect(await extracted(file, "/d", existing)).toEqual(["d/opt/y.txt", "d/opt/z.txt", "d/new/deeper/w.txt"]);
    // Under a directory the archive made, nothing exists but what it wrote: no question asked.
    expect(asked).toEqual(["/d/imglink", "/d/opt", "/d/new"]);
  });

  test("into /: the destination is the image's root", async () => {
    const file = await archive([{ name: "../../etc/motd" }, { name: "./" , type: "directory" }]);
    expect(await extracted(file, "/", image({ "/etc": { type: "directory" } }).existing)).toEqual(["etc/motd", "."]);
  });

  test("through a symlink to nothing, under a file, or round in circles: errors that name the entry", async () => {
    await expect(extracted(await archive([{ name: "l", type: "symlink", linkname: "missing" }, { name: "l/x" }]), "/d", image({}).existing)).rejects.toThrow(
      "l/x: cannot extract through a symlink to /d/missing: no such file or directory",
    );
    await expect(extracted(await archive([{ name: "f" }, { name: "f/x" }]), "/d", image({}).existing)).rejects.toThrow("f/x: cannot extract under /d/f: not a directory");
    await expect(
      extracted(await archive([{ name: "a", type: "symlink", linkname: "b" }, { name: "b", type: "symlink", linkname: "a" }, { name: "a/x" }]), "/d", image({}).existing),
    ).rejects.toThrow("a/x: too many levels of symbolic links");
    await expect(extracted(await archive([{ name: "./", type: "file" }]), "/d", image({}).existing)).rejects.toThrow(/cannot replace the destination directory/);
  });
});
