/** Reading the engine's tar answers and writing the archives COPY uploads. */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as tar from "tar-stream";
import type { SourceEntry } from "./source-entry.js";

/** An entry to write: its absolute path in the image (without the leading `/`) and what it is. */
export interface TarEntry {
  name: string;
  entry: SourceEntry;
}

/**
 * A tar stream of the entries, produced as the upload reads it: file contents are read one at a
 * time, never all held in memory.
 */
export function packEntries(entries: Iterable<TarEntry>): AsyncIterable<Uint8Array> {
  const pack = tar.pack();
  const write = async (): Promise<void> => {
    for (const { name, entry } of entries) {
      const header: Partial<tar.Header> & { name: string } = {
        name: entry.type === "directory" ? `${name}/` : name,
        mode: entry.mode,
        uid: entry.uid,
        gid: entry.gid,
        mtime: entry.mtime,
        type: entry.type,
        linkname: entry.linkname,
        size: entry.type === "file" ? entry.size : 0,
      };
      if (entry.type !== "file" || entry.content === undefined) {
        await new Promise<void>((resolve, reject) => {
          pack.entry(header, (error) => {
            if (error) reject(error);
            else resolve();
          });
        });
        continue;
      }
      const content = entry.content();
      if (Buffer.isBuffer(content)) {
        await new Promise<void>((resolve, reject) => {
          pack.entry({ ...header, size: content.length }, content, (error) => {
            if (error) reject(error);
            else resolve();
          });
        });
      } else {
        await pipeline(content, pack.entry(header));
      }
    }
    pack.finalize();
  };
  write().catch((error: unknown) => { pack.destroy(error instanceof Error ? error : new Error(String(error))); });
  return bytesOf(pack);
}

/** tar-stream's streams are streamx streams: iterable, but typed as yielding unknown. */
export async function* bytesOf(stream: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) yield chunk as Uint8Array;
}

/**
 * Reads a tar stream into entries with their contents in memory (for `COPY --from` and the
 * /etc/passwd look-up: sources that come from the engine and must be read twice — once to hash,
 * once to copy). Paths are given as in the archive, without a trailing slash.
 */
export async function readEntries(stream: Readable | AsyncIterable<Uint8Array>): Promise<SourceEntry[]> {
  const extract = tar.extract();
  const source = stream instanceof Readable ? stream : Readable.from(stream);
  const entries: SourceEntry[] = [];
  const done = pipeline(source, extract);
  for await (const item of extract) {
    const header = item.header;
    const chunks: Buffer[] = [];
    for await (const chunk of item) chunks.push(chunk as Buffer);
    const path = header.name.replace(/\/+$/, "").replace(/^\.\//, "");
    const base = { path, mode: header.mode & 0o7777, uid: header.uid, gid: header.gid, mtime: header.mtime };
    if (header.type === "directory") entries.push({ ...base, type: "directory", size: 0 });
    else if (header.type === "symlink") entries.push({ ...base, type: "symlink", size: 0, linkname: header.linkname });
    else if (header.type === "file" || header.type === "contiguous-file" || header.type === "link") {
      if (header.type === "link") {
        // A hard link repeats an earlier file's content; copying it as a file keeps its data.
        const target = entries.find((entry) => entry.path === header.linkname.replace(/^\.\//, ""));
        const content = target?.content?.() ?? Buffer.alloc(0);
        const buffer = Buffer.isBuffer(content) ? content : Buffer.alloc(0);
        entries.push({ ...base, type: "file", size: buffer.length, content: () => buffer });
        continue;
      }
      const content = Buffer.concat(chunks);
      entries.push({ ...base, type: "file", size: content.length, content: () => content });
    }
  }
  await done;
  return entries;
}
