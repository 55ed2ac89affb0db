/**
 * `RUN --mount=type=cache` as engine volumes that outlive builds. BuildKit keeps a cache per
 * `id` and seed (`solver/llbsolver/mounts/mount.go` `getRefCacheDir`: the id alone, or the id with
 * the snapshot of its `from`/`uid`/`gid`/`mode` seed); here each is a volume labelled with the id
 * and a key over the id and the seed, so `dfbuild` — and `listCacheMounts` / `removeCacheMounts`
 * — can find them. Sharing as BuildKit's: `shared` (everyone uses the one volume), `locked` (one
 * user at a time; the others wait), `private` (a busy cache gives a new instance). Locks are
 * containers named after the volume: the engine refuses a second container of a name, so the lock
 * holds across processes and clients, and a build's clean-up removes its own.
 */
import { createHash } from "node:crypto";
import { EngineError } from "@dfbuild/engine";
import type { BuildEngine } from "../build-engine.js";
import { ownerState, parseOwnerToken } from "../build-owner.js";
import { BUILD_LABEL, type ContainerSet } from "../containers.js";

/** The label that marks a cache-mount volume; its value is the mount's `id`. */
export const CACHE_ID_LABEL = "dfbuild.cache-mount";
const KEY_LABEL = "dfbuild.cache-mount.key";
const GENERATION_LABEL = "dfbuild.cache-mount.generation";
const INSTANCE_LABEL = "dfbuild.cache-mount.instance";
const DESCRIPTION_LABEL = "dfbuild.cache-mount.description";

/** How often a `sharing=locked` user looks again for a lock someone holds (BuildKit polls every 100 ms). */
const LOCK_POLL_MS = 100;

/** What identifies a cache: its id and what seeds a new instance. */
export interface CacheIdentity {
  id: string;
  /** The image ID of `from`, and the path in it; null without `from`. */
  seed: { image: string; source: string } | null;
  mode: number | null;
  uid: number | null;
  gid: number | null;
}

/** A cache-mount volume as listed. */
export interface CacheMountVolume {
  /** The volume's name. */
  name: string;
  /** The `id` of the mount (the target, cleaned, when none was given). */
  id: string;
  /** Bumped by `--no-cache`: older generations are replaced. */
  generation: number;
  /** `private` sharing's extra instances are 1, 2, …; the main one is 0. */
  instance: number;
  /** What made it, e.g. `cached mount /root/.cache/pip from RUN pip install -r requirements.txt`. */
  description: string;
  createdAt: string | undefined;
}

export function cacheKey(identity: CacheIdentity): string {
  return createHash("sha256").update(JSON.stringify(["dfbuild-cache-mount-v1", identity])).digest("hex");
}

function volumeName(key: string, generation: number, instance: number): string {
  return `dfbuild-cache-${key.slice(0, 24)}-${String(generation)}${instance === 0 ? "" : `-${String(instance)}`}`;
}

function parseVolume(volume: { Name: string; Labels: Record<string, string> | null; CreatedAt?: string }): CacheMountVolume | undefined {
  const labels = volume.Labels ?? {};
  const id = labels[CACHE_ID_LABEL];
  if (id === undefined) return undefined;
  return {
    name: volume.Name,
    id,
    generation: Number(labels[GENERATION_LABEL] ?? 0),
    instance: Number(labels[INSTANCE_LABEL] ?? 0),
    description: labels[DESCRIPTION_LABEL] ?? "",
    createdAt: volume.CreatedAt,
  };
}

/** The cache-mount volumes on an engine, oldest first. */
export async function listCacheMounts(engine: Pick<BuildEngine, "volumes">, options: { signal?: AbortSignal } = {}): Promise<CacheMountVolume[]> {
  const volumes = await engine.volumes.list({ filters: { label: [CACHE_ID_LABEL] }, signal: options.signal });
  return volumes
    .map(parseVolume)
    .filter((volume) => volume !== undefined)
    .sort((a, b) => (a.createdAt ?? "").localeCompare(b.createdAt ?? "") || a.name.localeCompare(b.name));
}

/**
 * Removes cache-mount volumes (all, or those `select` picks); one a running build uses is left and
 * reported as in use, as BuildKit's prune keeps caches in use.
 */
export async function removeCacheMounts(
  engine: Pick<BuildEngine, "volumes">,
  options: { select?: (volume: CacheMountVolume) => boolean; signal?: AbortSignal } = {},
): Promise<{ removed: CacheMountVolume[]; inUse: CacheMountVolume[] }> {
  const removed: CacheMountVolume[] = [];
  const inUse: CacheMountVolume[] = [];
  for (const volume of await listCacheMounts(engine, options)) {
    if (options.select !== undefined && !options.select(volume)) continue;
    try {
      await engine.volumes.remove(volume.name, { signal: options.signal });
      removed.push(volume);
    } catch (error) {
      if (error instanceof EngineError && error.status === 409) inUse.push(volume);
      else if (!(error instanceof EngineError && error.status === 404)) throw error;
    }
  }
  return { removed, inUse };
}

export interface AcquiredCache {
  volume: string;
  /** True when the volume was just made: it must be seeded (or given its uid/gid/mode) before use. */
  created: boolean;
  /** Releases the lock (locked, private); a no-op for shared. */
  release: () => Promise<void>;
}

