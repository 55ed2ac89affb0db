/**
 * The compressions an ADD archive may have, detected by content and undone as a stream, as moby's
 * `archive.DetectCompression` and `DecompressStream` do (`pkg/archive/archive.go`): gzip (Node's
 * zlib), bzip2 (unbzip2-stream), xz (xz-decompress, xz-embedded in WebAssembly: the daemon runs the
 * `xz` program, which this machine may lack) and zstd (fzstd).
 */
import { Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { Decompress as ZstdDecompress } from "fzstd";
import unbzip2 from "unbzip2-stream";

export type Compression = "none" | "gzip" | "bzip2" | "xz" | "zstd";

const MAGIC: readonly [Compression, readonly number[]][] = [
  ["gzip", [0x1f, 0x8b, 0x08]],
  ["bzip2", [0x42, 0x5a, 0x68]],
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
];

/** The compression the first bytes of a stream announce (`DetectCompression`). */
export function detectCompression(head: Uint8Array): Compression {
  for (const [compression, magic] of MAGIC) {
    if (head.length >= magic.length && magic.every((byte, index) => head[index] === byte)) return compression;
  }
  return "none";
}

/** `source` decompressed as `compression` says; errors of either side end the result. */
export function decompress(source: Readable, compression: Compression): Readable {
  switch (compression) {
    case "none":
      return source;
    case "gzip":
      // node:zlib is loaded for a gzip archive, not at every start.
      return pipe(source, process.getBuiltinModule("node:zlib").createGunzip());
    case "bzip2":
      return pipe(source, new Readable({ read: () => undefined }).wrap(source.pipe(unbzip2())));
    case "xz":
      return pipe(source, xzReadable(source));
    case "zstd":
      return pipe(source, zstdTransform());
  }
}

/** Connects source to a decompressor (a Transform is piped; a Readable already reads it) and forwards source errors. */
function pipe(source: Readable, decompressor: Readable): Readable {
  source.once("error", (error) => decompressor.destroy(error));
  if (decompressor instanceof Transform) source.pipe(decompressor);
  decompressor.once("close", () => {
    if (!source.destroyed) source.destroy();
  });
  return decompressor;
}

/**
 * xz-decompress works on web streams: the source is read as one, and its output read back as a Node
 * stream. It is loaded by the first xz archive, not at every start: its module defines web stream
 * classes, which load Node's web streams (~2 ms of a build that never meets an xz archive).
 */
function xzReadable(source: Readable): Readable {
  async function* decompressed(): AsyncGenerator<Uint8Array> {
    const { XzReadableStream } = await import("xz-decompress");
    const web = Readable.toWeb(source) as ReadableStream<Uint8Array>;
    yield* Readable.fromWeb(new XzReadableStream(web) as WebReadableStream<Uint8Array>) as AsyncIterable<Uint8Array>;
  }
  return Readable.from(decompressed(), { objectMode: false });
}

function zstdTransform(): Transform {
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      try {
        decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        callback();
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
      }
    },
    flush(callback) {
      try {
        decoder.push(new Uint8Array(0), true);
        callback();
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
      }
    },
  });
  const decoder = new ZstdDecompress((data) => {
    // Copied: the decoder may reuse its window for the next output.
    transform.push(Buffer.from(data));
  });
  return transform;
}
