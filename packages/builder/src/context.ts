/**
 * The build context as the classic builder sees it, read in place: no archive is made or sent.
 * Only what `.dockerignore` lets through exists here, symlinks resolve inside the context root, and
 * every file has the tarsum the daemon would compute over the CLI's context archive (context files
 * are sent as 0:0, so only name, mode, size, type, link target and content count — never mtime).
 *
 * Memory and open files stay flat whatever the context holds: directories are walked as a stream
 * (one directory listing at a time), at most HASH_CONCURRENCY files are open for hashing, and a
 * file's content is streamed through the hash, never held.
 */
import { createHash } from "node:crypto";
import { type BigIntStats, createReadStream } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import type { IgnoreMatcher } from "@dfbuild/parser";
import { isRacy } from "./file-digest-cache.js";
import { goClean } from "./paths.js";
import { type SourceEntry, tarsumHeader } from "./source-entry.js";

const MAX_SYMLINKS = 255;
/** Files hashed at once: enough to keep a disk busy, far below any open-file limit (`ulimit -n` 256 on macOS). */
export const HASH_CONCURRENCY = 16;
/** Entries of a directory stat'ed at once by a walk (their stats are held until walked). */
const WALK_STAT_BATCH = 64;
/** Read size for hashing and copying a context file (the default 64 KiB costs more calls on big files). */
export const READ_CHUNK_SIZE = 1024 * 1024;

/**
 * What says a file's content is unchanged without reading it: its path, size, mode, change and
 * modification times, inode and device (as git's index keys its stat data; see file-digest-cache.ts).
 */
export interface FileIdentity {
  path: string;
  size: number;
  mode: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
  dev: bigint;
}

/**
 * A store of context-file digests across builds: when it knows a file's identity, the file is not
 * read again. The digest is the file's tarsum, which depends only on what the identity holds.
 */
export interface DigestCache {
  get(identity: FileIdentity): string | undefined | Promise<string | undefined>;
  set(identity: FileIdentity, digest: string): void | Promise<void>;
}

export interface BuildContextOptions {
  digestCache?: DigestCache;
}

export interface WalkOptions {
  /**
   * Whether the walk goes into a directory below its start (given its path): one it skips is
   * still yielded, but not what it holds. Default: every directory.
   */
  enter?: (path: string) => boolean;
}

/** A context path that points outside the context (`COPY ../x`). */
export class ForbiddenPathError extends Error {
  override readonly name = "ForbiddenPathError";
}

export class BuildContext {
  readonly root: string;
  readonly ignore: IgnoreMatcher;
  /** Digests computed in this build, by path (a path copied twice is read once). */
  readonly #hashes = new Map<string, Promise<string>>();
  readonly #digestCache: DigestCache | undefined;

  constructor(root: string, ignore: IgnoreMatcher, options: BuildContextOptions = {}) {
    this.root = root;
    this.ignore = ignore;
    this.#digestCache = options.digestCache;
  }

  /** Resolves symlinks in `path` without leaving the context, as `FollowSymlinkInScope` does. */
  async resolve(path: string): Promise<string> {
    const cleaned = goClean(path);
    if (cleaned === ".." || cleaned.startsWith("../")) {
      throw new ForbiddenPathError(`forbidden path outside the build context: ${path} ()`);
    }
    const pending = cleaned === "." ? [] : cleaned.split("/");
    let resolved: string[] = [];
    let links = 0;
    while (pending.length > 0) {
      const part = pending.shift() ?? "";
      if (part === "" || part === ".") continue;
      if (part === "..") {
        resolved.pop();
        continue;
      }
      const candidate = [...resolved, part];
      const stats = await this.#lstatIncluded(candidate.join("/"));
      if (stats?.isSymbolicLink() === true) {
        if (++links > MAX_SYMLINKS) throw new Error(`too many links resolving ${path} in the build context`);
        const target = await readlink(join(this.root, ...candidate));
        if (target.startsWith("/")) resolved = [];
        pending.unshift(...target.split("/"));
      } else {
        resolved = candidate;
      }
    }
    return resolved.join("/");
  }

