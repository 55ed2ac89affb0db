/** Reading the engine's tar answers and writing the archives COPY uploads, streamed both ways. */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as tar from "tar-stream";
import type { SourceEntry } from "./source-entry.js";

/** An entry to write: its path in the archive (absolute in the image, without the leading `/`) and what it is. */
export interface TarEntry {
  name: string;
  entry: SourceEntry;
}

/** A source file's size changed between its hashing and its copy. */
export class SourceChangedError extends Error {
  override readonly name = "SourceChangedError";
  readonly code = "DFB_SOURCE_CHANGED";
}

export interface PackOptions {
  /** Called with what stopped the archive (a source that failed or changed), before the stream fails. */
  onError?: (error: Error) => void;
}

/**
 * A tar stream of the entries, produced as the upload reads it: entries are taken from the
 * iterable one at a time and each file's content is streamed through, so memory stays flat
 * whatever the number or size of the files (the upload's backpressure paces the reading).
 */
export function packEntries(entries: Iterable<TarEntry> | AsyncIterable<TarEntry>, options: PackOptions = {}): AsyncIterable<Uint8Array> {
  const pack = tar.pack();
  const write = async (): Promise<void> => {
    for await (const { name, entry } of entries) {
      const header: Partial<tar.Header> & { name: string } = {
        name: entry.type === "directory" ? `${name}/` : name,
        mode: entry.mode,
        uid: entry.uid,
        gid: entry.gid,
        mtime: entry.mtime,
        type: entry.type === "hardlink" ? "link" : entry.type,
        size: entry.type === "file" ? entry.size : 0,
      };
      if (entry.linkname !== undefined) header.linkname = entry.linkname;
      if (entry.devmajor !== undefined) header.devmajor = entry.devmajor;
      if (entry.devminor !== undefined) header.devminor = entry.devminor;
      if (entry.pax !== undefined) header.pax = entry.pax;
      const content = entry.type === "file" ? entry.content?.() : undefined;
      if (content === undefined || Buffer.isBuffer(content)) {
        if (content === undefined && entry.type === "file" && entry.size > 0) {
          throw new SourceChangedError(`${name}: no content to copy for a file of ${String(entry.size)} bytes`);
        }
        await new Promise<void>((resolve, reject) => {
          const callback = (error?: Error | null): void => {
            if (error) reject(error);
            else resolve();
          };
          if (content === undefined) pack.entry({ ...header, size: 0 }, callback);
          else pack.entry({ ...header, size: content.length }, content, callback);
        });
        continue;
      }
      try {
        await pipeline(content, pack.entry(header));
      } catch (error) {
        // tar-stream refuses a file whose bytes do not match the size its header announced.
        if (error instanceof Error && /size mismatch/i.test(error.message)) {
          throw new SourceChangedError(`${name} changed while it was being copied: it no longer has the ${String(entry.size)} bytes it had when it was hashed`, { cause: error });
        }
        throw error;
      }
    }
    pack.finalize();
  };
  write().catch((error: unknown) => {
    const failure = error instanceof Error ? error : new Error(String(error));
    options.onError?.(failure);
    pack.destroy(failure);
  });
  return bytesOf(pack);
}

/** tar-stream's streams are streamx streams: iterable, but typed as yielding unknown. */
export async function* bytesOf(stream: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) yield chunk as Uint8Array;
}

const TYPES: Partial<Record<string, SourceEntry["type"]>> = {
  file: "file",
  "contiguous-file": "file",
  link: "hardlink",
  symlink: "symlink",
  directory: "directory",
  "character-device": "character-device",
  "block-device": "block-device",
  fifo: "fifo",
};

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function number(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

/** An archive's entry name as a path: no `./` in front, no `/` at the end. */
function entryPath(name: string): string {
  return name.replace(/\/+$/, "").replace(/^\.\//, "");
}

/**
 * The entries of a tar stream as they arrive, each file's content the archive's own stream: read
 * it before asking for the next entry (what is not read is skipped). Nothing is held in memory.
 * Entry types a build never copies (GNU sparse files, volume headers) are skipped.
 */
export async function* tarEntries(stream: Readable | AsyncIterable<Uint8Array>): AsyncGenerator<SourceEntry> {
  const extract = tar.extract();
  const source = stream instanceof Readable ? stream : Readable.from(stream);
  const done = pipeline(source, extract);
  // Its failure is the iteration's failure; reported there, or awaited below.
  done.catch(() => undefined);
  let finished = false;
  try {
    for await (const item of extract) {
      const header = item.header;
      // tar-stream leaves the fields a header lacks null, whatever its types say.
      const type = TYPES[text(header.type) || "file"];
      if (type !== undefined) {
        const xattrs = Object.entries(header.pax ?? {}).filter(([key]) => key.startsWith("SCHILY.xattr."));
        const linkname = text(header.linkname);
        yield {
          path: entryPath(header.name),
          type,
          mode: number(header.mode) & 0o7777,
          uid: number(header.uid),
          gid: number(header.gid),
          size: type === "file" ? number(header.size) : 0,
          mtime: header.mtime instanceof Date ? header.mtime : new Date(0),
          ...(type === "hardlink" ? { linkname: entryPath(linkname) } : linkname !== "" ? { linkname } : {}),
          ...(type === "character-device" || type === "block-device" ? { devmajor: number(header.devmajor), devminor: number(header.devminor) } : {}),
          ...(header.uname ? { uname: header.uname } : {}),
          ...(header.gname ? { gname: header.gname } : {}),
          ...(xattrs.length > 0 ? { pax: Object.fromEntries(xattrs) } : {}),
          ...(type === "file" ? { content: () => item as unknown as Readable } : {}),
        };
      }
      // What the reader left of this entry's content is skipped.
      for await (const _chunk of item) continue;
    }
    await done;
    finished = true;
  } finally {
    if (!finished) {
      source.destroy();
      extract.destroy();
    }
  }
}

/**
 * Reads a tar stream into entries with their contents in memory, hard links as copies of their
 * target's content: for small answers read more than once (an /etc/passwd look-up, the tests'
 * fake engine). Paths are given as in the archive, without a trailing slash.
 */
export async function readEntries(stream: Readable | AsyncIterable<Uint8Array>): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  for await (const entry of tarEntries(stream)) {
    if (entry.type === "file") {
      const chunks: Buffer[] = [];
      const content = entry.content?.();
      if (content !== undefined && !Buffer.isBuffer(content)) for await (const chunk of content) chunks.push(chunk as Buffer);
      const buffer = Buffer.concat(chunks);
      entries.push({ ...entry, size: buffer.length, content: () => buffer });
    } else if (entry.type === "hardlink") {
      const target = entries.find((candidate) => candidate.path === entry.linkname);
      const content = target?.content?.();
      const buffer = Buffer.isBuffer(content) ? content : Buffer.alloc(0);
      entries.push({ ...entry, type: "file", linkname: undefined, size: buffer.length, content: () => buffer });
    } else if (entry.type === "directory" || entry.type === "symlink") {
      entries.push(entry);
    }
  }
  return entries;
}
