/**
 * Digests of `COPY --from` sources kept across builds, so that a rebuild whose steps are all in the
 * cache makes no container to read a source image (copy.ts `imageSources`): what a path of an
 * image holds is fixed by the image's ID, which is the digest of its config and so of its layers'
 * content (Docker's image spec: the image ID is the SHA-256 of the config JSON, which lists the
 * layers' diff IDs). The digest of a source also depends on the user and group names of the
 * engine's host (the daemon's tarsum writes them, copy.ts `withNames`): those are part of the key.
 * A path's record is what a read of the image gave: each source it matched (a wildcard may match
 * none) with its digest, its kind, and the path its content is read from on a cache miss.
 *
 * Storage: `image-sources.jsonl` beside the cache index, one line per (image, names, path), later
 * lines win (json-lines-store.ts: a line that does not parse is skipped). When it holds more than MAX_RECORDS records
 * (the images of old builds accumulate), the newest MAX_RECORDS are kept, rewritten at `close`.
 * A stage's final image has the files of its last step's image (only its config differs): what is
 * read of one is recorded for both (`sameFiles`), so that a rebuild, which finds the final image
 * for that step, reads neither.
 * A file that cannot be read or written never fails a build: the store stops using it, sources
 * are read from their images as without it, and `close` rejects with the error, for one warning.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { JsonLinesStore, versionedLine } from "./json-lines-store.js";

/** Bump when what a record means changes (the way a source is hashed), so old lines stop matching. */
const FORMAT = 1;
/** Records kept: a few per `COPY --from` line of each image built from recently. */
const MAX_RECORDS = 4096;

/** One source a path of an image gave. */
export interface ImageSourceRecord {
  /** `file:<sha>` or `dir:<sha>`, as the classic builder's history writes it. */
  hash: string;
  /** The source as named (a wildcard's match). */
  name: string;
  kind: "file" | "directory";
  /** The absolute path in the image its content is read from (a symlink named as the source, followed). */
  target: string;
}

interface Line {
  v: number;
  /** The image ID. */
  i: string;
  /** The digest of the host's account names. */
  n: string;
  /** The source path as the instruction names it. */
  p: string;
  s: ImageSourceRecord[];
}

export function imageSourceDigestsFile(cacheDirectory: string): string {
  return join(cacheDirectory, "image-sources.jsonl");
}

/** A short stable digest of the host's user and group names, for the key. */
export function accountNamesKey(names: { users: ReadonlyMap<number, string>; groups: ReadonlyMap<number, string> }): string {
  const sorted = (map: ReadonlyMap<number, string>): [number, string][] => [...map].sort(([a], [b]) => a - b);
  return createHash("sha256").update(JSON.stringify([sorted(names.users), sorted(names.groups)])).digest("hex").slice(0, 32);
}

function isRecord(value: unknown): value is ImageSourceRecord {
  const record = value as Partial<ImageSourceRecord> | null;
  return (
    typeof record === "object" &&
    record !== null &&
    typeof record.hash === "string" &&
    typeof record.name === "string" &&
    (record.kind === "file" || record.kind === "directory") &&
    typeof record.target === "string"
  );
}

function isLine(value: unknown): value is Line {
  const line = versionedLine<Line>(value, FORMAT);
  return (
    line !== undefined &&
    typeof line.i === "string" &&
    typeof line.n === "string" &&
    typeof line.p === "string" &&
    Array.isArray(line.s) &&
    line.s.every(isRecord)
  );
}

export class ImageSourceDigests {
  readonly #store: JsonLinesStore<Line>;
  /** Images with the same files as an image, by that image (`sameFiles`). */
  readonly #sameFiles = new Map<string, string[]>();

  constructor(cacheDirectory: string) {
    this.#store = new JsonLinesStore(imageSourceDigestsFile(cacheDirectory), { isLine, keyOf: (line) => keyOf(line.i, line.n, line.p) });
  }

  get file(): string {
    return this.#store.file;
  }

  /** What a read of `path` in `image` gave before; undefined when it was not read, or the store is out of use. */
  async get(image: string, names: string, path: string): Promise<ImageSourceRecord[] | undefined> {
    const line = (await this.#store.entries()).get(keyOf(image, names, path));
    return this.#store.failure === undefined ? line?.s : undefined;
  }

  async set(image: string, names: string, path: string, sources: readonly ImageSourceRecord[]): Promise<void> {
    const s = sources.map(({ hash, name, kind, target }) => ({ hash, name, kind, target }));
    // Newest last: the map's order is the order records are dropped in.
    await this.#store.record({ v: FORMAT, i: image, n: names, p: path, s });
    for (const same of this.#sameFiles.get(image) ?? []) await this.#store.record({ v: FORMAT, i: same, n: names, p: path, s });
    await this.#store.flush();
  }

  /**
   * Records that `image` has the files of `source`: what was read of `source` in this build is
   * recorded for `image` too, and so is what will be. Nothing is loaded for it: an image made in
   * this build has records only if this build read it, which loaded them.
   */
  async sameFiles(image: string, source: string): Promise<void> {
    this.#sameFiles.set(source, [...(this.#sameFiles.get(source) ?? []), image]);
    if (!this.#store.loaded) return;
    for (const line of [...(await this.#store.entries()).values()]) if (line.i === source) await this.#store.record({ ...line, i: image });
    await this.#store.flush();
  }

  /** Rewrites the file when it holds too many records; rejects with the store's failure, if any. */
  close(): Promise<void> {
    return this.#store.closeKeepingNewest(MAX_RECORDS);
  }
}

function keyOf(image: string, names: string, path: string): string {
  return `${image}\0${names}\0${path}`;
}
