/**
 * The build cache: step key → image ID, kept on disk so it survives runs. One append-only JSON-lines
 * file per engine (keyed by the engine's ID, since image IDs mean nothing on another engine); the
 * last line for a key wins, and concurrent builds only ever append whole lines. A hit is trusted
 * only after the engine confirms the image still exists: a deleted image is a miss, never an error.
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

export class BuildCache {
  readonly #file: string;
  readonly #engine: BuildEngine;
  #entries: Map<string, string> | undefined;

  constructor(engine: BuildEngine, directory: string, engineId: string) {
    this.#engine = engine;
    this.#file = join(directory, `index-${engineId.replace(/[^A-Za-z0-9_-]/g, "_")}.jsonl`);
  }

  get file(): string {
    return this.#file;
  }

  /** The image for a key when the index has one and the engine still has it. */
  async lookup(key: string, signal?: AbortSignal): Promise<string | undefined> {
    const entries = await this.#load();
    const image = entries.get(key);
    if (image === undefined) return undefined;
    try {
      const inspected = await this.#engine.images.inspect(image, { signal });
      return inspected.Id;
    } catch (error) {
      if (error instanceof EngineError && error.status === 404) {
        entries.delete(key);
        return undefined;
      }
      throw error;
    }
  }

  async store(key: string, image: string): Promise<void> {
    const entries = await this.#load();
    entries.set(key, image);
    await mkdir(join(this.#file, ".."), { recursive: true });
    await appendFile(this.#file, `${JSON.stringify({ key, image })}\n`);
  }

  async #load(): Promise<Map<string, string>> {
    if (this.#entries !== undefined) return this.#entries;
    const entries = new Map<string, string>();
    let text = "";
    try {
      text = await readFile(this.#file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        const record = JSON.parse(line) as { key?: unknown; image?: unknown };
        if (typeof record.key === "string" && typeof record.image === "string") entries.set(record.key, record.image);
      } catch {
        // A line cut short by a crash is skipped; the lines around it are still good.
      }
    }
    this.#entries = entries;
    return entries;
  }
}
