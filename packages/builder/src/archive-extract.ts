/**
 * ADD of a local archive, extracted as the classic builder extracts it: `chrootarchive.Untar` with
 * the destination directory as the root it chroots into (moby `pkg/chrootarchive`, then
 * `archive.Unpack` in `pkg/archive/archive.go`). Inside that root no entry can leave the
 * destination: `../x`, `a/../../x` and `/x` all land at `<dest>/x`, a symlink the archive (or the
 * image) has under the destination resolves against the destination, not the image's `/`, and a
 * hard link's target is looked up the same way. The engine's own extraction (`PUT …/archive` at the
 * destination) refuses such entries with a 500, and at `/` would follow the symlinks out of the
 * destination; so the archive is read here, every entry's path resolved as the chroot would
 * resolve it, and the entries are uploaded at `/` under the paths they resolved to, symlinks kept
 * as written. Only the parent directories of an entry are resolved: its last component is replaced,
 * never followed, as `Unpack` replaces what is there.
 */
import { createReadStream } from "node:fs";
import { type Compression, decompress, detectCompression } from "./decompress.js";
import { goBase, goClean, goDir, goJoin } from "./paths.js";
import type { SourceEntry } from "./source-entry.js";
import { type TarEntry, tarEntries } from "./tar.js";

/** What the image has at a path under the destination, before the archive is extracted. */
export type ExistingPath = { type: "directory" } | { type: "other" } | { type: "missing" } | { type: "symlink"; linkname: string };

/** An archive entry that cannot be extracted; the message says which and why, as the extraction would fail. */
export class ArchiveEntryError extends Error {
  override readonly name = "ArchiveEntryError";
  readonly code = "DFB_ARCHIVE_ENTRY";
}

/** Symlinks followed while resolving one path before giving up, as Linux's ELOOP (40; Go's own walks use 255). */
const MAX_SYMLINKS = 40;

/** The compression of a file, from its first bytes. */
export async function compressionOf(file: string): Promise<Compression> {
  const stream = createReadStream(file, { start: 0, end: 5 });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return detectCompression(Buffer.concat(chunks));
}

/**
 * The entries of the archive `file` as extracting it into `destination` (an absolute path of the
 * image, a directory) makes them: names absolute in the image (without the leading `/`), hard
 * links naming their resolved target the same way. `existing` says what the image has at a path;
 * it is asked only about paths the archive has not written.
 */
export async function* extractedEntries(
  file: string,
  destination: string,
  existing: (path: string) => Promise<ExistingPath>,
): AsyncGenerator<TarEntry> {
  const compression = await compressionOf(file);
  const resolver = new ChrootResolver(goClean(destination), existing);
  for await (const entry of tarEntries(decompress(createReadStream(file, { highWaterMark: 1024 * 1024 }), compression))) {
    // `Unpack`: hdr.Name = filepath.Clean(hdr.Name), then joined to the root: nothing climbs above it.
    const inRoot = goClean(`/${entry.path}`);
    const at = inRoot === "/" ? "/" : goJoin(await resolver.directory(goDir(inRoot), entry.path), goBase(inRoot));
    if (at === "/" && entry.type !== "directory") {
      throw new ArchiveEntryError(`${entry.path}: cannot replace the destination directory ${destination} with a ${entry.type}`);
    }
    let linkname = entry.linkname;
    if (entry.type === "hardlink") {
      const target = goClean(`/${entry.linkname ?? ""}`);
      const resolved = target === "/" ? "/" : goJoin(await resolver.directory(goDir(target), entry.path), goBase(target));
      linkname = resolver.imagePath(resolved).slice(1);
    }
    resolver.wrote(at, entry);
    const name = resolver.imagePath(at).slice(1);
    yield { name: name === "" ? "." : name, entry: { ...entry, ...(linkname === undefined ? {} : { linkname }) } };
  }
}

type Known = ExistingPath | { type: "created-directory" };

/** Resolves paths inside the destination as a process chrooted into it would. */
class ChrootResolver {
  readonly #root: string;
  readonly #existing: (path: string) => Promise<ExistingPath>;
  /** What is at a path (relative to the root, absolute): written by the archive, or asked of the image. */
  readonly #known = new Map<string, Known>([["/", { type: "directory" }]]);

