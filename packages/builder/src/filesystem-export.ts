/**
 * `--output type=local|tar`: the final image's filesystem, as BuildKit's local and tar exporters
 * write it (buildkit `exporter/local`, `exporter/tar`): the image's layers merged, whiteouts
 * applied, nothing of a container (no /etc/hosts of the engine's, no /.dockerenv). The layers come
 * from `GET /images/get` (docker save), spooled to a temporary directory, because the archive lists
 * its manifest last and the merge needs two passes: one to learn which version of each path is on
 * top, one to write those versions.
 *
 * Layer tars mark deletions with AUFS whiteouts (moby `pkg/archive/whiteouts.go`): `.wh.NAME` removes
 * NAME from the layers below, `.wh..wh..opq` in a directory hides everything the layers below put in it.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { chmod, link, lstat, lutimes, mkdir, mkdtemp, rm, symlink, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { BuildEngineImages } from "./build-engine.js";
import * as tar from "tar-stream";
import { BuildError } from "./errors.js";

/** Where the filesystem goes: a directory (merged into it), a tar file, or a tar stream. */
export type FilesystemOutput =
  | { type: "local"; dest: string }
  | { type: "tar"; dest: string }
  | { type: "tar"; stream: Writable };

export interface FilesystemExportOptions {
  signal?: AbortSignal | undefined;
  /** Told about what could not be written as it is (device files in a local export). */
  warn?: (text: string) => void;
}

export interface FilesystemExportResult {
  /** Entries written: files, directories, links. */
  entries: number;
}

/** The export could not be done; `code` says which part failed. */
export class FilesystemExportError extends BuildError {
  readonly code: "DFB_OUTPUT_IMAGE" | "DFB_OUTPUT_WRITE";

  constructor(code: "DFB_OUTPUT_IMAGE" | "DFB_OUTPUT_WRITE", message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
  }
}

/** An entry of a layer tar being read: its header and a stream of its bytes (tar-stream does not export the type). */
type LayerEntry = tar.Extract extends AsyncIterable<infer Entry> ? Entry : never;

const WHITEOUT_PREFIX = ".wh.";
const OPAQUE_MARKER = ".wh..wh..opq";

/** What pass one keeps of an entry: where it is (layer, position) and its header. */
interface Version {
  layer: number;
  seq: number;
  header: tar.Header;
}

/** A node of the merged tree. */
interface TreeNode {
  version: Version | undefined;
  children: Map<string, TreeNode>;
}

/** All the export needs of an engine: `docker save`. */
export interface SavingEngine {
  images: Pick<BuildEngineImages, "save">;
}

export async function exportFilesystem(
  engine: SavingEngine,
  image: string,
  output: FilesystemOutput,
  options: FilesystemExportOptions = {},
): Promise<FilesystemExportResult> {
  const spool = await mkdtemp(join(tmpdir(), "dfbuild-export-"));
  try {
    const layers = await spoolLayers(engine, image, spool, options.signal);
    const tree = await mergeLayers(layers, options.signal);
    const writer = output.type === "local" ? new DirectoryWriter(output.dest, options.warn) : new TarWriter(output);
    const entries = await writeTopVersions(layers, tree, writer, spool, options.signal);
    await writer.finish();
    return { entries };
  } finally {
    await rm(spool, { recursive: true, force: true });
  }
}

