import { Readable } from "node:stream";

/**
 * A tar archive to send: a stream or (async) iterable of chunks, read as the engine takes them, or
 * a whole archive already in memory (for small ones).
 */
export type TarSource = Readable | Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export function tarStream(source: TarSource): Readable {
  if (source instanceof Readable) return source;
  if (source instanceof Uint8Array) return Readable.from([source], { objectMode: false });
  return Readable.from(source, { objectMode: false });
}
