/**
 * `dfbuild prune`: removes dfbuild's build cache from an engine — the index entries, the images
 * only the cache keeps — and the dangling images dfbuild made, as `docker builder prune` removes
 * BuildKit's cache records and `docker image prune` dangling images.
 *
 * Which images are the cache's: every image an index line names (current or superseded: the index
 * is append-only, so a superseded line is an image dfbuild made that nothing points to any more),
 * and the empty base images `FROM scratch` loads. Of those, an image is removed only when nothing
 * else keeps it: no tag, no container (running or stopped) made from it, and no image built on it
 * that stays. Tagged images stay (their entries go), and so do their ancestors: the engine refuses
 * to delete an image with children (moby `daemon/images/image_delete.go`, a hard conflict).
 *
 * `until` keeps entries used more recently than that (BuildKit's `until` filter is its
 * KeepDuration, measured from last use); `keepStorage` removes the least recently used entries
 * only until the cache's images take at most that many bytes (`--keep-storage`, BuildKit's
 * reserved space).
 */
import { lstat, readdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Engine, EngineError, type ImageSummary } from "@dfbuild/engine";
import { type CacheRecord, cacheIndexFile, formatCacheRecord, readCacheRecords } from "./cache.js";
import { scratchImageId } from "./image.js";

export interface PruneOptions {
  engine: Engine;
  /** The cache directory (`defaultCacheDir`). */
  cacheDir: string;
  /** Only entries last used more than this many milliseconds ago. */
  olderThanMs?: number;
  /** Keep the least recently used entries' images down to this many bytes instead of removing all. */
  keepStorage?: number;
  signal?: AbortSignal;
  /** Told about each image as it goes. */
  onImageRemoved?: (removed: { image: string; bytes: number }) => void;
}

export interface PruneResult {
  /** Index entries removed (keys). */
  entries: number;
  /** Images deleted, in the order they were deleted. */
  images: string[];
  /** Bytes the deleted images' own layers took. */
  reclaimedBytes: number;
}

/** A prune that could not finish: the engine refused something unexpected. */
export class PruneError extends Error {
  override readonly name = "PruneError";
  readonly code = "DFB_PRUNE";
}

interface ImageFacts {
  summary: ImageSummary;
  children: Set<string>;
  tagged: boolean;
  inUse: boolean;
}

