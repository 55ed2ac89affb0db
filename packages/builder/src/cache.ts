/**
 * The build cache: step key → image ID, kept on disk so it survives runs. One append-only JSON-lines
 * file per engine (keyed by the engine's ID, since image IDs mean nothing on another engine); the
 * last line for a key wins, and concurrent builds only ever append whole lines. A hit is trusted
 * only after the engine confirms the image still exists: a deleted image is a miss, never an error.
 *
 * Confirming costs one engine call for a whole chain of cached steps, not one per step: the index
 * knows which image each recorded step started from, so from a hit it follows the steps recorded
 * after it (the most recently used at each fork) to the last one, and asks the engine for that
 * image's history, whose entries carry the ID of every ancestor still present (moby
 * `daemon/images/image_history.go` walks the parent chain). On the graphdriver store an image
 * with a child cannot be deleted (`image_delete.go`: "image has dependent child images"), so the
 * chain answers for every step of a rebuild in that one call. When it cannot (the last image was
 * removed, an engine whose history names no parents), the hit is confirmed by inspecting it.
 *
 * Each line is `{"key","image","parent","time"}`: `parent` is the image the step started from (so
 * a cache export can follow chains, and prune can size a step), `time` when it was stored or last
 * used (ms since the epoch, refreshed at most hourly), which `dfbuild prune --filter until` reads.
 * Lines written before `parent` and `time` existed lack them.
 *
 * Keys are content addresses (parent image IDs, which are config digests, commands, file digests),
 * so they mean the same on every engine: that is what lets a registry cache (`--cache-from`)
 * answer for keys this engine never saw.
 */
import { createHash } from "node:crypto";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { EngineError } from "@dfbuild/engine";
import type { BuildEngine } from "./build-engine.js";

/** Bump when the meaning of a key changes, so old entries stop matching. */
const KEY_VERSION = "dfbuild-build-cache-v1";

/** Where the cache lives unless the caller says: `$DFBUILD_CACHE_DIR`, else the XDG cache dir. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.DFBUILD_CACHE_DIR) return env.DFBUILD_CACHE_DIR;
  const base = env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), ".cache");
  return join(base, "dfbuild");
}

/** What decides whether a step can be reused; every field must be the same for a hit. */
export interface StepKey {
  /** The image the step starts from. */
  parent: string;
  /**
   * The command of the step's container as the classic builder records it: the `#(nop)` text for
   * metadata, the command with its `|N K=V` build-arg prefix for RUN, and the source content
   * digests (`file:…`, `dir:…`, `multi:…`) for COPY and ADD.
   */
  command: readonly string[];
  /** The config the resulting image has (ENV, USER, WORKDIR… all part of the key, as in classic). */
  config: unknown;
  /** Anything else that changes the result (author, chmod, network for RUN…). */
  extra?: unknown;
}

export function stepKey(key: StepKey): string {
  return createHash("sha256").update(JSON.stringify([KEY_VERSION, key])).digest("hex");
}

/** One line of the index. */
export interface CacheRecord {
  key: string;
  image: string;
  /** The image the step started from; null on lines from before it was recorded. */
  parent: string | null;
  /** When the entry was stored or last used (ms since the epoch); 0 on lines from before it was recorded. */
  time: number;
  /**
   * The image is the stage's final image (its config exactly the Dockerfile's, VOLUMEs included)
   * standing in for the step's own image, which was removed so as not to dangle (see
   * `Builder.settleFinalImages`).
   */
  final?: boolean;
}

/** A cache entry this build used or made: what `--cache-to` exports. */
export interface UsedCacheEntry {
  key: string;
  image: string;
  parent: string | null;
}

/**
 * The step a key stands for, for a source that matches steps by what the classic builder compares
 * (the parent image and the command) rather than by key: `--cache-from IMAGE`.
 */
export interface CacheProbe {
  parent: string;
  command: readonly string[];
  /** The config the step's image gets. */
  config: unknown;
}

/**
 * A cache beyond this engine's index (a registry cache, `--cache-from`): asked on a local miss, it
 * makes the image present on the engine and names it, or answers undefined.
 */
export interface CacheSource {
  fetch(key: string, signal?: AbortSignal, probe?: CacheProbe): Promise<{ image: string; parent: string | null } | undefined>;
}

/** How many images of a chain, from its end, a hit's confirmation asks the history of. */
const HISTORY_TRIES = 3;

/** A used entry's time is rewritten only when it is older than this, so hits do not grow the file much. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

/** The index file of an engine in a cache directory. */
export function cacheIndexFile(directory: string, engineId: string): string {
  return join(directory, `index-${engineId.replace(/[^A-Za-z0-9_-]/g, "_")}.jsonl`);
}

