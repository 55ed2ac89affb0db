/**
 * COPY and ADD with the classic builder's rules (builder.md §1.4): which sources a line names and
 * their content digests (the cache key), then the one archive that writes them into the image.
 */
import { createHash } from "node:crypto";
import { open, readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { EngineError } from "@dfbuild/engine";
import type { BuildEngine } from "./build-engine.js";
import { type BuildContext, ForbiddenPathError, tarsumOf } from "./context.js";
import { containsWildcards, goBase, goClean, goDir, goJoin, literalDirectoryOf, matchesGoPattern } from "./paths.js";
import type { SourceEntry } from "./source-entry.js";
import { type TarEntry, packEntries, readEntries } from "./tar.js";

/** One source of a COPY/ADD after wildcards are expanded: what to copy and its digest. */
export interface CopySource {
  /** `file:<sha>`, `dir:<sha>`, or a bare sha for an ADD URL, as in the classic builder's history. */
  hash: string;
  /** The path as named (its base name names the copy of a file). */
  name: string;
  kind: "file" | "directory" | "archive";
  /** A directory's content with paths relative to it; a file's single entry. */
  entries: SourceEntry[];
  /** For an archive ADD extracts: the file on this machine. */
  archivePath?: string;
}

export class CopyError extends Error {
  override readonly name = "CopyError";
}

/** Strips what the classic builder strips from a source path: a leading `/` and `./`. */
function normalizeSourcePath(path: string): string {
  let result = path;
  if (result.startsWith("/")) result = result.slice(1);
  if (result.startsWith("./")) result = result.slice(2);
  return result;
}

/** The digest of several sources together, as `getSourceHashFromInfos` forms it. */
export function combinedHash(sources: readonly CopySource[]): string {
  if (sources.length === 1) return sources[0]?.hash ?? "";
  return hashList("multi", sources.map((source) => source.hash));
}

function hashList(prefix: string, hashes: readonly string[]): string {
  return `${prefix}:${createHash("sha256").update(hashes.join(",")).digest("hex")}`;
}

/** Sources from the build context. `allowArchives` is ADD's extraction of local archives. */
export async function contextSources(context: BuildContext, paths: readonly string[], allowArchives: boolean): Promise<CopySource[]> {
  const sources: CopySource[] = [];
  for (const original of paths) {
    const path = normalizeSourcePath(original);
    if (containsWildcards(path)) {
      const all = await context.walk(".");
      for (const entry of all) {
        if (matchesGoPattern(path, entry.path)) sources.push(await contextSource(context, entry.path, entry.path, allowArchives));
      }
      continue;
    }
    sources.push(await contextSource(context, path, original, allowArchives));
  }
  return sources;
}

async function contextSource(context: BuildContext, path: string, original: string, allowArchives: boolean): Promise<CopySource> {
  let resolved: string;
  try {
    resolved = await context.resolve(path);
  } catch (error) {
    if (error instanceof ForbiddenPathError) throw new CopyError(error.message);
    throw error;
  }
  const entry = await context.entry(resolved);
  if (entry === undefined) {
    throw new CopyError(`file not found in build context or excluded by .dockerignore: stat ${path}: file does not exist`);
  }
  if (entry.type === "directory") {
    const walked = await context.walk(resolved);
    // The walk starts with the directory itself (not for the context root), as walkSource's does.
    const hashes = await Promise.all(walked.map((item) => context.hash(item.path)));
    hashes.sort();
    const prefix = resolved === "" ? "" : `${resolved}/`;
    return {
      hash: hashList("dir", hashes),
      name: path,
      kind: "directory",
      entries: walked.filter((item) => item.path !== resolved).map((item) => ({ ...item, path: item.path.slice(prefix.length) })),
    };
  }
  const hash = `file:${await context.hash(path)}`;
  const file = { ...entry, path: "" };
  if (allowArchives && (await isArchive(`${context.root}/${resolved}`))) {
    return { hash, name: original, kind: "archive", entries: [file], archivePath: `${context.root}/${resolved}` };
  }
  return { hash, name: path, kind: "file", entries: [file] };
}

/**
 * Whether ADD extracts a file: detected by content as `archive.IsArchivePath` does — a tar, or a
 * gzip, bzip2, xz or zstd stream (gzip is opened to check a tar is inside).
 */
export async function isArchive(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        return looksLikeTar(gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH: accept a cut stream */ }));
      } catch {
        return false;
      }
    }
    if (bytes.subarray(0, 3).toString("latin1") === "BZh") return true;
    if (bytes.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return true;
    if (bytes.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return true;
    return looksLikeTar(bytes);
  } finally {
    await handle.close();
  }
}

