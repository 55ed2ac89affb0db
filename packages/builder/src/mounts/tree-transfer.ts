/**
 * Moving a directory tree from one container to another through the archive API, streamed (never
 * held in memory), and the content digest of such a tree — what a mount `from` a stage or image
 * needs on an engine whose files the client cannot see.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as tar from "tar-stream";
import { tarsumHeader } from "../source-entry.js";
import { bytesOf } from "../tar.js";

/**
 * The path of an entry of `GET …/archive` relative to the path asked for: the engine names entries
 * after its base name (`bin/ls` for /usr/bin, `./etc` for /); the path itself is `""`.
 */
export function relativeToArchiveRoot(name: string): string {
  const trimmed = name.replace(/\/+$/, "");
  if (trimmed === "." || trimmed === "./") return "";
  const slash = trimmed.indexOf("/");
  return slash === -1 ? "" : trimmed.slice(slash + 1);
}

/**
 * The engine's own files in every container (its init layer, moby `daemon/initlayer`): empty
 * placeholders a copy of a stage's `/` or `/etc` would otherwise carry along.
 */
export function isInitLayerPlaceholder(path: string, header: tar.Header): boolean {
  if (path === ".dockerenv") return header.type === "file" && header.size === 0;
  if (path === "etc/mtab") return header.type === "symlink" && header.linkname === "/proc/mounts";
  return ["etc/hostname", "etc/hosts", "etc/resolv.conf"].includes(path) && header.type === "file" && header.size === 0;
}

/**
 * Re-writes an archive of a tree for extraction at `/` of another container: every entry moved
 * under `prefix` (the tree's root becomes the `prefix` directory itself), placeholders of the
 * engine's init layer left out when `from` is the root or `/etc`.
 */
export function retarUnder(source: Readable, prefix: string, options: { dropInitLayer: boolean }): AsyncIterable<Uint8Array> {
  const extract = tar.extract();
  const pack = tar.pack();
  const move = async (): Promise<void> => {
    for await (const entry of extract) {
      const header = entry.header;
      const relative = relativeToArchiveRoot(header.name);
      if (options.dropInitLayer && isInitLayerPlaceholder(relative, header)) {
        entry.resume();
        continue;
      }
      const name = relative === "" ? prefix : `${prefix}/${relative}`;
      const moved: tar.Header = { ...header, name: header.type === "directory" ? `${name}/` : name };
      if (header.type === "link") {
        const target = relativeToArchiveRoot(header.linkname);
        moved.linkname = target === "" ? prefix : `${prefix}/${target}`;
      }
      if (header.type === "file" || header.type === "contiguous-file") {
        await pipeline(entry, pack.entry(moved));
        continue;
      }
      entry.resume();
      await new Promise<void>((resolve, reject) => {
        pack.entry(moved, (error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    }
    pack.finalize();
  };
  void Promise.all([pipeline(source, extract), move()]).catch((error: unknown) => {
    pack.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return bytesOf(pack);
}

/**
 * A digest of a tree's content as `GET …/archive` gives it: every entry's tarsum header (name
 * relative to the tree, mode, ids, size, type, link) and content, mtime left out — so a stage
 * rebuilt with the same files has the same digest, as BuildKit's content-based cache keys do.
 */
export async function treeDigest(source: Readable): Promise<string> {
  const extract = tar.extract();
  const hashes: string[] = [];
  const reading = pipeline(source, extract);
  for await (const entry of extract) {
    const header = entry.header;
    const type = header.type === "directory" ? "directory" : header.type === "symlink" ? "symlink" : "file";
    const path = relativeToArchiveRoot(header.name);
    const hash = createHash("sha256");
    hash.update(
      tarsumHeader(
        { path, type, mode: header.mode & 0o7777, uid: header.uid, gid: header.gid, size: header.size, mtime: new Date(0), linkname: header.type === "symlink" || header.type === "link" ? header.linkname : undefined },
        path,
        true,
      ),
    );
    for await (const chunk of entry) hash.update(chunk as Buffer);
    hashes.push(hash.digest("hex"));
  }
  await reading;
  hashes.sort();
  return `tree:${createHash("sha256").update(hashes.join(",")).digest("hex")}`;
}