export interface AcquireOptions {
  sharing: "shared" | "private" | "locked";
  /** `--no-cache`: start a new generation, empty (or freshly seeded), which replaces the old one. */
  fresh: boolean;
  description: string;
  /** An image the lock containers can be made from (never started). */
  lockImage: string;
  signal: AbortSignal | undefined;
  /** Told once when a `locked` cache is busy and the step waits for it. */
  onWait: () => void;
}

/** Cache volumes for the steps of one build. */
export class CacheVolumes {
  readonly #engine: BuildEngine;
  readonly #containers: ContainerSet;
  /** Generations this build started with --no-cache: later steps of the build use them as they are. */
  readonly #fresh = new Map<string, number>();

  constructor(engine: BuildEngine, containers: ContainerSet) {
    this.#engine = engine;
    this.#containers = containers;
  }

  async acquire(identity: CacheIdentity, options: AcquireOptions): Promise<AcquiredCache> {
    const key = cacheKey(identity);
    const existing = (await this.#engine.volumes.list({ filters: { label: [`${KEY_LABEL}=${key}`] }, signal: options.signal }))
      .map(parseVolume)
      .filter((volume) => volume !== undefined);
    let generation = existing.reduce((highest, volume) => Math.max(highest, volume.generation), 0);
    if (options.fresh && !this.#fresh.has(key)) {
      // BuildKit detaches the caches of a RUN that runs with --no-cache: it starts empty, and what
      // it leaves becomes the cache from then on (`solver/llbsolver/vertex.go` detectPrunedCacheID).
      generation = existing.length === 0 ? 0 : generation + 1;
      this.#fresh.set(key, generation);
      for (const old of existing) {
        if (old.generation < generation) await this.#engine.volumes.remove(old.name, { signal: options.signal }).catch(() => undefined);
      }
    }
    const current = existing.filter((volume) => volume.generation === generation);
    const labels = (instance: number): Record<string, string> => ({
      [CACHE_ID_LABEL]: identity.id,
      [KEY_LABEL]: key,
      [GENERATION_LABEL]: String(generation),
      [INSTANCE_LABEL]: String(instance),
      [DESCRIPTION_LABEL]: options.description,
    });
    const ensure = async (instance: number): Promise<{ volume: string; created: boolean }> => {
      const name = volumeName(key, generation, instance);
      const created = !current.some((volume) => volume.name === name);
      // Creating a volume that exists returns it: two builds that race here share one volume.
      if (created) await this.#engine.volumes.create({ Name: name, Labels: labels(instance) }, { signal: options.signal });
      return { volume: name, created };
    };

    if (options.sharing === "shared") return { ...(await ensure(0)), release: () => Promise.resolve() };
    if (options.sharing === "locked") {
      const { volume, created } = await ensure(0);
      const release = await this.#lock(volume, options, true);
      if (release === undefined) throw new Error("unreachable: a waiting lock is always taken");
      return { volume, created, release };
    }
    // private: the first instance nobody holds.
    for (let instance = 0; ; instance++) {
      const name = volumeName(key, generation, instance);
      const release = await this.#lock(name, options, false);
      if (release === undefined) continue;
      return { ...(await ensure(instance)), release };
    }
  }

  /** Removes a lock whose build's process is gone (killed mid-step); resolves to whether it did. */
  async #removeStaleLock(name: string, signal: AbortSignal | undefined): Promise<boolean> {
    const [holder] = (await this.#engine.containers.list({ all: true, filters: { name: [name] }, signal })).filter((container) =>
      container.Names.includes(`/${name}`),
    );
    const buildId = holder?.Labels?.[BUILD_LABEL];
    const owner = buildId === undefined ? undefined : parseOwnerToken(buildId.replace(/-[0-9a-f]{6}$/, ""));
    if (holder === undefined || owner === undefined || ownerState(owner) !== "gone") return false;
    await this.#engine.containers.remove(holder.Id, { force: true, signal }).catch((error: unknown) => {
      if (!(error instanceof EngineError && (error.status === 404 || error.status === 409))) throw error;
    });
    return true;
  }

  /** Takes the lock of a volume; waits for it when `wait`, else resolves to undefined when it is held. */
  async #lock(volume: string, options: AcquireOptions, wait: boolean): Promise<(() => Promise<void>) | undefined> {
    const name = `dfbuild-lock-${volume}`;
    let told = false;
    for (;;) {
      try {
        // Never started nor committed, so its label (the build that holds the lock) stays its own.
        const id = await this.#containers.create(
          { Image: options.lockImage, Entrypoint: ["/dfbuild-cache-lock"], Cmd: null, Labels: { [BUILD_LABEL]: this.#containers.buildId } },
          { name },
        );
        return () => this.#containers.remove(id);
      } catch (error) {
        if (!(error instanceof EngineError && error.status === 409)) throw error;
      }
      if (await this.#removeStaleLock(name, options.signal)) continue;
      if (!wait) return undefined;
      if (!told) {
        options.onWait();
        told = true;
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, LOCK_POLL_MS);
        options.signal?.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            reject(options.signal?.reason instanceof Error ? options.signal.reason : new Error("aborted"));
          },
          { once: true },
        );
      });
    }
  }
}