function looksLikeTar(bytes: Buffer): boolean {
  if (bytes.length < 512) return false;
  const header = bytes.subarray(0, 512);
  if (header.subarray(257, 262).toString("latin1") === "ustar") return true;
  // A v7 tar has no magic: check the header checksum.
  const stored = Number.parseInt(header.subarray(148, 156).toString("latin1").replace(/\0.*$/s, "").trim(), 8);
  if (Number.isNaN(stored)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === stored;
}

/**
 * Sources from an image (`COPY --from`), read through a container made from it. Ownership is the
 * image's own; the content is held in memory, since it is read to hash and then to copy.
 */
export async function imageSources(
  engine: BuildEngine,
  container: string,
  paths: readonly string[],
  names: AccountNames,
  signal?: AbortSignal,
): Promise<CopySource[]> {
  const sources: CopySource[] = [];
  for (const original of paths) {
    const path = normalizeSourcePath(original);
    if (containsWildcards(path)) {
      const directory = literalDirectoryOf(path);
      const entries = await downloadTree(engine, container, `/${directory}`, signal);
      if (entries === undefined) continue;
      const prefix = directory === "" ? "" : `${directory}/`;
      const matches = entries.filter((entry) => matchesGoPattern(path, `${prefix}${entry.path}`));
      for (const match of matches) {
        const full = `${prefix}${match.path}`;
        sources.push(await imageSource(engine, container, full, names, signal));
      }
      continue;
    }
    sources.push(await imageSource(engine, container, path, names, signal));
  }
  return sources;
}

async function imageSource(engine: BuildEngine, container: string, path: string, names: AccountNames, signal?: AbortSignal): Promise<CopySource> {
  const clean = goClean(`/${path}`);
  let stat;
  try {
    stat = await engine.containers.statPath(container, clean, { signal });
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) throw new CopyError(`stat ${path}: file does not exist`);
    throw error;
  }
  // A symlink named as a source is followed, as FollowSymlinkInScope does.
  const target = stat.type === "symlink" && stat.linkTarget !== "" ? stat.linkTarget : clean;
  const entries = (await downloadTree(engine, container, target, signal)) ?? [];
  const root = entries.find((entry) => entry.path === "");
  if (root === undefined) throw new CopyError(`stat ${path}: file does not exist`);
  const relative = goClean(target).slice(1);
  const named = (entry: SourceEntry): string => (relative === "" ? entry.path : entry.path === "" ? relative : `${relative}/${entry.path}`);
  // The daemon hashes files it stats itself: with type bits, and with its host's names for the ids.
  const hashOf = (entry: SourceEntry): Promise<string> =>
    tarsumOf({ ...entry, uname: names.users.get(entry.uid) ?? "", gname: names.groups.get(entry.gid) ?? "" }, named(entry), true);
  if (root.type === "directory") {
    const hashes = await Promise.all(entries.map(hashOf));
    hashes.sort();
    return { hash: hashList("dir", hashes), name: path, kind: "directory", entries: entries.filter((entry) => entry.path !== "") };
  }
  return { hash: `file:${await hashOf(root)}`, name: path, kind: "file", entries: [root] };
}

/** User and group names by id, as the engine's host resolves them. */
export interface AccountNames {
  users: ReadonlyMap<number, string>;
  groups: ReadonlyMap<number, string>;
}

/**
 * The names of this machine's /etc/passwd and /etc/group: the engine's own when it runs here (a
 * unix socket), which makes `COPY --from` digests — and so history — match the classic builder's.
 * For a remote engine they are unknown and left blank.
 */
