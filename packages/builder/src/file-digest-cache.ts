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
 * beside the cache index (json-lines-store.ts: cut lines skipped, later lines win, a read or write
 * failure is sticky); lines are appended in batches as digests are computed. When the file holds
 * more than twice as many lines as live entries it is rewritten (atomically, by rename) at the end
 * of a build. Concurrent builds of one context may lose each other's appended lines to a rewrite:
 * a lost line costs a re-read, never a wrong digest, since every line carries the full stat key.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import type { DigestCache, FileIdentity } from "./context.js";
import { JsonLinesStore, versionedLine } from "./json-lines-store.js";

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

function isDigestLine(value: unknown): value is DigestLine {
  const line = versionedLine<DigestLine>(value, FORMAT);
  return (
    line !== undefined &&
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
  readonly #store: JsonLinesStore<DigestLine>;

  constructor(cacheDirectory: string, contextRoot: string) {
    this.#store = new JsonLinesStore(fileDigestsFile(cacheDirectory, contextRoot), { isLine: isDigestLine, keyOf: (line) => line.p });
  }

  get file(): string {
    return this.#store.file;
  }

  async get(identity: FileIdentity): Promise<string | undefined> {
    const line = (await this.#store.entries()).get(identity.path);
    if (this.#store.failure !== undefined) return undefined;
    if (line === undefined || !sameIdentity(line, identity)) return undefined;
    return line.h;
  }

  async set(identity: FileIdentity, digest: string): Promise<void> {
    await this.#store.record(toLine(identity, digest));
    // Appended in batches: one write per 256 digests rather than one per file.
    if (this.#store.pendingCount >= 256) await this.#store.flush();
  }

  /** Writes what is pending, and rewrites the file when most of its lines are superseded. */
  async close(): Promise<void> {
    await this.#store.flush();
    if (this.#store.failure !== undefined) throw this.#store.failure;
    if (!this.#store.loaded) return;
    const entries = await this.#store.entries();
    if (this.#store.lineCount <= 2 * entries.size + 64) return;
    await this.#store.rewrite([...entries.values()]);
  }
}