/** Saves the image and keeps its layer tars on disk; resolves to their paths, bottom first. */
async function spoolLayers(engine: SavingEngine, image: string, spool: string, signal: AbortSignal | undefined): Promise<string[]> {
  const archive = await engine.images.save([image], { signal });
  const extract = tar.extract();
  const files = new Map<string, string>();
  // An image holding the same layer twice (two COPYs of the same files, made in the same second)
  // is saved with that layer's data once and the later copy as a symlink to it (moby
  // `image/tarexport/save.go`, `saveLayer`): such an entry names the file to read instead.
  const links = new Map<string, string>();
  const reading = pipeline(archive, extract);
  let count = 0;
  for await (const entry of extract) {
    const name = normalizeName(entry.header.name);
    if (entry.header.type === "symlink" && name !== undefined) {
      const target = normalizeName(posix.join(posix.dirname(name), entry.header.linkname));
      if (target !== undefined) links.set(name, target);
    }
    if (entry.header.type !== "file" || name === undefined) {
      entry.resume();
      continue;
    }
    const path = join(spool, String(count++));
    await pipeline(entry, createWriteStream(path));
    files.set(name, path);
  }
  await reading;
  const manifestPath = files.get("manifest.json");
  if (manifestPath === undefined) throw new FilesystemExportError("DFB_OUTPUT_IMAGE", `the engine's export of ${image} has no manifest.json`);
  const manifest = JSON.parse(await readText(manifestPath)) as { Layers?: unknown }[];
  const layerNames = manifest[0]?.Layers;
  if (!Array.isArray(layerNames)) throw new FilesystemExportError("DFB_OUTPUT_IMAGE", `the engine's export of ${image} lists no layers`);
  return layerNames.map((layer) => {
    const name = typeof layer === "string" ? normalizeName(layer) : undefined;
    const path = name === undefined ? undefined : files.get(links.get(name) ?? name);
    if (path === undefined) throw new FilesystemExportError("DFB_OUTPUT_IMAGE", `the engine's export of ${image} lacks its layer ${String(layer)}`);
    return path;
  });
}

async function readText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A layer's entries, uncompressed whatever the engine stored (graphdriver saves plain tars; the containerd store may gzip). */
async function* layerEntries(path: string, signal: AbortSignal | undefined): AsyncGenerator<LayerEntry> {
  const head = Buffer.alloc(2);
  const handle = createReadStream(path, { start: 0, end: 1 });
  for await (const chunk of handle) (chunk as Buffer).copy(head);
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const extract = tar.extract();
  const source = createReadStream(path, { signal });
  // node:zlib is loaded for a gzipped layer, not at every start.
  const reading = gzipped ? pipeline(source, process.getBuiltinModule("node:zlib").createGunzip(), extract) : pipeline(source, extract);
  try {
    for await (const entry of extract) yield entry;
  } finally {
    // A consumer that stops early (an error) must not leave the read hanging.
    await reading.catch(() => undefined);
  }
  await reading;
}

/** Pass one: which version of each path is on top once every layer is applied. */
async function mergeLayers(layers: readonly string[], signal: AbortSignal | undefined): Promise<TreeNode> {
  const root: TreeNode = { version: undefined, children: new Map() };
  for (const [layer, path] of layers.entries()) {
    let seq = 0;
    for await (const entry of layerEntries(path, signal)) {
      const index = seq++;
      entry.resume();
      const name = normalizeName(entry.header.name);
      if (name === undefined) throw unsafe(entry.header.name);
      if (name === "") continue;
      const parts = name.split("/");
      const base = parts.pop() ?? "";
      const parent = nodeAt(root, parts, true);
      if (parent === undefined) continue;
      if (base === OPAQUE_MARKER) {
        hideLower(parent, layer);
        continue;
      }
      if (base.startsWith(WHITEOUT_PREFIX)) {
        const hidden = base.slice(WHITEOUT_PREFIX.length);
        const node = parent.children.get(hidden);
        if (node !== undefined && (node.version?.layer ?? -1) < layer) parent.children.delete(hidden);
        continue;
      }
      const existing = parent.children.get(base);
      const version: Version = { layer, seq: index, header: entry.header };
      if (existing === undefined) {
        parent.children.set(base, { version, children: new Map() });
        continue;
      }
      // A non-directory replaces whatever was there, with everything under it.
      if (entry.header.type !== "directory") existing.children.clear();
      existing.version = version;
    }
  }
  return root;
}

/** The node at a path; with `create`, missing directories are made (implicit, no version of their own). */
function nodeAt(root: TreeNode, parts: readonly string[], create: boolean): TreeNode | undefined {
  let node = root;
  for (const part of parts) {
    let child = node.children.get(part);
    if (child === undefined) {
      if (!create) return undefined;
      child = { version: undefined, children: new Map() };
      node.children.set(part, child);
    }
    node = child;
  }
  return node;
}

