/**
 * COPY and ADD with the classic builder's rules (moby `builder/dockerfile/copy.go`): which sources
 * a line names and their content digests (the cache key), then the one archive that writes them
 * into the image. Sources are read twice, as the classic builder reads them — once to hash, once,
 * on a cache miss, to copy — and streamed both times: memory and open files stay flat whatever the
 * number or size of the files, for context files and for `COPY --from` alike. The exception is a
 * small `COPY --from` source, whose bytes are kept from the read that hashed it (`KeptSourceBytes`):
 * reading it again would take a container of its own.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { EngineError, type PathStat } from "@dfbuild/engine";
import { ArchiveEntryError, type ExistingPath, compressionOf, extractedEntries } from "./archive-extract.js";
import type { BuildEngine } from "./build-engine.js";
import { type BuildContext, ForbiddenPathError, tarsumOf } from "./context.js";
import { decompress } from "./decompress.js";
import { containsWildcards, goBase, goClean, goDir, goJoin, literalDirectoryOf, matchesGoPattern } from "./paths.js";
import type { SourceEntry } from "./source-entry.js";
import type { ContainerSet } from "./containers.js";
import { type ImageSourceDigests, type ImageSourceRecord, accountNamesKey } from "./image-source-digests.js";
import { UnknownPath, type WrittenKind } from "./layer-paths.js";
import { SourceChangedError, type TarEntry, packEntries, tarEntries } from "./tar.js";

/** One source of a COPY/ADD after wildcards are expanded: what to copy and its digest. */
export interface CopySource {
  /** `file:<sha>`, `dir:<sha>`, or a bare sha for an ADD URL, as in the classic builder's history. */
  hash: string;
  /** The path as named (its base name names the copy of a file). */
  name: string;
  kind: "file" | "directory" | "archive";
  /**
   * Reads the source again, as a stream: a directory's content with paths relative to it (hard
   * links name their target the same way), or a file's single entry (path `""`).
   */
  entries: () => AsyncIterable<SourceEntry>;
  /** For an archive ADD extracts: the file on this machine. */
  archivePath?: string;
  /**
   * A context source's digest of one of its files, by its path in `entries` (known from hashing
   * the source: nothing is read again); it lets a cache miss name a file whose content changed.
   */
  digestOf?: (path: string) => Promise<string>;
}

/**
 * What a build may keep in memory of `COPY --from` sources, in all: the bytes of a source read to
 * hash it are kept, while they fit, so that the copy (and a cache miss's report, cache-miss.ts)
 * need not read it again through another container made from the image (an engine create, an
 * archive download and a remove). A source that does not fit in what is left is read again,
 * streamed, as context files are. The bytes are never given back: the cap holds for the whole
 * build, however many sources it reads.
 */
export class KeptSourceBytes {
  #left: number;

  constructor(bytes: number) {
    this.#left = bytes;
  }

  /** Takes `bytes` from what is left; false (and nothing taken) when they do not fit. */
  take(bytes: number): boolean {
    if (bytes > this.#left) return false;
    this.#left -= bytes;
    return true;
  }

  /** Gives back what a source took before it turned out too large to keep whole. */
  giveBack(bytes: number): void {
    this.#left += bytes;
  }
}

/** What a build keeps of `COPY --from` sources (`KeptSourceBytes`). */
export const KEPT_SOURCE_BYTES = 32 * 1024 * 1024;

/** A COPY or ADD source that cannot be had; the message is the classic builder's. */
export class CopyError extends Error {
  override readonly name = "CopyError";
  readonly code = "DFB_COPY_FAILED";
}

/** A source's first entry (a file source's only one), read through its stream. */
export async function firstEntry(source: CopySource): Promise<SourceEntry | undefined> {
  for await (const entry of source.entries()) return entry;
  return undefined;
}

/** Entries given once, for sources made in memory. */
function entriesOf(...entries: SourceEntry[]): () => AsyncIterable<SourceEntry> {
  // eslint-disable-next-line @typescript-eslint/require-await -- an async iterable of entries at hand
  return async function* () {
    yield* entries;
  };
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
      for await (const entry of context.walk(".", { enter: wildcardWalkFilter(path) })) {
        if (matchesGoPattern(path, entry.path)) sources.push(await contextSource(context, entry.path, entry.path, allowArchives));
      }
      continue;
    }
    sources.push(await contextSource(context, path, original, allowArchives));
  }
  return sources;
}

