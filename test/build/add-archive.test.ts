/**
 * ADD of local archives whose entries try to leave the destination (`../`, absolute names,
 * symlinks above it, hard links through them), plain and compressed: extracted as the classic
 * builder extracts them (inside the destination, as if chrooted there), compared image to image.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import * as tar from "tar-stream";
import { describe, expect, test } from "vitest";
import { BUSYBOX, classic, configOf, dfbuild, filesystemOf, historyOf, leftoverContainers, makeContext, testScope } from "./helpers.js";

const { contexts, images } = testScope();

interface Spec {
  name: string;
  type?: "file" | "directory" | "symlink" | "link";
  linkname?: string;
  content?: string;
  mode?: number;
  uid?: number;
}

async function tarOf(entries: readonly Spec[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { name, type = "file", linkname, content = "", mode, uid = 0 } of entries) {
    const header = { name, mode: mode ?? (type === "directory" ? 0o755 : type === "symlink" ? 0o777 : 0o644), uid, gid: uid, mtime: new Date(1_600_000_000_000) };
    if (type === "file") pack.entry(header, content);
    else pack.entry({ ...header, type, linkname });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Entries that climb out of the destination, every way an archive can. */
const TRAVERSAL: Spec[] = [
  { name: "../escape.txt", content: "escape\n" },
  { name: "a/../../up.txt", content: "up\n" },
  { name: "/abs.txt", content: "abs\n" },
  { name: "../../../etc/passwd", content: "not the image's\n" },
  { name: "./ok/file.txt", content: "ok\n", mode: 0o600, uid: 1000 },
  { name: "hl", type: "link", linkname: "../escape.txt" },
  { name: "etc/", type: "directory" },
  { name: "link", type: "symlink", linkname: "../../etc" },
  { name: "link/through.txt", content: "through\n" },
  { name: "abslink", type: "symlink", linkname: "/etc" },
  { name: "abslink/abs-through.txt", content: "abs-through\n" },
  { name: "imglink/into-image-link.txt", content: "image link\n" },
  { name: "hl-through", type: "link", linkname: "abslink/abs-through.txt" },
];

describe("ADD of local archives", () => {
  test("entries that try to leave the destination: the classic builder's image", async () => {
    const plain = await tarOf(TRAVERSAL);
    const context = await makeContext({});
    contexts.push(context);
    await writeFile(join(context, "traversal.tar"), plain);
    await writeFile(join(context, "traversal.tgz"), await promisify(gzip)(plain));
    await writeFile(
      join(context, "Dockerfile"),
      `FROM ${BUSYBOX}
RUN mkdir -p /dest/opt /gz && ln -s /opt /dest/imglink && ln -s opt /gz/imglink && mkdir /gz/opt
ADD traversal.tar /dest/
ADD traversal.tgz /gz
ADD traversal.tar /
`,
    );
    const reference = classic(context, []);
    images.push(reference.tag);
    expect(reference.code, `classic build failed:\n${reference.stdout}\n${reference.stderr}`).toBe(0);
    const ours = await dfbuild(context, []);
    images.push(ours.tag);
    expect(ours.code, `dfbuild failed:\n${ours.stdout}\n${ours.stderr}`).toBe(0);
    const files = Object.fromEntries(await filesystemOf(ours.tag));
    expect(files).toEqual(Object.fromEntries(await filesystemOf(reference.tag)));
    // What the comparison means: nothing above the destination was written.
    expect(files["dest/escape.txt"]?.size).toBe(7);
    expect(files["dest/etc/abs-through.txt"]?.size).toBe(12);
    expect(files["dest/opt/into-image-link.txt"]?.size).toBe(11);
    expect(files["escape.txt"]).toBeDefined();
    expect(configOf(ours.tag)).toEqual(configOf(reference.tag));
    expect(historyOf(ours.tag)).toEqual(historyOf(reference.tag));
    expect(leftoverContainers()).toEqual([]);
  });
});
