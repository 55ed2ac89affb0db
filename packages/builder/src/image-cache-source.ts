/**
 * `--cache-from IMAGE` as the classic builder reads it: a local image (typically pulled by the
 * `docker pull IMAGE || true` line before the build) answers for the steps its history records.
 * moby's image cache (`image/cache/cache.go`, `ImageCache.GetCache`): a source image matches a step
 * when the step's parent is a prefix of it (`isValidParent`: the parent's history entries and
 * layer DiffIDs are the first ones of the source's) and the source's next history entry was
 * created by the step's command (`isValidConfig`: `created_by` equals the command joined with
 * spaces). On the source's last entry the source itself is the result; before it, an image is
 * restored (`restoreCachedImage`): the parent's history and layers plus that entry (and its layer
 * unless `empty_layer`), with the step's config.
 *
 * Unlike the classic builder, a source never turns local cache hits off (the index is asked
 * first), and a REF that names no local image is left to the registry cache.
 */
import { EngineError } from "@dfbuild/engine";
import type { BuildEngine } from "./build-engine.js";
import type { CacheProbe, CacheSource } from "./cache.js";
import { loadImageConfig, readStoredImage } from "./image.js";

/** One entry of an image config's `history` (image-spec `config.md`, moby `image.History`). */
interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

interface ImageRecord {
  id: string;
  config: Record<string, unknown>;
  history: HistoryEntry[];
  diffIds: string[];
}

function recordOf(id: string, config: Record<string, unknown>): ImageRecord {
  const rootfs = config.rootfs as { diff_ids?: string[] } | undefined;
  return { id, config, history: (config.history as HistoryEntry[] | undefined) ?? [], diffIds: rootfs?.diff_ids ?? [] };
}

function sameHistory(a: HistoryEntry, b: HistoryEntry): boolean {
  return (
    a.created === b.created &&
    a.created_by === b.created_by &&
    (a.author ?? "") === (b.author ?? "") &&
    (a.comment ?? "") === (b.comment ?? "") &&
    (a.empty_layer ?? false) === (b.empty_layer ?? false)
  );
}

/** moby's `isValidParent`: `parent` is a prefix of `source` (an empty parent, FROM scratch's, of any). */
function isValidParent(source: ImageRecord, parent: ImageRecord): boolean {
  if (source.history.length === 0) return false;
  if (parent.history.length === 0 && parent.diffIds.length === 0) return true;
  if (parent.history.length >= source.history.length || parent.diffIds.length > source.diffIds.length) return false;
  return parent.history.every((entry, i) => sameHistory(entry, source.history[i] ?? {})) && parent.diffIds.every((id, i) => id === source.diffIds[i]);
}

/** moby's `getLayerForHistoryIndex`: the DiffID the history entry at `index` added, if any. */
function layerForHistoryIndex(source: ImageRecord, index: number): string | undefined {
  if (source.history[index]?.empty_layer === true) return undefined;
  const layers = source.history.slice(0, index).filter((entry) => entry.empty_layer !== true).length;
  return source.diffIds[layers];
}

export class ImageCacheSource implements CacheSource {
  readonly #engine: BuildEngine;
  readonly #sources: { ref: string; id: string; record?: ImageRecord }[];
  /** Configs read or made in this build, by image ID. */
  readonly #known = new Map<string, ImageRecord>();

  private constructor(engine: BuildEngine, sources: { ref: string; id: string }[]) {
    this.#engine = engine;
    this.#sources = sources;
  }

  /**
   * The REFs that name a local image become sources (reported); the others are returned, for the
   * registry cache to read.
   */
  static async open(
    engine: BuildEngine,
    refs: readonly string[],
    report: (text: string) => void,
    signal: AbortSignal | undefined,
  ): Promise<{ source: ImageCacheSource | undefined; others: string[] }> {
    const sources: { ref: string; id: string }[] = [];
    const others: string[] = [];
    for (const ref of refs) {
      try {
        const { Id } = await engine.images.inspect(ref, { signal });
        sources.push({ ref, id: Id });
        report(`--cache-from ${ref}: using the local image ${Id.replace(/^sha256:/, "").slice(0, 12)} as a cache source`);
      } catch (error) {
        // 404: no such image here. A reference the engine refuses is no local image either.
        if (!(error instanceof EngineError && (error.status === 404 || error.status === 400))) throw error;
        others.push(ref);
      }
    }
    return { source: sources.length === 0 ? undefined : new ImageCacheSource(engine, sources), others };
  }

  async fetch(_key: string, signal?: AbortSignal, probe?: CacheProbe): Promise<{ image: string; parent: string | null } | undefined> {
    if (probe === undefined) return undefined;
    const parent = await this.#parentRecord(probe.parent, signal);
    if (parent === undefined) return undefined;
    const createdBy = probe.command.join(" ");
    for (const source of this.#sources) {
      source.record ??= await this.#read(source.id, signal);
      const target = source.record;
      const index = parent.history.length;
      if (!isValidParent(target, parent) || target.history[index]?.created_by !== createdBy) continue;
      if (index === target.history.length - 1) return { image: target.id, parent: probe.parent };
      return { image: await this.#restore(parent, target, probe, signal), parent: probe.parent };
    }
    return undefined;
  }

  /**
   * The step's parent as stored, or undefined when its layers are not a prefix of any source's
   * (then no source can match, and the parent is not read in full).
   */
  async #parentRecord(id: string, signal: AbortSignal | undefined): Promise<ImageRecord | undefined> {
    const known = this.#known.get(id);
    if (known !== undefined) return known;
    const inspected = await this.#engine.images.inspect(id, { signal });
    const layers = inspected.RootFS.Layers ?? [];
    for (const source of this.#sources) source.record ??= await this.#read(source.id, signal);
    const prefixOfOne = this.#sources.some(({ record }) => record !== undefined && layers.every((layer, i) => layer === record.diffIds[i]));
    return prefixOfOne ? this.#read(id, signal) : undefined;
  }

  async #read(id: string, signal: AbortSignal | undefined): Promise<ImageRecord> {
    const known = this.#known.get(id);
    if (known !== undefined) return known;
    const record = recordOf(id, (await readStoredImage(this.#engine, id, signal)).config);
    this.#known.set(id, record);
    return record;
  }

  /** moby's `restoreCachedImage`: the parent plus the source's next entry, with the step's config. */
  async #restore(parent: ImageRecord, target: ImageRecord, probe: CacheProbe, signal: AbortSignal | undefined): Promise<string> {
    const index = parent.history.length;
    const history = [...parent.history, target.history[index] ?? {}];
    const diffIds = [...parent.diffIds];
    const layer = layerForHistoryIndex(target, index);
    if (layer !== undefined) diffIds.push(layer);
    const config: Record<string, unknown> = {
      architecture: target.config.architecture,
      os: target.config.os,
      ...(typeof target.config.variant === "string" ? { variant: target.config.variant } : {}),
      ...(typeof target.config.author === "string" && target.config.author !== "" ? { author: target.config.author } : {}),
      created: history[history.length - 1]?.created,
      config: { ...(probe.config as Record<string, unknown>), Cmd: [...probe.command] },
      rootfs: { type: "layers", diff_ids: diffIds },
      history,
    };
    // The engine has every layer (the source image's), so the archive names them without data.
    const id = await loadImageConfig(
      this.#engine,
      config,
      diffIds.map((diffId) => `${diffId.replace(/^sha256:/, "")}/layer.tar`),
      null,
      signal,
    );
    this.#known.set(id, recordOf(id, config));
    return id;
  }
}
