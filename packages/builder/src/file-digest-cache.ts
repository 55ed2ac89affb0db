/**
 * Context-file digests kept across builds, so that an unchanged context is not read again: the
 * `DigestCache` of `BuildContext`, on disk beside the build cache index.
 *
 * A digest is reused only when everything `lstat` says of the file is what it was when the digest
 * was computed: path, size, mode, mtime, ctime, inode and device (the stat data git's index keeps,
 * `read-cache.c` `ie_match_stat`; Bazel's digest cache keys on path, inode, ctime and size,
 * `DigestUtils.CacheKey`). ctime is what makes it exact: user space can set mtime back (`touch -r`,
 * `git checkout` of an older blob with `core.checkStat`, tools that preserve times), but the
 * kernel sets ctime to the current time on every write and every metadata change, and nothing
 * short of changing the system clock sets it back. BuildKit's file sync trusts size and mtime alone
 * (tonistiigi/fsutil `sameFile`), which a same-size write with the mtime restored gets past.
 * The price is a re-read after a change that leaves the content as it was (chmod back and forth,
 * a rename, `git checkout` rewriting an identical file): never a wrong digest.
 *
 * Racy files (git's `Documentation/technical/racy-git.txt`): a file written in the same clock tick
 * as it was hashed could change again without its stat data changing. A digest is kept only for a
 * file whose mtime and ctime are older than the start of its hashing by more than the file
 * system's timestamp granularity, and whose stat data did not change while it was read; the others
 * are hashed again next time. File times come from the kernel's coarse clock (one tick, at most
 * 10 ms behind); file systems that store whole seconds (ext3, HFS+; FAT: two) are recognised by
 * times with no fraction. A file system whose server's clock is behind this machine's (NFS) can
 * defeat the check, as it defeats git's.
 *
 * Storage: one JSON-lines file per context directory, `file-digests-<hash of its path>.jsonl`
 * beside the cache index; later lines win; lines are appended as digests are computed. When the file holds
 * more than twice as many lines as live entries it is rewritten (atomically, by rename) at the end
 * of a build. Concurrent builds of one context may lose each other's appended lines to a rewrite:
 * a lost line costs a re-read, never a wrong digest, since every line carries the full stat key.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { appendFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { DigestCache, FileIdentity } from "./context.js";

/** Bump when what a digest means changes, so old lines stop matching. */
const FORMAT = 1;

/** One tick of the kernel's coarse clock is at most 10 ms (HZ=100); a margin on top. */
const FINE_GRANULARITY_NS = 100_000_000n;
/** File systems with whole-second times; FAT rounds to two. */
const COARSE_GRANULARITY_NS = 2_000_000_000n;

/** A line of the store (short names: the file has one line per context file). */
interface DigestLine {
  v: number;
  p: string;
  s: number;
  m: number;
  t: string;
  c: string;
  i: string;
  d: string;
  h: string;
}

/** The file of a context directory's digests in a cache directory. */
export function fileDigestsFile(cacheDirectory: string, contextRoot: string): string {
  const name = createHash("sha256").update(contextRoot).digest("hex").slice(0, 32);
  return join(cacheDirectory, `file-digests-${name}.jsonl`);
}

/**
 * Whether a file with these times, whose reading started at `startedNs` (ns since the epoch), is
 * racy: its times are not older than that by more than one timestamp tick, so a write after the
 * reading started could leave them as they are. Its digest must not be kept.
 */
export function isRacy(identity: Pick<FileIdentity, "mtimeNs" | "ctimeNs">, startedNs: bigint): boolean {
  const second = 1_000_000_000n;
  const coarse = identity.mtimeNs % second === 0n && identity.ctimeNs % second === 0n;
  const latest = identity.mtimeNs > identity.ctimeNs ? identity.mtimeNs : identity.ctimeNs;
  return latest + (coarse ? COARSE_GRANULARITY_NS : FINE_GRANULARITY_NS) > startedNs;
}

function sameIdentity(line: DigestLine, identity: FileIdentity): boolean {
  return (
    line.s === identity.size &&
    line.m === identity.mode &&
    line.t === String(identity.mtimeNs) &&
    line.c === String(identity.ctimeNs) &&
    line.i === String(identity.ino) &&
    line.d === String(identity.dev)
  );
}

