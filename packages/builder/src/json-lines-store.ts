/**
 * The file mechanics shared by the builder's on-disk stores (file-digest-cache.ts, image-source-digests.ts):
 * a keyed JSON-lines file ("JSON Lines", https://jsonlines.org: one JSON value per line, `\n`-terminated),
 * loaded lazily, appended to, and rewritten whole when its owner decides to.
 *
 * - Load: read line by line (the file is never held whole); a line that does not parse (cut short by a
 *   crash while it was appended) or that the owner's guard rejects (another format version) is skipped,
 *   and the lines around it still count. Later lines win over earlier ones with the same key.
 * - Append: lines are queued by `record` and written by `flush`, one `appendFile` at a time, in order.
 * - Failure: the first error reading or writing the file (permissions, a full disk, a directory in its
 *   place) is sticky: the store stops reading and writing the file, `failure` holds it, and the owner
 *   behaves as without a store. A missing file is no failure: it is an empty store.
 * - Rewrite: written to a temporary file beside it and renamed over it (rename(2) is atomic within a
 *   file system), so a reader sees either the old file or the new one, never a part.
 * What a line means, its key, and when to rewrite stay with the owner.
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { appendFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";

export interface JsonLinesFormat<Line> {
  /** Whether a parsed value is a line this owner wrote (its shape, its format version). */
  isLine(value: unknown): value is Line;
  /** The key a line is stored under; a later line with the same key supersedes an earlier one. */
  keyOf(line: Line): string;
}

/**
 * `value` as a line of format `version` (an object whose `v` is it), whose other fields the owner's
 * guard checks; undefined for anything else.
 */
export function versionedLine<Line>(value: unknown, version: number): Partial<Line> | undefined {
  return typeof value === "object" && value !== null && (value as { v?: unknown }).v === version ? value : undefined;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class JsonLinesStore<Line> {
  readonly file: string;
  readonly #format: JsonLinesFormat<Line>;
  #entries: Promise<Map<string, Line>> | undefined;
  /** Lines the file holds, live and superseded (skipped lines too): what tells an owner to rewrite. */
  #lines = 0;
  /** Lines recorded but not yet appended. */
  #pending: string[] = [];
  #writing: Promise<void> = Promise.resolve();
  #failure: Error | undefined;

  constructor(file: string, format: JsonLinesFormat<Line>) {
    this.file = file;
    this.#format = format;
  }

  /** The first error reading or writing the file; the store is out of use after it. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Lines the file holds (as loaded, plus appended, or as last rewritten). */
  get lineCount(): number {
    return this.#lines;
  }

  /** Lines recorded and not yet flushed. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Whether `entries` was called: an owner that never used the store has nothing to rewrite. */
  get loaded(): boolean {
    return this.#entries !== undefined;
  }

  /** The live lines by key, oldest first (a superseded key moves to the end); loaded on first use. */
  entries(): Promise<Map<string, Line>> {
    this.#entries ??= this.#load();
    return this.#entries;
  }

  /** Makes `line` the live line of its key and queues it for the next `flush` (not when the store failed). */
  async record(line: Line): Promise<void> {
    const entries = await this.entries();
    const key = this.#format.keyOf(line);
    entries.delete(key);
    entries.set(key, line);
    if (this.#failure === undefined) this.#pending.push(`${JSON.stringify(line)}\n`);
  }

  /** Appends what is queued, after any append in flight; never rejects (a failure is kept in `failure`). */
  flush(): Promise<void> {
    const text = this.#pending.join("");
    const count = this.#pending.length;
    this.#pending = [];
    if (count === 0 || this.#failure !== undefined) return this.#writing;
    this.#writing = this.#writing.then(async () => {
      if (this.#failure !== undefined) return;
      try {
        await mkdir(dirname(this.file), { recursive: true });
        await appendFile(this.file, text);
        this.#lines += count;
      } catch (error) {
        this.#failure = asError(error);
      }
    });
    return this.#writing;
  }

  /**
   * Replaces the file with `lines`, atomically, after pending appends; rejects when it cannot (the old
   * file is left as it was, the temporary file removed). The store stays in use either way.
   */
  async rewrite(lines: readonly Line[]): Promise<void> {
    await this.flush();
    // A name no other build (in this process or another) writes at the same time.
    const temporary = `${this.file}.${randomBytes(8).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    this.#lines = lines.length;
  }

  /**
   * Appends what is queued, then keeps only the newest `max` live lines when the file holds more
   * lines than that (live and superseded); rejects with the store's failure, if any.
   */
  async closeKeepingNewest(max: number): Promise<void> {
    await this.flush();
    if (this.#failure !== undefined) throw this.#failure;
    if (!this.loaded || this.#lines <= max) return;
    await this.rewrite([...(await this.entries()).values()].slice(-max));
  }

  async #load(): Promise<Map<string, Line>> {
    const entries = new Map<string, Line>();
    const stream = createReadStream(this.file, { encoding: "utf8" });
    try {
      for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
        if (text === "") continue;
        this.#lines++;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          // A line cut short by a crash is skipped; the lines around it are still good.
          continue;
        }
        if (!this.#format.isLine(value)) continue;
        const key = this.#format.keyOf(value);
        entries.delete(key);
        entries.set(key, value);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") this.#failure = asError(error);
    }
    return entries;
  }
}