/** An opaque directory: what lower layers put under it is gone; this layer's entries stay. */
function hideLower(directory: TreeNode, layer: number): void {
  for (const [name, child] of directory.children) {
    hideLower(child, layer);
    if ((child.version?.layer ?? -1) < layer && child.children.size === 0) directory.children.delete(name);
  }
}

/**
 * Pass two: every layer again, writing each entry that is the top version of its path. A hard
 * link whose target a higher layer replaced or removed is written as a copy of the target as it
 * was in the link's layer.
 */
async function writeTopVersions(
  layers: readonly string[],
  tree: TreeNode,
  writer: EntryWriter,
  spool: string,
  signal: AbortSignal | undefined,
): Promise<number> {
  let written = 0;
  for (const [layer, path] of layers.entries()) {
    // Where each file of this layer sits, for the hard links of this layer.
    const filesOfLayer = new Map<string, number>();
    const rescued = new Map<number, { copy: string; header: tar.Header; writtenAs: string | undefined }>();
    const linkTargets = await rescuesNeeded(path, layer, tree, signal);
    let seq = 0;
    for await (const entry of layerEntries(path, signal)) {
      const index = seq++;
      const name = normalizeName(entry.header.name) ?? "";
      if (entry.header.type === "file" || entry.header.type === "contiguous-file") filesOfLayer.set(name, index);
      if (linkTargets.has(index)) {
        // Never on top itself (that is why it is rescued): its bytes are kept for the link, and it is skipped below.
        const copy = join(spool, `link-${randomBytes(6).toString("hex")}`);
        await pipeline(entry, createWriteStream(copy));
        rescued.set(index, { copy, header: entry.header, writtenAs: undefined });
        continue;
      }
      const node = name === "" ? undefined : nodeAt(tree, name.split("/"), false);
      const top = node?.version;
      if (top?.layer !== layer || top.seq !== index) {
        entry.resume();
        continue;
      }
      const header = entry.header;
      if (header.type === "link") {
        const targetName = normalizeName(header.linkname) ?? "";
        const targetIndex = filesOfLayer.get(targetName);
        const target = targetIndex === undefined ? undefined : nodeAt(tree, targetName.split("/"), false)?.version;
        const rescue = targetIndex === undefined ? undefined : rescued.get(targetIndex);
        entry.resume();
        if (rescue !== undefined && (target?.layer !== layer || target.seq !== targetIndex)) {
          if (rescue.writtenAs === undefined) {
            const copy = { ...rescue.header, name: header.name, mtime: rescue.header.mtime };
            await writer.write(name, copy, createReadStream(rescue.copy));
            rescue.writtenAs = name;
          } else {
            await writer.write(name, { ...header, linkname: rescue.writtenAs }, undefined);
          }
          written++;
          continue;
        }
        await writer.write(name, { ...header, linkname: targetName }, undefined);
        written++;
        continue;
      }
      const isFile = header.type === "file" || header.type === "contiguous-file";
      if (!isFile) entry.resume();
      await writer.write(name, header, isFile ? entry : undefined);
      written++;
    }
  }
  return written;
}

/** The positions in a layer of link targets that will not be on top while a link to them is. */
async function rescuesNeeded(path: string, layer: number, tree: TreeNode, signal: AbortSignal | undefined): Promise<Set<number>> {
  const filesOfLayer = new Map<string, number>();
  const needed = new Set<number>();
  let seq = 0;
  for await (const entry of layerEntries(path, signal)) {
    const index = seq++;
    entry.resume();
    const name = normalizeName(entry.header.name) ?? "";
    if (entry.header.type === "file" || entry.header.type === "contiguous-file") filesOfLayer.set(name, index);
    if (entry.header.type !== "link") continue;
    const linkTop = name === "" ? undefined : nodeAt(tree, name.split("/"), false)?.version;
    if (linkTop?.layer !== layer || linkTop.seq !== index) continue;
    const targetName = normalizeName(entry.header.linkname) ?? "";
    const targetIndex = filesOfLayer.get(targetName);
    if (targetIndex === undefined) continue;
    const targetTop = nodeAt(tree, targetName.split("/"), false)?.version;
    if (targetTop?.layer !== layer || targetTop.seq !== targetIndex) needed.add(targetIndex);
  }
  return needed;
}