/** Every line of an index file, in order (a missing file has none). */
export async function readCacheRecords(file: string): Promise<CacheRecord[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const records: CacheRecord[] = [];
  for (const line of text.split("\n")) {
    // A blank line, or one cut short by a crash, is no JSON: skipped, the lines around it still good.
    try {
      const record = JSON.parse(line) as { key?: unknown; image?: unknown; parent?: unknown; time?: unknown; final?: unknown };
      if (typeof record.key === "string" && typeof record.image === "string") {
        records.push({
          key: record.key,
          image: record.image,
          parent: typeof record.parent === "string" ? record.parent : null,
          time: typeof record.time === "number" ? record.time : 0,
          ...(record.final === true ? { final: true } : {}),
        });
      }
    } catch {
      // Skipped (see above).
    }
  }
  return records;
}

export function formatCacheRecord(record: CacheRecord): string {
  return `${JSON.stringify({ key: record.key, image: record.image, parent: record.parent, time: record.time, ...(record.final === true ? { final: true } : {}) })}\n`;
}

/**
 * What the content of a path in an image is, kept in the index beside the step records: an image
 * ID names fixed content, so a path's digest never changes and is computed once (mounts `from` a
 * stage key on it).
 */
export interface ContentRecord {
  digest: string;
  /** The path after symlinks, and whether it is a directory. */
  resolved: string;
  directory: boolean;
}

export class BuildCache {
  readonly #file: string;
  readonly #engine: BuildEngine;
  readonly #sources: readonly CacheSource[];
  #entries: Map<string, CacheRecord> | undefined;
  #contents: Map<string, ContentRecord> | undefined;
  readonly #used = new Map<string, UsedCacheEntry>();
  /** Images the engine confirmed during this build, and those it said are gone. */
  readonly #present = new Set<string>();
  readonly #absent = new Set<string>();
  /** Images whose history was asked for: a chain is asked about once. */
  readonly #asked = new Set<string>();
  /** Keys a stage is making an image for now, and when that ends (see `claim`). */
  readonly #making = new Map<string, Promise<void>>();

  constructor(engine: BuildEngine, directory: string, engineId: string, sources: readonly CacheSource[] = []) {
    this.#engine = engine;
    this.#file = cacheIndexFile(directory, engineId);
    this.#sources = sources;
  }

  get file(): string {
    return this.#file;
  }