/**
 * The directories a walk for a wildcard source needs to enter. The classic builder walks the whole
 * context and matches every path against the pattern with Go's `filepath.Match` (moby
 * `builder/dockerfile/copy.go` `copyWithWildcards`), where `*`, `?` and classes never match a `/`:
 * a path matches only if it has as many parts as the pattern, each matching its part. So only
 * directories with fewer parts than the pattern, each matching, can hold a match: a walk that
 * enters no other finds the same matches, in the same order, without listing the rest of the
 * context (`COPY *.txt` in a context with a large data directory). Undefined (enter every
 * directory) for a pattern whose parts cannot be told apart safely: an escape or a class, which
 * could stand for a `/`, or an empty, `.` or `..` part.
 */
export function wildcardWalkFilter(pattern: string): ((directory: string) => boolean) | undefined {
  if (/[[\\]/.test(pattern)) return undefined;
  const parts = pattern.split("/");
  if (parts.some((part) => part === "" || part === "." || part === "..")) return undefined;
  return (directory) => {
    const names = directory.split("/");
    return names.length < parts.length && names.every((name, index) => matchesGoPattern(parts[index] ?? "", name));
  };
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
    // The walk starts with the directory itself (not for the context root), as walkSource's does.
    const hashes = await context.hashTree(resolved);
    hashes.sort();
    const prefix = resolved === "" ? "" : `${resolved}/`;
    return {
      hash: hashList("dir", hashes),
      name: path,
      kind: "directory",
      entries: async function* () {
        for await (const item of context.walk(resolved)) if (item.path !== resolved) yield { ...item, path: item.path.slice(prefix.length) };
      },
      digestOf: (entryPath) => context.hash(`${prefix}${entryPath}`),
    };
  }
  const hash = `file:${await context.hash(path)}`;
  const file = { ...entry, path: "" };
  if (allowArchives && (await isArchive(`${context.root}/${resolved}`))) {
    return { hash, name: original, kind: "archive", entries: entriesOf(file), archivePath: `${context.root}/${resolved}` };
  }
  return { hash, name: path, kind: "file", entries: entriesOf(file), digestOf: () => context.hash(path) };
}

/**
 * Whether ADD extracts a file: detected by content as `archive.IsArchivePath` does — a tar, plain
 * or compressed with gzip, bzip2, xz or zstd, whose first header reads.
 */
export async function isArchive(path: string): Promise<boolean> {
  const compression = await compressionOf(path);
  const stream = decompress(createReadStream(path), compression);
  const head: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      head.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= 512) break;
    }
  } catch {
    // Not a stream of that compression after all (a text file that starts like one).
    return false;
  } finally {
    stream.destroy();
  }
  return looksLikeTar(Buffer.concat(head));
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
 * Sources from an image (`COPY --from`), read through containers made from it (never started):
 * one while they are hashed, and another for each later read, each removed once read. The
 * engine's archive of a path is streamed through the hash and, on a cache miss, into the copy:
 * nothing is held, whatever the size — except, with `kept`, the bytes of sources small enough to
 * keep (`KeptSourceBytes`), which are not read again. Ownership is the image's own. With `digests`,
 * paths this image was read for before are not read again (image-source-digests.ts): when every
 * path is known, no container is made until a cache miss reads the content.
 */
export async function imageSources(
  engine: BuildEngine,
  containers: ContainerSet,
  image: string | FilesBeforeCommit,
  paths: readonly string[],
  names: AccountNames,
  signal?: AbortSignal,
  digests?: ImageSourceDigests,
  kept?: KeptSourceBytes,
): Promise<CopySource[]> {
  const namesKey = accountNamesKey(names);
  const normalized = paths.map(normalizeSourcePath);
  if (typeof image !== "string") {
    const reader = new ImageReader(engine, containers, image.image, signal, { container: image.container, readable: image.readable });
    return readSources(reader, image.container, normalized, names, kept, (path, records) => {
      if (digests !== undefined) image.recorded(image.image.then((id) => digests.set(id, namesKey, path, records)));
    });
  }
  const reader = new ImageReader(engine, containers, image, signal);
  if (digests !== undefined) {
    const known = await Promise.all(normalized.map((path) => digests.get(image, namesKey, path)));
    if (known.every((records) => records !== undefined)) return known.flat().map((record) => imageCopySource(reader, record));
  }
  return containers.with(
    reader.bodyOf(image),
    (container) => readSources(reader, container, normalized, names, kept, (path, records) => digests?.set(image, namesKey, path, records)),
    { removeInBackground: true },
  );
}