export async function localAccountNames(engineHost: string): Promise<AccountNames> {
  const read = async (file: string): Promise<Map<number, string>> => {
    const names = new Map<number, string>();
    if (!engineHost.startsWith("unix://")) return names;
    const text = await readFile(file, "utf8").catch(() => "");
    for (const line of text.split("\n")) {
      const [name, , id] = line.split(":");
      if (name !== undefined && id !== undefined && /^\d+$/.test(id) && !names.has(Number(id))) names.set(Number(id), name);
    }
    return names;
  };
  return { users: await read("/etc/passwd"), groups: await read("/etc/group") };
}

/** Downloads a path of a container as entries relative to it (the path itself is `""`). */
async function downloadTree(engine: BuildEngine, container: string, path: string, signal?: AbortSignal): Promise<SourceEntry[] | undefined> {
  let download;
  try {
    download = await engine.containers.getArchive(container, path, { signal });
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return undefined;
    throw error;
  }
  const entries = await readEntries(download.tar);
  // The engine names entries after the path's base name: `bin/…` for /usr/bin, `./…` for /.
  return entries.map((entry) => {
    const slash = entry.path.indexOf("/");
    const first = slash === -1 ? entry.path : entry.path.slice(0, slash);
    const rest = slash === -1 ? "" : entry.path.slice(slash + 1);
    return { ...entry, path: first === "." || first === "" ? entry.path.replace(/^\.?\/?/, "") : rest };
  });
}

/** A source downloaded by ADD: never extracted, mode 0600, mtime from Last-Modified. */
export async function urlSource(url: string, destination: string, signal?: AbortSignal): Promise<CopySource> {
  const response = await fetch(url, { signal, redirect: "follow" });
  if (!response.ok) throw new CopyError(`failed to GET ${url} with status ${String(response.status)}: ${response.statusText}`);
  const content = Buffer.from(await response.arrayBuffer());
  let name = filenameFromUrl(url) ?? filenameFromDisposition(response.headers.get("content-disposition"));
  if (name === undefined) {
    if (destination.endsWith("/")) throw new CopyError(`cannot determine filename for source ${url}`);
    name = "__unnamed__";
  }
  const lastModified = response.headers.get("last-modified");
  const mtime = lastModified === null || Number.isNaN(Date.parse(lastModified)) ? new Date(0) : new Date(lastModified);
  const entry: SourceEntry = { path: "", type: "file", mode: 0o600, uid: 0, gid: 0, size: content.length, mtime, content: () => content };
  // The classic builder's history shows an ADD URL's digest bare, without `file:`.
  return { hash: await tarsumOf(entry, name, true), name, kind: "file", entries: [entry] };
}

function filenameFromUrl(url: string): string | undefined {
  const path = new URL(url).pathname;
  if (path === "" || path.endsWith("/")) return undefined;
  const base = goBase(decodeURIComponent(path));
  return base === "" || base === "/" ? undefined : base;
}

function filenameFromDisposition(header: string | null): string | undefined {
  const match = header === null ? null : /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header);
  const name = match?.[1];
  if (name === undefined || name.endsWith("/")) return undefined;
  return goBase(name);
}

/** A heredoc source of COPY/ADD: a file named after the delimiter, 0644. */
export function heredocSource(name: string, content: string): CopySource {
  const bytes = Buffer.from(content);
  const entry: SourceEntry = { path: "", type: "file", mode: 0o644, uid: 0, gid: 0, size: bytes.length, mtime: new Date(0), content: () => bytes };
  return { hash: `heredoc:${createHash("sha256").update(name).update("\0").update(bytes).digest("hex")}`, name, kind: "file", entries: [entry] };
}

/** Who copied files belong to: `--chown` ids, root for context files, or the source's own ids. */
export type Ownership = { uid: number; gid: number } | "preserve";

export interface CopyPlan {
  /** The destination as written (after expansion), relative to WORKDIR when not absolute. */
  destination: string;
  workdir: string;
  ownership: Ownership;
  /** `--chmod` (octal), applied to everything copied. */
  chmod: number | undefined;
  /**
   * `--link`: BuildKit copies onto an empty layer and merges it (`convert_copy.go`), so every
   * directory on the way to the destination is made anew — 0755, the `--chown` owner — and replaces
   * what the image had there (a symlink, another mode), as BuildKit's `MkdirAll` does.
   */
  link?: boolean;
}