  /** The entries this build hit or stored, in the order it met them. */
  used(): UsedCacheEntry[] {
    return [...this.#used.values()];
  }

  /**
   * Takes the key for the caller's step until the returned function is called. Stages built at the
   * same time may reach the same step (same parent, same instruction): the second waits here for
   * the first, then finds its image in the cache — as when they are built one after another, and
   * as BuildKit runs a shared step once. Taken right after the wait, with no await between, so two
   * callers never both take it.
   */
  async claim(key: string): Promise<() => void> {
    for (let making = this.#making.get(key); making !== undefined; making = this.#making.get(key)) await making;
    let release = (): void => undefined;
    this.#making.set(key, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.#making.delete(key);
      release();
    };
  }

  /**
   * The image for a key when the index has one and the engine still has it, else the first cache
   * source that has it (which is then recorded in the index too). `probe` says which step the key
   * stands for, when the caller is a step.
   */
  async lookup(key: string, signal?: AbortSignal, probe?: CacheProbe): Promise<string | undefined> {
    const entries = await this.#load();
    const record = entries.get(key);
    if (record !== undefined) {
      const image = await this.#confirm(record.image, entries, signal);
      if (image !== undefined) {
        this.#used.set(key, { key, image, parent: record.parent });
        if (Date.now() - record.time > TOUCH_INTERVAL_MS) await this.#append({ ...record, image, time: Date.now() });
        return image;
      }
      entries.delete(key);
    }
    for (const source of this.#sources) {
      const found = await source.fetch(key, signal, probe);
      if (found === undefined) continue;
      await this.store(key, found.image, found.parent);
      return found.image;
    }
    return undefined;
  }

  /**
   * The ID of `image` if the engine has it: known from this build, else from the history of the
   * last image the index leads to from it (one call for the chain), else from inspecting it.
   */
  async #confirm(image: string, entries: Map<string, CacheRecord>, signal: AbortSignal | undefined): Promise<string | undefined> {
    if (this.#present.has(image)) return image;
    if (this.#absent.has(image)) return undefined;
    // The last image, else the ones before it (a few): a stage's final image is a sibling of the
    // step image it stands for (the child of its parent, see build.ts `#finalize`), so its history
    // passes the step image by; `docker image prune` removes a chain from its end.
    const path = this.#descendants(image, entries);
    for (const last of path.slice(-HISTORY_TRIES).reverse()) {
      if (this.#asked.has(last)) continue;
      this.#asked.add(last);
      try {
        // Entries past the images the store still has are named `<missing>`, which no image is.
        for (const entry of await this.#engine.images.history(last, { signal })) this.#present.add(entry.Id);
      } catch (error) {
        if (!(error instanceof EngineError && error.status === 404)) throw error;
        this.#absent.add(last);
        if (last === image) return undefined;
      }
      if (this.#present.has(image)) return image;
    }
    try {
      const inspected = await this.#engine.images.inspect(image, { signal });
      this.#present.add(inspected.Id);
      return inspected.Id;
    } catch (error) {
      if (!(error instanceof EngineError && error.status === 404)) throw error;
      this.#absent.add(image);
      return undefined;
    }
  }

  /**
   * The index's chain of steps from `image` (first) to its end: at each image, the step recorded
   * on it most recently (a rebuild follows the previous build's path), until none is.
   */
  #descendants(image: string, entries: Map<string, CacheRecord>): string[] {
    const next = new Map<string, CacheRecord>();
    for (const record of entries.values()) {
      if (record.parent === null || this.#absent.has(record.image)) continue;
      const known = next.get(record.parent);
      if (known === undefined || record.time >= known.time) next.set(record.parent, record);
    }
    const path = [image];
    const seen = new Set(path);
    for (let record = next.get(image); record !== undefined && !seen.has(record.image); record = next.get(record.image)) {
      path.push(record.image);
      seen.add(record.image);
    }
    return path;
  }

  /** Records that `key` made `image`, starting from `parent` (`final`: see `CacheRecord.final`). */
  async store(key: string, image: string, parent: string | null, options: { final?: boolean } = {}): Promise<void> {
    // A final image stands in for a step here only: what `--cache-to` exports is the step's own.
    if (options.final !== true) this.#used.set(key, { key, image, parent });
    this.#present.add(image);
    this.#absent.delete(image);
    await this.#append({ key, image, parent, time: Date.now(), ...(options.final === true ? { final: true } : {}) });
  }

  /** Whether the image recorded for `key` is a stage's final image (see `CacheRecord.final`). */
  async isFinal(key: string): Promise<boolean> {
    return (await this.#load()).get(key)?.final === true;
  }

  /** The recorded content of `path` in `image`, if some build computed it. */
  async content(image: string, path: string): Promise<ContentRecord | undefined> {
    return (await this.#loadContents()).get(`${image}\0${path}`);
  }

  async storeContent(image: string, path: string, record: ContentRecord): Promise<void> {
    (await this.#loadContents()).set(`${image}\0${path}`, record);
    await mkdir(join(this.#file, ".."), { recursive: true });
    await appendFile(this.#file, `${JSON.stringify({ content: `${image}\0${path}`, ...record })}\n`);
  }

  /** Content lines have no `key`: `readCacheRecords` passes over them. */
  async #loadContents(): Promise<Map<string, ContentRecord>> {
    if (this.#contents !== undefined) return this.#contents;
    const contents = new Map<string, ContentRecord>();
    const text = await readFile(this.#file, "utf8").catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
      throw error;
    });
    for (const line of text.split("\n")) {
      if (!line.startsWith('{"content":')) continue;
      try {
        const record = JSON.parse(line) as { content?: unknown; digest?: unknown; resolved?: unknown; directory?: unknown };
        if (typeof record.content === "string" && typeof record.digest === "string" && typeof record.resolved === "string") {
          contents.set(record.content, { digest: record.digest, resolved: record.resolved, directory: record.directory === true });
        }
      } catch {
        // A line cut short by a crash is skipped.
      }
    }
    this.#contents = contents;
    return contents;
  }

  async #append(record: CacheRecord): Promise<void> {
    const entries = await this.#load();
    entries.set(record.key, record);
    await mkdir(join(this.#file, ".."), { recursive: true });
    await appendFile(this.#file, formatCacheRecord(record));
  }

  async #load(): Promise<Map<string, CacheRecord>> {
    if (this.#entries !== undefined) return this.#entries;
    const entries = new Map<string, CacheRecord>();
    for (const record of await readCacheRecords(this.#file)) entries.set(record.key, record);
    this.#entries = entries;
    return entries;
  }
}