/**
 * A tar member name as a clean relative path: no leading `./` or `/`, no trailing `/`, no `.`
 * components; undefined when it climbs out with `..`.
 */
export function normalizeName(name: string): string | undefined {
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") return undefined;
    parts.push(part);
  }
  return parts.join("/");
}

function unsafe(name: string): FilesystemExportError {
  return new FilesystemExportError("DFB_OUTPUT_IMAGE", `the image has a layer entry outside its root: ${JSON.stringify(name)}`);
}

interface EntryWriter {
  /** Writes one entry; `content` is the file's bytes (consumed fully) for regular files. */
  write(name: string, header: tar.Header, content: Readable | LayerEntry | undefined): Promise<void>;
  finish(): Promise<void>;
}

/** The tar exporter: entries as they are, with the image's owners, modes and times. */
class TarWriter implements EntryWriter {
  readonly #pack = tar.pack();
  readonly #done: Promise<void>;

  constructor(output: { dest: string } | { stream: Writable }) {
    const sink = "stream" in output ? output.stream : createWriteStream(output.dest);
    // A caller's stream (stdout) stays open for them to end.
    this.#done = pipeline(Readable.from(bytesOf(this.#pack)), sink, { end: !("stream" in output) }).catch((error: unknown) => {
      throw new FilesystemExportError("DFB_OUTPUT_WRITE", `cannot write the tar${"dest" in output ? ` ${output.dest}` : ""}: ${(error as Error).message}`, { cause: error });
    });
    // The failure is reported by finish(); until then it must not be an unhandled rejection.
    this.#done.catch(() => undefined);
  }

  async write(name: string, header: tar.Header, content: Readable | LayerEntry | undefined): Promise<void> {
    const out: tar.Header = {
      ...header,
      name: header.type === "directory" ? `${name}/` : name,
      // Only extended attributes are carried over: tar-stream writes the path and sizes itself.
      pax: xattrsOf(header.pax),
    };
    if (content === undefined) {
      await new Promise<void>((resolve, reject) => {
        this.#pack.entry({ ...out, size: 0 }, (error) => {
          if (error) reject(error);
          else resolve();
        });
      });
      return;
    }
    await pipeline(content, this.#pack.entry(out));
  }

  async finish(): Promise<void> {
    this.#pack.finalize();
    await this.#done;
  }
}

function xattrsOf(pax: unknown): Record<string, string> | null {
  if (typeof pax !== "object" || pax === null) return null;
  const kept = Object.entries(pax as Record<string, unknown>).filter(
    (entry): entry is [string, string] => /^(SCHILY|LIBARCHIVE)\.xattr\./.test(entry[0]) && typeof entry[1] === "string",
  );
  return kept.length === 0 ? null : Object.fromEntries(kept);
}

async function* bytesOf(stream: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) yield chunk as Uint8Array;
}

/**
 * The local exporter: files merged into a directory (created 0700 when missing; what is already
 * there and not in the image stays), owned by the user running the build, as BuildKit's client
 * writes them (buildkit `session/filesync` syncTargetDiffCopy resets uid/gid). Modes and times are
 * the image's; directory modes and times are set last, so a read-only directory can still be filled.
 */
class DirectoryWriter implements EntryWriter {
  readonly #dest: string;
  readonly #warn: ((text: string) => void) | undefined;
  readonly #directories: { path: string; header: tar.Header }[] = [];
  readonly #checked = new Set<string>();
  #started = false;
  #skipped: string[] = [];

  constructor(dest: string, warn: ((text: string) => void) | undefined) {
    this.#dest = dest;
    this.#warn = warn;
  }

