import { Readable } from "node:stream";
import * as tar from "tar-stream";
import { describe, expect, test } from "vitest";
import { bytesOf, readEntries } from "../tar.js";
import { relativeToArchiveRoot, retarUnder, treeDigest } from "./tree-transfer.js";

function archive(entries: { name: string; type?: "file" | "directory" | "symlink"; content?: string; linkname?: string; mtime?: Date; mode?: number }[]): Readable {
  const pack = tar.pack();
  for (const entry of entries) {
    const header = { name: entry.name, type: entry.type ?? "file", mtime: entry.mtime ?? new Date(0), mode: entry.mode ?? 0o644, linkname: entry.linkname };
    if ((entry.type ?? "file") === "file") pack.entry(header, entry.content ?? "");
    else pack.entry(header);
  }
  pack.finalize();
  return Readable.from(bytesOf(pack));
}

describe("moving trees between containers", () => {
  test("entries of GET …/archive are named after the path's base name", () => {
    expect(relativeToArchiveRoot("out/")).toBe("");
    expect(relativeToArchiveRoot("out/sub/a.txt")).toBe("sub/a.txt");
    expect(relativeToArchiveRoot("./")).toBe("");
    expect(relativeToArchiveRoot("./etc/passwd")).toBe("etc/passwd");
  });

  test("retarUnder moves the tree under a prefix and leaves out the engine's init-layer placeholders", async () => {
    const source = archive([
      { name: "./", type: "directory" },
      { name: "./.dockerenv", content: "" },
      { name: "./etc/hosts", content: "" },
      { name: "./etc/passwd", content: "root:x:0:0::/root:/bin/sh\n" },
      { name: "./etc/mtab", type: "symlink", linkname: "/proc/mounts" },
      { name: "./etc/resolv.conf", content: "nameserver 1.1.1.1\n" },
    ]);
    const entries = await readEntries(retarUnder(source, "fill/0", { dropInitLayer: true }));
    expect(entries.map((entry) => entry.path)).toEqual(["fill/0", "fill/0/etc/passwd", "fill/0/etc/resolv.conf"]);
  });

  test("treeDigest: content and mode count, mtime does not", async () => {
    const base = [{ name: "out/", type: "directory" as const }, { name: "out/a", content: "one" }];
    const digest = await treeDigest(archive(base));
    expect(await treeDigest(archive(base.map((entry) => ({ ...entry, mtime: new Date(1e12) }))))).toBe(digest);
    expect(await treeDigest(archive([base[0] ?? { name: "x" }, { name: "out/a", content: "two" }]))).not.toBe(digest);
    expect(await treeDigest(archive([base[0] ?? { name: "x" }, { name: "out/a", content: "one", mode: 0o755 }]))).not.toBe(digest);
  });
});
