/**
 * What paths of an image are, kept across builds, so that a COPY or WORKDIR whose layer the builder
 * builds itself (layer-paths.ts) makes no container to ask the engine again: what a path of an
 * image is, is fixed by the image's ID, the digest of its config and so of its layers' content
 * (Docker's image spec: the image ID is the SHA-256 of the config JSON, which lists the layers'
 * diff IDs). A base image's paths are asked once, not at every build; with `--no-cache` too, as
 * `COPY --from` digests are (image-source-digests.ts): the answer cannot differ.
 *
 * Storage: `image-paths.jsonl` beside the cache index, one line per (image, path), later lines win
 * (json-lines-store.ts). The images of old builds accumulate: past MAX_RECORDS records, the newest
 * MAX_RECORDS are kept, rewritten at `close`. A file that cannot be read or written never fails a
 * build: the store stops using it, paths are asked of the engine as without it, and `close`
 * rejects with the error, for one warning.
 */
import { join } from "node:path";
import type { PathKind } from "./copy.js";
import { JsonLinesStore, versionedLine } from "./json-lines-store.js";

/** Bump when what a record means changes, so old lines stop matching. */
const FORMAT = 1;
/** Records kept: a few paths per image built from recently. */
const MAX_RECORDS = 4096;

interface Line {
  v: number;
  /** The image ID. */
  i: string;
  /** The path, clean and absolute. */
  p: string;
  k: PathKind;
}

function isLine(value: unknown): value is Line {
  const line = versionedLine<Line>(value, FORMAT);
  return line !== undefined && typeof line.i === "string" && typeof line.p === "string" && (line.k === "directory" || line.k === "other" || line.k === "missing");
}

export class ImagePathKinds {
  readonly #store: JsonLinesStore<Line>;

  constructor(cacheDirectory: string) {
    this.#store = new JsonLinesStore(join(cacheDirectory, "image-paths.jsonl"), { isLine, keyOf: (line) => `${line.i}\0${line.p}` });
  }

  get file(): string {
    return this.#store.file;
  }

  /** What `path` of `image` was found to be; undefined when it was not asked, or the store is out of use. */
  async get(image: string, path: string): Promise<PathKind | undefined> {
    const line = (await this.#store.entries()).get(`${image}\0${path}`);
    return this.#store.failure === undefined ? line?.k : undefined;
  }

  /** Whether any path of `image` was asked before (and the store is in use). */
  async asked(image: string): Promise<boolean> {
    const entries = await this.#store.entries();
    if (this.#store.failure !== undefined) return false;
    for (const line of entries.values()) if (line.i === image) return true;
    return false;
  }

  async set(image: string, path: string, kind: PathKind): Promise<void> {
    await this.#store.record({ v: FORMAT, i: image, p: path, k: kind });
    await this.#store.flush();
  }

  /** Rewrites the file when it holds too many records; rejects with the store's failure, if any. */
  close(): Promise<void> {
    return this.#store.closeKeepingNewest(MAX_RECORDS);
  }
}