function toLine(identity: FileIdentity, digest: string): DigestLine {
  return {
    v: FORMAT,
    p: identity.path,
    s: identity.size,
    m: identity.mode,
    t: String(identity.mtimeNs),
    c: String(identity.ctimeNs),
    i: String(identity.ino),
    d: String(identity.dev),
    h: digest,
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function isDigestLine(value: unknown): value is DigestLine {
  const line = value as Partial<DigestLine> | null;
  return (
    typeof line === "object" &&
    line !== null &&
    line.v === FORMAT &&
    typeof line.p === "string" &&
    typeof line.s === "number" &&
    typeof line.m === "number" &&
    typeof line.t === "string" &&
    typeof line.c === "string" &&
    typeof line.i === "string" &&
    typeof line.d === "string" &&
    typeof line.h === "string"
  );
}

/**
 * The digests of one context directory's files, read from and appended to its file. A file that
 * cannot be read or written (permissions, a full disk, a directory in its place) never fails the
 * build: the store stops using it, every file is hashed as without a store, and `close` rejects with
 * the first such error, for the build to report once as a warning.
 */
export class FileDigestStore implements DigestCache {
  readonly file: string;
  #entries: Promise<Map<string, DigestLine>> | undefined;
  /** Lines the file holds (live and superseded), to know when to rewrite it. */
  #lines = 0;
  /** Lines not yet appended; written in batches, and at `close`. */
  #pending: string[] = [];
  #writing: Promise<void> = Promise.resolve();
  /** The first error reading or writing the file; the store is out of use after it. */
  #failure: Error | undefined;

  constructor(cacheDirectory: string, contextRoot: string) {
    this.file = fileDigestsFile(cacheDirectory, contextRoot);
  }

  async get(identity: FileIdentity): Promise<string | undefined> {
    const line = (await this.#load()).get(identity.path);
    if (this.#failure !== undefined) return undefined;
    if (line === undefined || !sameIdentity(line, identity)) return undefined;
    return line.h;
  }

  async set(identity: FileIdentity, digest: string): Promise<void> {
    const line = toLine(identity, digest);
    (await this.#load()).set(identity.path, line);
    if (this.#failure !== undefined) return;
    this.#pending.push(`${JSON.stringify(line)}\n`);
    if (this.#pending.length >= 256) await this.#flush();
  }

  /** Writes what is pending, and rewrites the file when most of its lines are superseded. */
  async close(): Promise<void> {
    await this.#flush();
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#entries === undefined) return;
    const entries = await this.#entries;
    if (this.#lines <= 2 * entries.size + 64) return;
    // A name no other build (in this process or another) writes at the same time.
    const temporary = `${this.file}.${randomBytes(8).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, [...entries.values()].map((line) => `${JSON.stringify(line)}\n`).join(""));
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    this.#lines = entries.size;
  }

  #flush(): Promise<void> {
    const text = this.#pending.join("");
    const count = this.#pending.length;
    this.#pending = [];
    if (count === 0 || this.#failure !== undefined) return this.#writing;
    this.#writing = this.#writing.then(async () => {
      if (this.#failure !== undefined) return;
      try {
        await mkdir(join(this.file, ".."), { recursive: true });
        await appendFile(this.file, text);
        this.#lines += count;
      } catch (error) {
        this.#failure = asError(error);
      }
    });
    return this.#writing;
  }

  /** Read line by line: the file is never held whole. */
  #load(): Promise<Map<string, DigestLine>> {
    this.#entries ??= (async () => {
      const entries = new Map<string, DigestLine>();
      const stream = createReadStream(this.file, { encoding: "utf8" });
      try {
        for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
          if (text === "") continue;
          this.#lines++;
          try {
            const line: unknown = JSON.parse(text);
            if (isDigestLine(line)) entries.set(line.p, line);
          } catch {
            // A line cut short by a crash is skipped; the lines around it are still good.
          }
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") this.#failure = asError(error);
      }
      return entries;
    })();
    return this.#entries;
  }
}