/**
 * An image's files before the image exists, for `imageSources`: a stage's last container, stopped
 * once its command succeeded, while the engine commits it (copy-from-ahead.ts
 * `ContainerBeforeCommit`). The container's files are the image's except where the engine mounts
 * something into it; `readable` says which paths are outside those, and a read that would touch
 * another path throws `UnreadableBeforeCommit` (the caller reads the image instead, once it
 * exists). The digests are recorded under the image once the commit names it (`recorded` keeps the
 * container until then), and later reads of a source that was not kept go through containers of
 * that image.
 */
export interface FilesBeforeCommit {
  container: string;
  image: Promise<string>;
  readable: (path: string) => boolean;
  recorded: (done: Promise<unknown>) => void;
}

/** A read of a path that `imageSources` may not make in the container of a `FilesBeforeCommit`. */
export class UnreadableBeforeCommit extends Error {
  override readonly name = "UnreadableBeforeCommit";
}

/** The sources at `paths` (normalized) of the container, wildcards expanded; `remember` gets each path's records. */
async function readSources(
  reader: ImageReader,
  container: string,
  paths: readonly string[],
  names: AccountNames,
  kept: KeptSourceBytes | undefined,
  remember: (path: string, records: ImageSourceRecord[]) => Promise<void> | void,
): Promise<CopySource[]> {
  const sources: CopySource[] = [];
  for (const path of paths) {
    const found: ReadImageSource[] = [];
    if (containsWildcards(path)) {
      const directory = literalDirectoryOf(path);
      const prefix = directory === "" ? "" : `${directory}/`;
      const matches: string[] = [];
      const listing = await reader.download(container, `/${directory}`);
      for await (const entry of listing ?? []) {
        const full = `${prefix}${entry.path}`;
        if (entry.path !== "" && matchesGoPattern(path, full)) matches.push(full);
      }
      for (const match of matches) found.push(await imageSource(reader, container, match, names, kept));
    } else {
      found.push(await imageSource(reader, container, path, names, kept));
    }
    await remember(path, found.map(({ record }) => record));
    sources.push(...found.map(({ record, entries }) => imageCopySource(reader, record, entries)));
  }
  return sources;
}

/**
 * A source of an image as its digest and where its content is: the entries kept from hashing it
 * when there are (`KeptSourceBytes`), else read anew, on a cache miss, through a container of its own.
 */
function imageCopySource(reader: ImageReader, { hash, name, kind, target }: ImageSourceRecord, kept?: readonly SourceEntry[]): CopySource {
  const read = kept === undefined ? () => reader.read(target) : entriesOf(...kept);
  if (kind === "directory") {
    return {
      hash,
      name,
      kind,
      entries: async function* () {
        for await (const entry of read()) if (entry.path !== "") yield entry;
      },
    };
  }
  return { hash, name, kind, entries: read };
}

/**
 * Reads paths of an image through a container made from it; with `guarded`, of that container
 * only where `readable` allows (`FilesBeforeCommit`).
 */
class ImageReader {
  readonly engine: BuildEngine;
  readonly containers: ContainerSet;
  readonly signal: AbortSignal | undefined;
  readonly #image: string | Promise<string>;
  readonly #guarded: { container: string; readable: (path: string) => boolean } | undefined;

  constructor(engine: BuildEngine, containers: ContainerSet, image: string | Promise<string>, signal: AbortSignal | undefined, guarded?: { container: string; readable: (path: string) => boolean }) {
    this.engine = engine;
    this.containers = containers;
    this.signal = signal;
    this.#image = image;
    this.#guarded = guarded;
  }

  /** Never started: a container only gives access to the image's files. */
  bodyOf(image: string): { Image: string; Entrypoint: string[]; Cmd: null } {
    return { Image: image, Entrypoint: ["/dfbuild-copy-source"], Cmd: null };
  }