  constructor(root: string, existing: (path: string) => Promise<ExistingPath>) {
    this.#root = root;
    this.#existing = existing;
  }

  /** A path inside the root as a path of the image. */
  imagePath(path: string): string {
    return goJoin(this.#root, path);
  }

  /** Records what an entry made at `path`. */
  wrote(path: string, entry: SourceEntry): void {
    if (entry.type === "directory") {
      // Merged into a directory that is there; anything else there is replaced by it.
      if (this.#known.get(path)?.type !== "directory") this.#known.set(path, { type: "created-directory" });
    } else if (entry.type === "symlink") {
      this.#known.set(path, { type: "symlink", linkname: entry.linkname ?? "" });
    } else {
      this.#known.set(path, { type: "other" });
    }
  }

  /**
   * The directory `path` resolves to, symlinks followed inside the root. A missing directory is
   * created by the extraction (0755, root) when `create`; on the way to a symlink's target it is
   * not: the kernel follows the link and fails.
   */
  async directory(path: string, entryName: string, links = { count: 0 }, create = true): Promise<string> {
    let current = "/";
    const parts = path.split("/").filter((part) => part !== "");
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index] ?? "";
      if (part === ".") continue;
      if (part === "..") {
        current = goDir(current);
        continue;
      }
      const candidate = goJoin(current, part);
      const what = await this.#what(candidate, current);
      if (what.type === "directory" || what.type === "created-directory") {
        current = candidate;
        continue;
      }
      if (what.type === "missing") {
        if (!create) throw new ArchiveEntryError(`${entryName}: cannot extract through a symlink to ${this.imagePath(candidate)}: no such file or directory`);
        // Unpack makes the entry's missing parents (MkdirAllNewAs 0755): all of them, from here on.
        for (const rest of parts.slice(index)) {
          current = rest === ".." ? goDir(current) : rest === "." ? current : goJoin(current, rest);
          this.#known.set(current, { type: "created-directory" });
        }
        return current;
      }
      if (what.type === "other") {
        throw new ArchiveEntryError(`${entryName}: cannot extract under ${this.imagePath(candidate)}: not a directory`);
      }
      if (++links.count > MAX_SYMLINKS) throw new ArchiveEntryError(`${entryName}: too many levels of symbolic links`);
      // A symlink: its target is read inside the root (an absolute one starts at the root).
      const target = what.linkname.startsWith("/") ? goClean(what.linkname) : goJoin(current, what.linkname);
      const resolved = await this.#followed(target, entryName, links);
      current = resolved;
    }
    return current;
  }

  /** A symlink's target must be a directory that exists: the kernel follows it, it makes nothing. */
  async #followed(target: string, entryName: string, links: { count: number }): Promise<string> {
    if (target === "/") return "/";
    const parent = await this.directory(goDir(target), entryName, links, false);
    const at = goJoin(parent, goBase(target));
    const what = await this.#what(at, parent);
    if (what.type === "directory" || what.type === "created-directory") return at;
    if (what.type === "symlink") {
      if (++links.count > MAX_SYMLINKS) throw new ArchiveEntryError(`${entryName}: too many levels of symbolic links`);
      return this.#followed(what.linkname.startsWith("/") ? goClean(what.linkname) : goJoin(parent, what.linkname), entryName, links);
    }
    if (what.type === "missing") throw new ArchiveEntryError(`${entryName}: cannot extract through a symlink to ${this.imagePath(at)}: no such file or directory`);
    throw new ArchiveEntryError(`${entryName}: cannot extract under ${this.imagePath(at)}: not a directory`);
  }

  /** What is at `path`, whose parent (`parent`, resolved) is a directory. */
  async #what(path: string, parent: string): Promise<Known> {
    const known = this.#known.get(path);
    if (known !== undefined) return known;
    // Under a directory the archive made, only what the archive wrote exists.
    const found = this.#known.get(parent)?.type === "created-directory" ? { type: "missing" as const } : await this.#existing(this.imagePath(path));
    this.#known.set(path, found);
    return found;
  }
}