/** What the destination image already has at a path. */
export type PathKind = "directory" | "other" | "missing";

/** The classic builder's destination: relative to WORKDIR, a trailing slash kept. */
export function normalizeDestination(workdir: string, destination: string): string {
  if (destination.startsWith("/")) return destination;
  const joined = goJoin("/", workdir, destination);
  return destination.endsWith("/") && joined !== "/" ? `${joined}/` : joined;
}

/**
 * Writes the sources into a container of the destination image: one archive extracted at `/`,
 * plus one extraction per local archive ADD unpacks. `pathKind` asks the container what a path is.
 */
export async function copyIntoContainer(
  engine: BuildEngine,
  container: string,
  sources: readonly CopySource[],
  plan: CopyPlan,
  pathKind: (path: string) => Promise<PathKind>,
  signal?: AbortSignal,
): Promise<void> {
  const destination = normalizeDestination(plan.workdir, plan.destination);
  const destinationPath = goClean(destination);
  const entries: TarEntry[] = [];
  const archives: { path: string; file: string }[] = [];
  const created = new Set<string>();
  const owner = (entry: SourceEntry): { uid: number; gid: number } => (plan.ownership === "preserve" ? { uid: entry.uid, gid: entry.gid } : plan.ownership);
  const root = plan.ownership === "preserve" ? { uid: 0, gid: 0 } : plan.ownership;
  const mode = (entry: SourceEntry): number => (plan.chmod === undefined || entry.type === "symlink" ? entry.mode : plan.chmod);
  const addDirectory = (path: string, ids: { uid: number; gid: number }): void => {
    created.add(path);
    entries.push({ name: path.slice(1), entry: { path, type: "directory", mode: 0o755, size: 0, mtime: new Date(), ...ids } });
  };
  const kindOf = async (path: string): Promise<PathKind> => (created.has(path) ? "directory" : pathKind(path));
  if (plan.link === true) {
    const directories: string[] = [];
    const into = destination.endsWith("/") || sources.some((source) => source.kind !== "file");
    for (let path = into ? destinationPath : goDir(destinationPath); path !== "/"; path = goDir(path)) directories.unshift(path);
    for (const path of directories) addDirectory(path, root);
  }

  for (const source of sources) {
    if (source.kind === "directory") {
      if ((await kindOf(destinationPath)) !== "directory") {
        // New parents of the destination stay root's; the destination itself gets the owner.
        addDirectory(destinationPath, root);
      }
      for (const entry of source.entries) {
        entries.push({ name: goJoin(destinationPath, entry.path).slice(1), entry: { ...entry, ...owner(entry), mode: mode(entry) } });
      }
      continue;
    }
    if (source.kind === "archive" && source.archivePath !== undefined) {
      if ((await kindOf(destinationPath)) !== "directory") addDirectory(destinationPath, { uid: 0, gid: 0 });
      archives.push({ path: destinationPath, file: source.archivePath });
      continue;
    }
    const file = source.entries[0];
    if (file === undefined) continue;
    const into = destination.endsWith("/") || (await kindOf(destinationPath)) === "directory";
    const target = into ? goJoin(destinationPath, goBase(source.name)) : destinationPath;
    if (plan.ownership !== "preserve" && (plan.ownership.uid !== 0 || plan.ownership.gid !== 0)) {
      // Parents this copy creates belong to the --chown user too (MkdirAllAndChown, only new ones).
      const missing: string[] = [];
      for (let parent = goDir(target); parent !== "/"; parent = goDir(parent)) {
        if ((await kindOf(parent)) !== "missing") break;
        missing.unshift(parent);
      }
      for (const parent of missing) addDirectory(parent, plan.ownership);
    }
    entries.push({ name: target.slice(1), entry: { ...file, ...owner(file), mode: mode(file) } });
  }

  if (entries.length > 0) await engine.containers.putArchive(container, "/", packEntries(entries), { signal });
  for (const archive of archives) {
    const handle = await open(archive.file, "r");
    try {
      await engine.containers.putArchive(container, archive.path, handle.createReadStream({ autoClose: false }), { signal });
    } finally {
      await handle.close();
    }
  }
}