  #check(container: string, path: string): void {
    const guarded = this.#guarded;
    if (guarded?.container === container && !guarded.readable(goClean(path))) throw new UnreadableBeforeCommit(`${path} is not read from a container before its commit`);
  }

  /** What the engine says of a path of the container (not following a last symlink). */
  stat(container: string, path: string): Promise<PathStat> {
    this.#check(container, path);
    return this.engine.containers.statPath(container, path, { signal: this.signal });
  }

  /**
   * The entries of a path of the container as they arrive, relative to the path (the path itself
   * is `""`); undefined when there is no such path.
   */
  async download(container: string, path: string): Promise<AsyncGenerator<SourceEntry> | undefined> {
    return (await this.open(container, path))?.entries;
  }

  /**
   * `download`, with what the engine says of the path (not following a last symlink), as `stat`
   * would: the archive's response carries the same description as `HEAD …/archive` (moby
   * `daemon/archive.go` `containerArchivePath` stats the path it archives, and the router sends it
   * as `X-Docker-Container-Path-Stat`), so one request serves for both. Undefined when there is
   * no such path.
   */
  async open(container: string, path: string): Promise<{ stat: PathStat; entries: AsyncGenerator<SourceEntry> } | undefined> {
    this.#check(container, path);
    let download;
    try {
      download = await this.engine.containers.getArchive(container, path, { signal: this.signal });
    } catch (error) {
      if (error instanceof EngineError && error.status === 404) return undefined;
      throw error;
    }
    const tar = download.tar;
    const entries = (async function* () {
      for await (const entry of tarEntries(tar)) {
        yield { ...entry, path: relativeToDownload(entry.path), ...(entry.type === "hardlink" ? { linkname: relativeToDownload(entry.linkname ?? "") } : {}) };
      }
    })();
    return { stat: download.stat, entries };
  }

  /** Digests of symlink targets, by resolved path (`lazySource.sums`). */
  readonly #resolved = new Map<string, string | undefined>();

  /** The digest of what a symlink of the image resolves to, named by that path; that path when nothing is there. */
  async resolvedHash(container: string, link: string, withNames: (entry: SourceEntry) => SourceEntry): Promise<string | undefined> {
    let stat;
    try {
      stat = await this.stat(container, link);
    } catch (error) {
      if (error instanceof EngineError && error.status === 404) return undefined;
      throw error;
    }
    const resolved = goClean(stat.linkTarget === "" ? link : stat.linkTarget);
    if (this.#resolved.has(resolved)) return this.#resolved.get(resolved);
    let hash: string | undefined = resolved.slice(1);
    // Only the target's own entry counts (a directory's header, a file's header and content).
    for await (const entry of (await this.download(container, resolved)) ?? []) {
      if (entry.type !== "hardlink") hash = await tarsumOf(withNames(entry), resolved.slice(1), true);
      break;
    }
    this.#resolved.set(resolved, hash);
    return hash;
  }

  /** A path's entries read anew through a container of their own (of the image), removed when the reading ends. */
  async *read(path: string): AsyncGenerator<SourceEntry> {
    const container = await this.containers.create(this.bodyOf(await this.#image));
    try {
      const entries = await this.download(container, path);
      if (entries === undefined) throw new CopyError(`stat ${path}: file does not exist`);
      yield* entries;
    } finally {
      this.containers.removeLater(container);
    }
  }
}

/** The engine names an archive's entries after the path's base name: `bin/…` for /usr/bin, `/…` for /. */
function relativeToDownload(name: string): string {
  const slash = name.indexOf("/");
  const first = slash === -1 ? name : name.slice(0, slash);
  const rest = slash === -1 ? "" : name.slice(slash + 1);
  return first === "." || first === "" ? name.replace(/^\.?\/?/, "") : rest;
}

/** A source read from an image: what the digest store keeps of it, and its entries when they were kept. */
interface ReadImageSource {
  record: ImageSourceRecord;
  /** The entries as a new read of `record.target` would give them, file content in memory. */
  entries?: SourceEntry[];
}

/** All of a stream, for a file's content to keep. */
async function readAll(content: Readable | Buffer): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content;
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A path of an image, hashed as the daemon hashes it; what the digest store keeps of it, and with
 * `kept`, its entries with their content while they fit.
 */
async function imageSource(reader: ImageReader, container: string, path: string, names: AccountNames, kept?: KeptSourceBytes): Promise<ReadImageSource> {
  const clean = goClean(`/${path}`);
  // The path's archive, whose response says what the path is (`ImageReader.open`): no stat first.
  let opened = await reader.open(container, clean);
  if (opened === undefined) throw new CopyError(`stat ${path}: file does not exist`);
  let target = clean;
  // A symlink named as a source is followed, as FollowSymlinkInScope does: its own archive (the
  // link alone) is read to its end, which frees the connection, and its target's is read instead.
  if (opened.stat.type === "symlink" && opened.stat.linkTarget !== "") {
    for await (const _link of opened.entries) continue;
    target = opened.stat.linkTarget;
    opened = await reader.open(container, target);
  }
  const relative = goClean(target).slice(1);
  const named = (entryPath: string): string => (relative === "" ? entryPath : entryPath === "" ? relative : `${relative}/${entryPath}`);
  // The daemon hashes files it stats itself: with type bits, and with its host's names for the ids.
  const withNames = (entry: SourceEntry): SourceEntry => ({ ...entry, uname: names.users.get(entry.uid) ?? "", gname: names.groups.get(entry.gid) ?? "" });

  const entries = opened?.entries;
  const hashes: string[] = [];
  const hardlinks: SourceEntry[] = [];
  const symlinks: string[] = [];
  let root: SourceEntry | undefined;
  // The entries as they come, while their content fits in what the build keeps.
  let keeping: SourceEntry[] | undefined = kept === undefined ? undefined : [];
  let keptBytes = 0;
  for await (const read of entries ?? []) {
    let entry = read;
    if (keeping !== undefined && kept !== undefined) {
      const content = entry.type === "file" ? entry.content?.() : undefined;
      if (content === undefined) keeping.push(entry);
      else if (kept.take(entry.size)) {
        keptBytes += entry.size;
        const bytes = await readAll(content);
        entry = { ...entry, content: () => bytes };
        keeping.push(entry);
      } else {
        // Too large to keep: what it took goes back, and the source is read again on a miss.
        kept.giveBack(keptBytes);
        keeping = undefined;
        // The stream `content()` gave is the entry's only one: hashed from it as it is.
        entry = { ...entry, content: () => content };
      }
    }
    if (entry.path === "") root = entry;
    // A hard link is hashed as the file it is, and a symlink as what it points to (below).
    if (entry.type === "hardlink") hardlinks.push(entry);
    else if (entry.type === "symlink" && entry.path !== "") symlinks.push(entry.path);
    else hashes.push(await tarsumOf(withNames(entry), named(entry.path), true));
  }
  if (root === undefined) throw new CopyError(`stat ${path}: file does not exist`);
  for (const link of hardlinks) {
    const linked = await reader.download(container, goJoin(target, link.linkname ?? ""));
    for await (const file of linked ?? []) {
      if (file.path !== "" || file.type !== "file") continue;
      hashes.push(await tarsumOf(withNames({ ...link, type: "file", size: file.size, linkname: undefined, content: file.content }), named(link.path), true));
    }
  }
  // The daemon's `Hash` resolves a path in the image before hashing it (lazySource.Hash →
  // normalize → FollowSymlinkInScope, moby `builder/remotecontext/lazycontext.go`): a symlink in the
  // tree counts as its target, named by the target's path; one that leads nowhere counts as that
  // path itself ("a missing file returns a path as hash").
  for (const link of symlinks) {
    const hash = await reader.resolvedHash(container, goJoin(target, link), withNames);
    if (hash !== undefined) hashes.push(hash);
  }
  const record: ImageSourceRecord =
    root.type === "directory" ? { hash: hashList("dir", hashes.sort()), name: path, kind: "directory", target } : { hash: `file:${hashes[0] ?? ""}`, name: path, kind: "file", target };
  return keeping === undefined ? { record } : { record, entries: keeping };
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
  return { hash: await tarsumOf(entry, name, true), name, kind: "file", entries: entriesOf(entry) };
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
  return { hash: `heredoc:${createHash("sha256").update(name).update("\0").update(bytes).digest("hex")}`, name, kind: "file", entries: entriesOf(entry) };
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
 * Where a source's entries go: under a directory, or (a file source) to one path; or a local
 * archive extracted into a directory.
 */
type Placement =
  | { entry: TarEntry }
  | { source: CopySource; under: string }
  | { source: CopySource; to: string }
  | { archive: string; into: string };

/** Where each source of a copy goes (`pathKind` says what the destination image has at a path). */
async function placeSources(sources: readonly CopySource[], plan: CopyPlan, pathKind: (path: string) => Promise<PathKind>): Promise<Placement[]> {
  const destination = normalizeDestination(plan.workdir, plan.destination);
  const destinationPath = goClean(destination);
  const placements: Placement[] = [];
  const created = new Set<string>();
  const root = plan.ownership === "preserve" ? { uid: 0, gid: 0 } : plan.ownership;
  const addDirectory = (path: string, ids: { uid: number; gid: number }): void => {
    created.add(path);
    placements.push({ entry: madeDirectory(path, ids) });
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
      placements.push({ source, under: destinationPath });
      continue;
    }
    if (source.kind === "archive" && source.archivePath !== undefined) {
      // `chrootarchive.Untar` makes the destination (0755, root) when it is missing.
      if ((await kindOf(destinationPath)) !== "directory") addDirectory(destinationPath, { uid: 0, gid: 0 });
      placements.push({ archive: source.archivePath, into: destinationPath });
      continue;
    }
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
    placements.push({ source, to: target });
  }
  return placements;
}

/** The entries a run of placements writes, named as in the image (archives are extracted apart). */
async function* placedEntries(run: readonly Placement[], plan: CopyPlan): AsyncGenerator<TarEntry> {
  const owner = (entry: SourceEntry): { uid: number; gid: number } => (plan.ownership === "preserve" ? { uid: entry.uid, gid: entry.gid } : plan.ownership);
  const mode = (entry: SourceEntry): number => (plan.chmod === undefined || entry.type === "symlink" ? entry.mode : plan.chmod);
  for (const placement of run) {
    if ("entry" in placement) {
      yield placement.entry;
      continue;
    }
    if ("archive" in placement) continue;
    const at = (path: string): string => ("to" in placement ? placement.to : goJoin(placement.under, path)).slice(1);
    for await (const entry of placement.source.entries()) {
      const linkname = entry.type === "hardlink" ? at(entry.linkname ?? "") : entry.linkname;
      yield { name: at(entry.path), entry: { ...entry, ...owner(entry), mode: mode(entry), ...(linkname === undefined ? {} : { linkname }) } };
    }
  }
}

/**
 * Writes the sources into a container of the destination image, in their order: archives at `/`,
 * streamed from the sources as the engine reads them — one for the files and directories, and
 * one per local archive ADD extracts (extracted here, see archive-extract.ts). Where each source
 * goes is decided first (`pathKind` asks the container what a path is).
 */
export async function copyIntoContainer(
  engine: BuildEngine,
  container: string,
  sources: readonly CopySource[],
  plan: CopyPlan,
  pathKind: (path: string) => Promise<PathKind>,
  signal?: AbortSignal,
): Promise<void> {
  const placements = await placeSources(sources, plan, pathKind);
  let run: Placement[] = [];
  for (const placement of [...placements, undefined]) {
    if (placement !== undefined && !("archive" in placement)) {
      run.push(placement);
      continue;
    }
    if (run.length > 0) await upload(engine, container, placedEntries(run, plan), signal);
    run = [];
    if (placement !== undefined) await extractArchive(engine, container, placement.archive, placement.into, signal);
  }
}

/** A copy's layer as the engine would commit it, and what it writes where (see `copyLayer`). */
export interface CopyLayer {
  /** The layer's tar, whose sha256 is its diff ID. */
  tar: Buffer;
  /** Every path the layer writes (absolute), and what it writes there. */
  paths: Map<string, WrittenKind>;
}

/** Above this a copy's layer is not built in memory: the copy takes a container and streams. */
export const LAYER_LIMIT_BYTES = 16 * 1024 * 1024;

/** Why a copy cannot be a layer built here (`copyLayer` then resolves to undefined). */
class NotALayer extends Error {}

/**
 * The layer a container commit would record for a copy, built here instead, for the common case
 * only — else undefined, and the copy takes a container as before. A commit of a container after
 * an archive upload records the container's changed paths (overlay2's upper directory, moby
 * `daemon/graphdriver/overlay2` `Diff` → `archive.TarWithOptions`): here, the very entries the
 * upload would have written, in the same archive. That holds when
 * - every written path is at the top (with no directory of the image where a file or symlink
 *   goes) or below a directory this same copy writes where the image had none: a directory of the
 *   image the copy writes into would be in the commit too, with its own mode, owner and a new time
 *   that only the engine knows;
 * - only files, directories and symlinks are written, with no extended attributes (a commit keeps
 *   only `security.capability` of those an upload sets), and no name starts with `.wh.` (a
 *   layer's whiteout marker, moby `pkg/archive/whiteouts.go`);
 * - nothing is extracted from a local archive, and the layer stays under `LAYER_LIMIT_BYTES`;
 * - `pathKind` can answer every question (it rejects with `UnknownPath` when it cannot).
 * The engine re-hashes the tar when it loads the layer and refuses a diff ID that does not match
 * (moby `image/tarexport/load.go`), and applies it as it applies a pulled layer
 * (`archive.UnpackLayer`): each entry's mode, owner and times as written.
 */
export async function copyLayer(sources: readonly CopySource[], plan: CopyPlan, pathKind: (path: string) => Promise<PathKind>): Promise<CopyLayer | undefined> {
  let placements: Placement[];
  try {
    placements = await placeSources(sources, plan, pathKind);
  } catch (error) {
    if (error instanceof UnknownPath) return undefined;
    throw error;
  }
  if (placements.some((placement) => "archive" in placement)) return undefined;
  const paths = new Map<string, WrittenKind>();
  // Directories this copy writes where the image has none: nothing of the image is below them.
  const fresh = new Set<string>();
  let bytes = 0;
  const checked = async function* (): AsyncGenerator<TarEntry> {
    for await (const item of placedEntries(placements, plan)) {
      const { name, entry } = item;
      const path = `/${name}`;
      if (name === "" || goBase(path).startsWith(".wh.") || entry.pax !== undefined) throw new NotALayer();
      if (entry.type !== "file" && entry.type !== "directory" && entry.type !== "symlink") throw new NotALayer();
      const parent = goDir(path);
      if (parent !== "/" && !fresh.has(parent)) {
        // A missing parent the upload makes itself (moby `pkg/archive` `Unpack`:
        // `MkdirAllAndChownNew(parent, 0777)` under the daemon's umask 022, as root; the classic
        // builder's copier makes it 0755 root too): written here the same, when nothing of the
        // image is on its way to the top.
        const made = await missingParents(parent, fresh, pathKind);
        if (made === undefined) throw new NotALayer();
        for (const directory of made) {
          fresh.add(directory);
          paths.set(directory, "directory");
          bytes += 512;
          yield madeDirectory(directory);
        }
      }
      // Below a directory the image has, the commit would hold that directory too (and an upload
      // of a file onto one of its directories fails); below one this copy made, the image has nothing.
      if (parent === "/" && (await pathKind(path)) === "directory" && entry.type !== "directory") throw new NotALayer();
      if (entry.type === "directory" && (parent !== "/" || (await pathKind(path)) !== "directory")) fresh.add(path);
      bytes += 512 + Math.ceil(entry.size / 512) * 512;
      if (bytes > LAYER_LIMIT_BYTES) throw new NotALayer();
      paths.set(path, entry.type === "directory" ? "directory" : entry.type === "symlink" ? "symlink" : "other");
      yield item;
    }
  };
  let failure: Error | undefined;
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of packEntries(checked(), { onError: (error) => (failure = error) })) chunks.push(Buffer.from(chunk));
  } catch (error) {
    failure ??= error instanceof Error ? error : new Error(String(error));
  }
  if (failure instanceof NotALayer || failure instanceof UnknownPath) return undefined;
  if (failure !== undefined) throw copyFailure(failure) ?? failure;
  return { tar: Buffer.concat(chunks), paths };
}