export async function pruneBuildCache(options: PruneOptions): Promise<PruneResult> {
  const { engine, signal } = options;
  const info = await engine.info({ signal });
  const version = await engine.version({ signal });
  const file = cacheIndexFile(options.cacheDir, info.ID);
  const records = await readCacheRecords(file);
  const now = Date.now();

  // The engine's images and who uses them, read once.
  const images = await engine.images.list({ all: true, signal });
  const containers = await engine.containers.list({ all: true, signal });
  const usedByContainers = new Set(containers.map((container) => container.ImageID));
  const facts = new Map<string, ImageFacts>();
  for (const summary of images) {
    const tags = (summary.RepoTags ?? []).filter((tag) => tag !== "<none>:<none>");
    facts.set(summary.Id, { summary, children: new Set(), tagged: tags.length > 0, inUse: usedByContainers.has(summary.Id) });
  }
  for (const summary of images) if (summary.ParentId !== "") facts.get(summary.ParentId)?.children.add(summary.Id);

  // The latest line per key is the entry; its time is when the key was last used.
  const latest = new Map<string, CacheRecord>();
  for (const record of records) latest.set(record.key, record);
  const lastUse = new Map<string, number>();
  const parentOf = new Map<string, string>();
  for (const record of records) {
    lastUse.set(record.image, Math.max(lastUse.get(record.image) ?? 0, record.time));
    if (record.parent !== null) parentOf.set(record.image, record.parent);
  }
  const ownSize = (image: string): number => {
    const size = facts.get(image)?.summary.Size ?? 0;
    const recorded = facts.get(image)?.summary.ParentId;
    const parent = recorded !== undefined && recorded !== "" ? recorded : parentOf.get(image);
    const parentSize = parent === undefined ? 0 : (facts.get(parent)?.summary.Size ?? 0);
    return Math.max(0, size - parentSize);
  };

  const old = (image: string): boolean => options.olderThanMs === undefined || now - (lastUse.get(image) ?? 0) > options.olderThanMs;
  const candidates = new Set<string>();
  for (const image of lastUse.keys()) if (facts.has(image) && old(image)) candidates.add(image);
  const scratch = scratchImageId({ os: version.Os, architecture: version.Arch });
  if (facts.has(scratch)) candidates.add(scratch);

  const removed = new Set<string>();
  const result: PruneResult = { entries: 0, images: [], reclaimedBytes: 0 };
  /** Deletable now: a candidate nothing keeps, whose children are all gone. */
  const deletable = (image: string): boolean => {
    const fact = facts.get(image);
    if (fact === undefined || !candidates.has(image) || removed.has(image) || fact.tagged || fact.inUse) return false;
    for (const child of fact.children) if (!removed.has(child)) return false;
    return true;
  };
  const remove = async (image: string): Promise<void> => {
    const bytes = ownSize(image);
    await deleteImage(engine, image, facts.get(image)?.summary.RepoDigests ?? [], signal);
    removed.add(image);
    result.images.push(image);
    result.reclaimedBytes += bytes;
    options.onImageRemoved?.({ image, bytes });
  };

  if (options.keepStorage === undefined) {
    // Leaves first, until nothing more can go.
    for (let progress = true; progress; ) {
      progress = false;
      for (const image of candidates) {
        if (!deletable(image)) continue;
        await remove(image);
        progress = true;
      }
    }
  } else {
    let total = 0;
    const counted = new Set<string>();
    for (const record of latest.values()) {
      const fact = facts.get(record.image);
      if (fact === undefined || fact.tagged || counted.has(record.image)) continue;
      counted.add(record.image);
      total += ownSize(record.image);
    }
    while (total > options.keepStorage) {
      const next = [...candidates].filter(deletable).sort((a, b) => (lastUse.get(a) ?? 0) - (lastUse.get(b) ?? 0))[0];
      if (next === undefined) break;
      const bytes = ownSize(next);
      await remove(next);
      if (counted.has(next)) total -= bytes;
    }
  }

  // The index keeps the entries that stay: with --keep-storage those whose image stays; otherwise
  // only the entries the filter spared (a tagged image stays, but is no longer a cache entry).
  const kept: CacheRecord[] = [];
  for (const record of latest.values()) {
    const gone = options.keepStorage === undefined ? old(record.image) || removed.has(record.image) : removed.has(record.image);
    if (gone || !facts.has(record.image)) result.entries++;
    else kept.push(record);
  }
  if (records.length > 0) {
    const temporary = `${file}.${String(process.pid)}.tmp`;
    await writeFile(temporary, kept.map(formatCacheRecord).join(""));
    await rename(temporary, file);
  }
  return result;
}

/**
 * Deletes an image by ID. One that several repositories reference (digests left by a registry
 * cache's pushes and pulls) must be forced as a whole; its references are removed one by one
 * instead, the last removal deleting the image, so a check the engine makes is never skipped.
 */
async function deleteImage(engine: Engine, image: string, digests: readonly string[], signal: AbortSignal | undefined): Promise<void> {
  try {
    // noprune: the engine would also delete untagged parents left childless, which may not be ours.
    await engine.images.remove(image, { noprune: true, signal });
    return;
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return;
    if (!(error instanceof EngineError && error.status === 409 && error.engineMessage.includes("multiple repositories"))) {
      throw new PruneError(`could not remove the image ${image}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  for (const reference of digests) {
    try {
      await engine.images.remove(reference, { noprune: true, signal });
    } catch (error) {
      if (error instanceof EngineError && error.status === 404) continue;
      throw new PruneError(`could not remove ${reference} of the image ${image}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}

/** go-units `HumanSize`: decimal units, four significant digits (`1.99MB`, `0B`), as docker prints reclaimed space. */
export function humanSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${String(Number(size.toPrecision(4)))}${units[unit] ?? ""}`;
}

/**
 * How many bytes a volume holds, when the engine runs on this machine (a unix socket) and its
 * directory can be read: the sum of its files' sizes, as the engine's own disk usage counts it
 * (moby `pkg/directory` Size). Undefined otherwise: a remote engine's volumes are not ours to read.
 */
export async function localVolumeSize(engine: Pick<Engine, "host" | "volumes">, name: string, signal?: AbortSignal): Promise<number | undefined> {
  if (!engine.host.startsWith("unix://")) return undefined;
  let mountpoint: string;
  try {
    mountpoint = (await engine.volumes.inspect(name, { signal })).Mountpoint;
  } catch {
    return undefined;
  }
  const sizeOf = async (path: string): Promise<number> => {
    const stat = await lstat(path);
    if (!stat.isDirectory()) return stat.size;
    let total = 0;
    for (const entry of await readdir(path)) total += await sizeOf(join(path, entry));
    return total;
  };
  try {
    return await sizeOf(mountpoint);
  } catch {
    return undefined;
  }
}
