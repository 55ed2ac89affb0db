/**
 * The build context as the classic builder sees it, read in place: no archive is made or sent.
 * Only what `.dockerignore` lets through exists here, symlinks resolve inside the context root, and
 * every file has the tarsum the daemon would compute over the CLI's context archive (context files
 * are sent as 0:0, so only name, mode, size, type, link target and content count — never mtime).
 */
import { createHash } from "node:crypto";
import { createReadStream, type Stats } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import type { IgnoreMatcher } from "./dockerignore.js";
import { goClean } from "./paths.js";
import { type SourceEntry, tarsumHeader } from "./source-entry.js";

const MAX_SYMLINKS = 255;

/** A context path that points outside the context (`COPY ../x`). */
export class ForbiddenPathError extends Error {
  override readonly name = "ForbiddenPathError";
}

export class BuildContext {
  readonly root: string;
  readonly ignore: IgnoreMatcher;
  readonly #hashes = new Map<string, Promise<string>>();

  constructor(root: string, ignore: IgnoreMatcher) {
    this.root = root;
    this.ignore = ignore;
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

  /** `path` itself and everything under it that reaches the build, in the walk's (lexical) order. */
  async walk(path: string): Promise<SourceEntry[]> {
    const entries: SourceEntry[] = [];
    const visit = async (relative: string): Promise<void> => {
      const stats = await this.#lstatIncluded(relative);
      if (stats === undefined) return;
      if (relative !== "") {
        const entry = await this.#toEntry(relative, stats);
        if (entry !== undefined) entries.push(entry);
      }
      if (!stats.isDirectory()) return;
      const names = (await readdir(join(this.root, relative))).sort(compareGoStrings);
      for (const name of names) await visit(relative === "" ? name : `${relative}/${name}`);
    };
    await visit(path === "." ? "" : path);
    return entries;
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
    const entry = await this.entry(resolved);
    // A directory the walk entered only for an exception has no entry of its own in the archive.
    if (entry === undefined || (entry.type === "directory" && !this.#sendsEntry(resolved))) return path;
    return tarsumOf(entry, resolved);
  }

  #sendsEntry(path: string): boolean {
    return this.ignore.status(path) === "sent";
  }

  async #lstatIncluded(path: string): Promise<Stats | undefined> {
    const status = this.ignore.status(path);
    if (status === "excluded") return undefined;
    const stats = await lstatOrUndefined(join(this.root, path));
    // An entered directory exists only if it is one: a file by that name was not sent.
    if (status === "entered" && stats?.isDirectory() !== true) return undefined;
    return stats;
  }

  async #toEntry(path: string, stats: Stats): Promise<SourceEntry | undefined> {
    const absolute = join(this.root, path);
    const base = { path, uid: 0, gid: 0, mtime: stats.mtime };
    if (stats.isDirectory()) {
      // The untar of the daemon recreates an unsent directory as 0755.
      const mode = this.#sendsEntry(path) ? stats.mode & 0o7777 : 0o755;
      return { ...base, type: "directory", mode, size: 0 };
    }
    if (stats.isSymbolicLink()) {
      return { ...base, type: "symlink", mode: stats.mode & 0o7777, size: 0, linkname: await readlink(absolute) };
    }
    if (stats.isFile()) {
      return { ...base, type: "file", mode: stats.mode & 0o7777, size: stats.size, content: () => createReadStream(absolute) };
    }
    // Sockets, pipes and devices are not part of a build context.
    return undefined;
  }
}

/** Go sorts directory entries by bytes; for names this is the UTF-16 order but for surrogates. */
function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
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