/** A directory the engine makes (`MkdirAll`: 0755 under its umask 022, root's unless told), made now. */
export function madeDirectory(path: string, ids: { uid: number; gid: number } = { uid: 0, gid: 0 }): TarEntry {
  return { name: path.slice(1), entry: { path, type: "directory", mode: 0o755, size: 0, mtime: new Date(), ...ids } };
}

/**
 * The parents of a path a copy writes that are missing up to the top or to a directory this copy
 * made (`fresh`), top first; undefined when one is in the image (its copy-up would be in the
 * commit, with a mode, owner and time only the engine knows). `pathKind` answers "missing" only
 * for nothing at all there (a dangling symlink is something: the engine's `MkdirAll` fails on it).
 */
export async function missingParents(parent: string, fresh: ReadonlySet<string>, pathKind: (path: string) => Promise<PathKind>): Promise<string[] | undefined> {
  const chain: string[] = [];
  let top = parent;
  for (; top !== "/" && !fresh.has(top); top = goDir(top)) chain.unshift(top);
  // Below a missing directory nothing exists: only the topmost needs asking.
  const first = chain[0];
  if (first === undefined) return [];
  return top === "/" && (await pathKind(first)) !== "missing" ? undefined : chain;
}

/**
 * Extracts a local archive in two passes. The first resolves every entry's path, asking the
 * container what it has where the archive does not say; the second uploads, resolving again from
 * those answers. The container cannot be asked during the upload: the engine holds the container's
 * lock while it extracts (moby `daemon/archive.go`), so a question then would wait for ever. An
 * entry that cannot be extracted fails the first pass, before anything is written.
 */