  /** The entry at a resolved path, or undefined when it does not exist or is excluded. */
  async entry(path: string): Promise<SourceEntry | undefined> {
    const stats = await this.#lstatIncluded(path);
    if (stats === undefined) return undefined;
    return this.#toEntry(path, stats);
  }

  /**
   * `path` itself and everything under it that reaches the build, in the walk's (lexical) order,
   * as a stream: only the listing of the directories being walked is held.
   */
  async *walk(path: string, options: WalkOptions = {}): AsyncGenerator<SourceEntry> {
    for await (const { entry } of this.#walk(path, options)) yield entry;
  }

  async *#walk(path: string, { enter }: WalkOptions = {}): AsyncGenerator<{ entry: SourceEntry; stats: BigIntStats }> {
    const visit = async function* (this: BuildContext, relative: string, stats: BigIntStats | undefined): AsyncGenerator<{ entry: SourceEntry; stats: BigIntStats }> {
      if (stats === undefined) return;
      if (relative !== "") {
        const entry = await this.#toEntry(relative, stats);
        if (entry !== undefined) yield { entry, stats };
      }
      if (!stats.isDirectory()) return;
      if (relative !== "" && enter !== undefined && !enter(relative)) return;
      const names = (await readdir(join(this.root, relative))).sort(compareGoStrings);
      // A directory's entries are stat'ed WALK_STAT_BATCH at a time, in parallel: one at a time,
      // a walk of 20,000 files waits for 20,000 round trips through libuv's thread pool.
      for (let start = 0; start < names.length; start += WALK_STAT_BATCH) {
        const paths = names.slice(start, start + WALK_STAT_BATCH).map((name) => (relative === "" ? name : `${relative}/${name}`));
        const batch = await Promise.all(paths.map((child) => this.#lstatIncluded(child)));
        for (const [index, child] of paths.entries()) yield* visit.call(this, child, batch[index]);
      }
    };
    const start = path === "." ? "" : path;
    yield* visit.call(this, start, await this.#lstatIncluded(start));
  }

  /**
   * The digests of `path` and everything under it (the walk's entries), at most HASH_CONCURRENCY
   * files read at once; in no particular order.
   */
  async hashTree(path: string): Promise<string[]> {
    const hashes: string[] = [];
    const running = new Set<Promise<void>>();
    let failure: unknown;
    for await (const { entry, stats } of this.#walk(path)) {
      if (failure !== undefined) break;
      // The walk never enters a symlink, so only a symlink itself needs resolving (the daemon's
      // `Hash` follows it: the link is hashed as its target); other entries are hashed as walked.
      let hash = this.#hashes.get(entry.path);
      if (hash === undefined && entry.type === "symlink") hash = this.hash(entry.path);
      if (hash === undefined) {
        hash = this.#digestOf(entry, stats);
        this.#hashes.set(entry.path, hash);
      }
      const task = hash.then(
        (digest) => {
          hashes.push(digest);
        },
        (error: unknown) => {
          failure ??= error;
        },
      );
      running.add(task);
      void task.finally(() => running.delete(task));
      if (running.size >= HASH_CONCURRENCY) await Promise.race(running);
    }
    await Promise.all(running);
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error("hashing the build context failed", { cause: failure });
    return hashes;
  }

  /**
   * The daemon's content hash of a path (`Source.Hash`): the tarsum of the entry the path resolves
   * to, or the path itself when the context archive has no entry for it.
   */
  hash(path: string): Promise<string> {
    let hash = this.#hashes.get(path);
    if (hash === undefined) {
      hash = this.#computeHash(path);
      this.#hashes.set(path, hash);
    }
    return hash;
  }

  async #computeHash(path: string): Promise<string> {
    const resolved = await this.resolve(path);
    const stats = await this.#lstatIncluded(resolved);
    const entry = stats === undefined ? undefined : await this.#toEntry(resolved, stats);
    // A directory the walk entered only for an exception has no entry of its own in the archive.
    if (stats === undefined || entry === undefined || (entry.type === "directory" && !this.#sendsEntry(resolved))) return path;
    return this.#digestOf(entry, stats);
  }

  /**
   * An entry's tarsum, through the digest cache; for a directory the archive has no entry of its
   * own for (entered only for an exception), its path, as the daemon's `Source.Hash` falls back to.
   */
  async #digestOf(entry: SourceEntry, stats: BigIntStats): Promise<string> {
    if (entry.type === "directory" && !this.#sendsEntry(entry.path)) return entry.path;
    if (entry.type !== "file" || this.#digestCache === undefined) return tarsumOf(entry, entry.path);
    const identity = identityOf(entry.path, stats);
    const known = await this.#digestCache.get(identity);
    if (known !== undefined) return known;
    const startedNs = BigInt(Date.now()) * 1_000_000n;
    const digest = await tarsumOf(entry, entry.path);
    // Kept only if nothing could have changed unseen: not racy, and the same file after the read.
    const after = await lstatOrUndefined(join(this.root, entry.path));
    if (!isRacy(identity, startedNs) && after !== undefined && sameFile(identityOf(entry.path, after), identity)) {
      await this.#digestCache.set(identity, digest);
    }
    return digest;
  }

  #sendsEntry(path: string): boolean {
    return this.ignore.status(path) === "sent";
  }

  async #lstatIncluded(path: string): Promise<BigIntStats | undefined> {
    const status = this.ignore.status(path);
    if (status === "excluded") return undefined;
    const stats = await lstatOrUndefined(join(this.root, path));
    // An entered directory exists only if it is one: a file by that name was not sent.
    if (status === "entered" && stats?.isDirectory() !== true) return undefined;
    return stats;
  }

  async #toEntry(path: string, stats: BigIntStats): Promise<SourceEntry | undefined> {
    const absolute = join(this.root, path);
    const base = { path, uid: 0, gid: 0, mtime: stats.mtime };
    const mode = Number(stats.mode);
    if (stats.isDirectory()) {
      // The untar of the daemon recreates an unsent directory as 0755.
      return { ...base, type: "directory", mode: this.#sendsEntry(path) ? mode & 0o7777 : 0o755, size: 0 };
    }
    if (stats.isSymbolicLink()) {
      return { ...base, type: "symlink", mode: mode & 0o7777, size: 0, linkname: await readlink(absolute) };
    }
    if (stats.isFile()) {
      return {
        ...base,
        type: "file",
        mode: mode & 0o7777,
        size: Number(stats.size),
        content: () => createReadStream(absolute, { highWaterMark: READ_CHUNK_SIZE }),
      };
    }
    // Sockets, pipes and devices are not part of a build context.
    return undefined;
  }
}

function identityOf(path: string, stats: BigIntStats): FileIdentity {
  return { path, size: Number(stats.size), mode: Number(stats.mode), mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs, ino: stats.ino, dev: stats.dev };
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mode === b.mode && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino && a.dev === b.dev;
}

/** Go sorts directory entries by bytes; for names this is the UTF-16 order but for surrogates. */
function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function lstatOrUndefined(path: string): Promise<BigIntStats | undefined> {
  try {
    return await lstat(path, { bigint: true });
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** sha256 over the tarsum v1 header of the entry, then its content. */
export async function tarsumOf(entry: SourceEntry, name: string, withTypeBits = false): Promise<string> {
  const hash = createHash("sha256");
  hash.update(tarsumHeader(entry, entry.type === "directory" ? `${name}/` : name, withTypeBits));
  if (entry.type === "file" && entry.content !== undefined) {
    const content = entry.content();
    if (Buffer.isBuffer(content)) hash.update(content);
    else for await (const chunk of content) hash.update(chunk as Buffer);
  }
  return hash.digest("hex");
}