  async write(name: string, header: tar.Header, content: Readable | LayerEntry | undefined): Promise<void> {
    if (!this.#started) {
      this.#started = true;
      await this.#fs(() => mkdir(this.#dest, { recursive: true, mode: 0o700 }), this.#dest);
    }
    const path = join(this.#dest, name);
    await this.#parentOf(name);
    const mode = header.mode & 0o7777;
    switch (header.type) {
      case "directory": {
        const existing = await lstat(path).catch(() => undefined);
        if (existing !== undefined && !existing.isDirectory()) await this.#fs(() => rm(path, { force: true }), path);
        if (existing?.isDirectory() !== true) await this.#fs(() => mkdir(path, { mode: 0o700 }), path);
        this.#checked.add(name);
        this.#directories.push({ path, header });
        return;
      }
      case "file":
      case "contiguous-file": {
        await this.#replace(name);
        await this.#fs(() => pipeline(content ?? Readable.from([]), createWriteStream(path, { mode: 0o600 })), path);
        await this.#fs(() => chmod(path, mode), path);
        await this.#fs(() => utimes(path, header.mtime, header.mtime), path);
        return;
      }
      case "symlink":
        await this.#replace(name);
        await this.#fs(() => symlink(header.linkname, path), path);
        await this.#fs(() => lutimes(path, header.mtime, header.mtime), path);
        return;
      case "link":
        await this.#replace(name);
        await this.#fs(() => link(join(this.#dest, header.linkname), path), path);
        return;
      default:
        // Node has no mknod or mkfifo: device files and FIFOs cannot be made here.
        this.#skipped.push(name);
    }
  }

  async finish(): Promise<void> {
    if (!this.#started) await this.#fs(() => mkdir(this.#dest, { recursive: true, mode: 0o700 }), this.#dest);
    for (const { path, header } of this.#directories.reverse()) {
      await this.#fs(() => chmod(path, header.mode & 0o7777), path);
      await this.#fs(() => utimes(path, header.mtime, header.mtime), path);
    }
    if (this.#skipped.length > 0) {
      const shown = this.#skipped.slice(0, 5).join(", ");
      this.#warn?.(
        `--output type=local: ${String(this.#skipped.length)} device file(s) or FIFO(s) not written (${shown}${this.#skipped.length > 5 ? ", …" : ""}); use type=tar to keep them`,
      );
    }
  }

  /**
   * Makes the entry's parent directories, refusing a parent that is a symlink: a link left by the
   * image (or already in the directory) must never lead a write outside it.
   */
  async #parentOf(name: string): Promise<void> {
    const parts = name.split("/").slice(0, -1);
    let relative = "";
    for (const part of parts) {
      relative = relative === "" ? part : `${relative}/${part}`;
      if (this.#checked.has(relative)) continue;
      const path = join(this.#dest, relative);
      const stat = await lstat(path).catch(() => undefined);
      if (stat?.isSymbolicLink() === true) {
        throw new FilesystemExportError("DFB_OUTPUT_WRITE", `--output type=local: ${path} is a symbolic link; refusing to write ${name} through it`);
      }
      if (stat === undefined) await this.#fs(() => mkdir(path, { mode: 0o755 }), path);
      else if (!stat.isDirectory()) {
        await this.#fs(() => rm(path, { force: true }), path);
        await this.#fs(() => mkdir(path, { mode: 0o755 }), path);
      }
      this.#checked.add(relative);
    }
  }

  /** Clears the way for a non-directory: whatever is at the path goes (a directory with its contents). */
  async #replace(name: string): Promise<void> {
    const path = join(this.#dest, name);
    await this.#fs(() => rm(path, { recursive: true, force: true }), path);
    for (const checked of this.#checked) if (checked === name || checked.startsWith(`${name}/`)) this.#checked.delete(checked);
  }

  async #fs<T>(operation: () => Promise<T>, path: string): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof FilesystemExportError) throw error;
      throw new FilesystemExportError("DFB_OUTPUT_WRITE", `--output type=local: cannot write ${path}: ${(error as Error).message}`, { cause: error });
    }
  }
}