async function extractArchive(engine: BuildEngine, container: string, file: string, into: string, signal: AbortSignal | undefined): Promise<void> {
  const answers = new Map<string, ExistingPath>();
  const asking = async (path: string): Promise<ExistingPath> => {
    const answer = await existingPath(engine, container, path, signal);
    answers.set(path, answer);
    return answer;
  };
  try {
    // Content is skipped: only the names are read.
    let entries = 0;
    for await (const entry of extractedEntries(file, into, asking)) if (entry.name !== "") entries++;
    if (entries === 0) return;
  } catch (error) {
    throw copyFailure(error instanceof Error ? error : undefined) ?? error;
  }
  const answered = (path: string): Promise<ExistingPath> => {
    const answer = answers.get(path);
    // The same archive resolves the same way: every question was asked in the first pass.
    return answer === undefined ? Promise.reject(new Error(`${file} changed while it was being extracted (${path} was not looked up before)`)) : Promise.resolve(answer);
  };
  await upload(engine, container, extractedEntries(file, into, answered), signal);
}

/** One archive of entries extracted at `/`; a source that fails or changes mid-way is the error to report, not the upload it cut short. */
async function upload(engine: BuildEngine, container: string, entries: AsyncIterable<TarEntry>, signal: AbortSignal | undefined): Promise<void> {
  let failure: Error | undefined;
  try {
    await engine.containers.putArchive(container, "/", packEntries(entries, { onError: (error) => (failure = error) }), { signal });
  } catch (error) {
    throw copyFailure(failure) ?? error;
  }
  if (failure !== undefined) throw copyFailure(failure) ?? failure;
}

/** What the container has at a path, a symlink with its target as written. */
async function existingPath(engine: BuildEngine, container: string, path: string, signal: AbortSignal | undefined): Promise<ExistingPath> {
  let stat;
  try {
    stat = await engine.containers.statPath(container, path, { signal });
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return { type: "missing" };
    throw error;
  }
  if (stat.type === "directory") return { type: "directory" };
  if (stat.type !== "symlink") return { type: "other" };
  // The stat's link target is resolved against the image's `/`; the archive of the link has it as written.
  const download = await engine.containers.getArchive(container, path, { signal });
  for await (const entry of tarEntries(download.tar)) return { type: "symlink", linkname: entry.linkname ?? "" };
  return { type: "missing" };
}

/** A source that changed during the copy is a COPY failure like a missing one. */
function copyFailure(error: Error | undefined): Error | undefined {
  return error instanceof SourceChangedError || error instanceof ArchiveEntryError ? new CopyError(error.message, { cause: error }) : error;
}
