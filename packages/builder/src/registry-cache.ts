/**
 * The build cache shared through a registry: `--cache-to REF` and `--cache-from REF`.
 *
 * Format (version 1). REF (`registry/repository:tag`) names an OCI image index
 * (`application/vnd.oci.image.index.v1+json`) with
 *   - `artifactType: application/vnd.dfbuild.cache.v1` and the annotation
 *     `dev.dfbuild.cache.format: "1"`, which mark it as a dfbuild cache;
 *   - one `manifests` entry per cache entry: the step image's manifest, as the engine pushed it into
 *     the same repository (Docker schema 2, found by digest), annotated with
 *       `dev.dfbuild.cache.image`  the image ID (its config digest: the same on every engine),
 *       `dev.dfbuild.cache.parent` the image the step started from ("" when unknown),
 *       `dev.dfbuild.cache.keys`   the step keys (`cache.ts`) that map to it, comma-separated.
 *     The entries carry no `platform`, so `docker pull REF` finds no image in it.
 * The index references every step manifest, so a registry's garbage collection keeps them. The
 * step manifests are pushed through one helper tag, `<tag>-dfbuild-steps` (or
 * `dfbuild-steps-<hash>` when that would be too long), which ends up naming the last one pushed.
 *
 * Why it works: step keys depend only on content (parent image IDs are config digests, which a
 * push and pull keep), so a key computed on another engine finds the entry; the image ID a pull
 * yields is checked against the annotation before it is trusted.
 *
 * `--cache-from` is only ever an extra source (unlike the classic builder's `--cache-from`, which
 * turns local cache hits off when the image it names is missing or unrelated): a missing REF, an
 * image that is not a dfbuild cache, or a registry that cannot be read gives a warning, and the
 * build goes on with the local cache. Steps are pulled lazily, only when a step misses locally,
 * and the engine downloads only the layers it does not have. `--cache-to` pushes only the steps
 * the registry does not have yet (it reuses the manifests of the previous index at REF and of the
 * `--cache-from` caches in the same repository), and refuses to overwrite a REF that holds
 * anything but a dfbuild cache.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  EngineClientError,
  EngineError,
  type ImageReference,
  insecureRegistryMatcher,
  MEDIA_TYPES,
  parseImageReference,
  RegistryClient,
  type Repository,
  repositoryName,
  type SystemInfo,
} from "@dfbuild/engine";
import type { BuildEngine } from "./build-engine.js";
import type { CacheSource, UsedCacheEntry } from "./cache.js";
import { BuildError } from "./errors.js";
import { engineWords, explainPushFailure } from "./image-push.js";
import { loadImageConfig } from "./image.js";

export const CACHE_ARTIFACT_TYPE = "application/vnd.dfbuild.cache.v1";
export const CACHE_FORMAT_VERSION = "1";
const ANNOTATION_FORMAT = "dev.dfbuild.cache.format";
const ANNOTATION_IMAGE = "dev.dfbuild.cache.image";
const ANNOTATION_PARENT = "dev.dfbuild.cache.parent";
const ANNOTATION_KEYS = "dev.dfbuild.cache.keys";
const MAX_TAG_LENGTH = 128;

/** `--cache-to`: where, which steps, and whether a failure fails the build. */
export interface CacheExportOptions {
  ref: string;
  /** `max` (default): every step of the build; `min`: the steps of the final image only. */
  mode?: "max" | "min";
  /** Report a failed export as a warning instead of failing the build (buildx's `ignore-error`). */
  ignoreError?: boolean;
}

export type RegistryCacheErrorCode =
  /** REF holds something that is not a dfbuild cache; `--cache-to` will not overwrite it. */
  | "DFB_CACHE_NOT_A_CACHE"
  /** REF is not a reference `--cache-to` can write (a digest, a malformed name). */
  | "DFB_CACHE_REFERENCE"
  /** Pushing the steps or the index failed (registry unreachable, credentials refused…). */
  | "DFB_CACHE_EXPORT";

export class RegistryCacheError extends BuildError {
  readonly code: RegistryCacheErrorCode;
  readonly ref: string;

  constructor(code: RegistryCacheErrorCode, ref: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
    this.ref = ref;
  }
}

/** One entry of a cache index. */
interface IndexEntry {
  manifest: { mediaType: string; digest: string; size: number };
  image: string;
  parent: string | null;
  keys: string[];
}

interface OciDescriptor {
  mediaType?: unknown;
  digest?: unknown;
  size?: unknown;
  annotations?: Record<string, unknown>;
}

/** What the cache needs of a registry client: manifests (a test gives an in-memory one). */
export type ManifestStore = Pick<RegistryClient, "getManifest" | "hasManifest" | "putManifest">;

/** The client the cache talks to registries with: the engine's credentials and its idea of which registries are insecure. */
export function registryClientFor(engine: BuildEngine, info: SystemInfo): RegistryClient {
  return new RegistryClient({
    credentials: (domain) => engine.registryAuth(`${domain}/_`),
    insecure: insecureRegistryMatcher(info.RegistryConfig ?? undefined, async (host) => (await process.getBuiltinModule("node:dns/promises").lookup(host, { all: true })).map((address) => address.address)),
    userAgent: "dfbuild",
  });
}

/** What a read of REF found. */
type IndexRead =
  | { kind: "cache"; entries: IndexEntry[] }
  | { kind: "missing" }
  | { kind: "other"; description: string };

async function readIndex(client: ManifestStore, reference: ImageReference, signal: AbortSignal | undefined): Promise<IndexRead> {
  const repository = { domain: reference.domain, path: reference.path };
  const manifest = await client.getManifest(repository, reference.digest ?? reference.tag ?? "latest", { signal });
  if (manifest === undefined) return { kind: "missing" };
  let parsed: { mediaType?: unknown; artifactType?: unknown; annotations?: Record<string, unknown>; manifests?: unknown };
  try {
    parsed = JSON.parse(manifest.bytes.toString("utf8")) as typeof parsed;
  } catch {
    return { kind: "other", description: `a manifest that is not JSON (${manifest.mediaType})` };
  }
  const mediaType = manifest.mediaType === "" && typeof parsed.mediaType === "string" ? parsed.mediaType : manifest.mediaType;
  if (mediaType !== MEDIA_TYPES.ociIndex || parsed.artifactType !== CACHE_ARTIFACT_TYPE) {
    return { kind: "other", description: describeManifest(mediaType) };
  }
  const format = parsed.annotations?.[ANNOTATION_FORMAT];
  if (format !== CACHE_FORMAT_VERSION) {
    return { kind: "other", description: `a dfbuild cache of format ${JSON.stringify(format)}, which this dfbuild (format ${CACHE_FORMAT_VERSION}) cannot read` };
  }
  const entries: IndexEntry[] = [];
  for (const descriptor of Array.isArray(parsed.manifests) ? (parsed.manifests as OciDescriptor[]) : []) {
    const annotations = descriptor.annotations ?? {};
    const image = annotations[ANNOTATION_IMAGE];
    const keys = annotations[ANNOTATION_KEYS];
    const parent = annotations[ANNOTATION_PARENT];
    if (typeof descriptor.digest !== "string" || typeof image !== "string" || typeof keys !== "string") continue;
    entries.push({
      manifest: {
        mediaType: typeof descriptor.mediaType === "string" ? descriptor.mediaType : MEDIA_TYPES.dockerManifest,
        digest: descriptor.digest,
        size: typeof descriptor.size === "number" ? descriptor.size : 0,
      },
      image,
      parent: typeof parent === "string" && parent !== "" ? parent : null,
      keys: keys.split(",").filter((key) => key !== ""),
    });
  }
  return { kind: "cache", entries };
}

function describeManifest(mediaType: string): string {
  switch (mediaType) {
    case MEDIA_TYPES.dockerManifest:
    case MEDIA_TYPES.ociManifest:
      return "an image";
    case MEDIA_TYPES.dockerManifestList:
    case MEDIA_TYPES.ociIndex:
      return "a multi-platform image or an index that is not a dfbuild cache";
    default:
      return `a manifest of type ${mediaType === "" ? "(none)" : mediaType}`;
  }
}

/** An entry of a `--cache-from` cache, with where it was read. */
export interface ImportedEntry {
  repository: Repository;
  ref: string;
  entry: IndexEntry;
}

/**
 * `--cache-from`: the caches named, read once at the start; a step that misses locally is pulled
 * from the first cache that has its key.
 */
export class RegistryCacheImport implements CacheSource {
  readonly #engine: BuildEngine;
  readonly #byKey = new Map<string, ImportedEntry>();
  readonly #report: (text: string) => void;
  readonly #warn: (text: string) => void;
  /** Every entry read, by repository, for `--cache-to` to reuse what is already pushed. */
  readonly imported: ImportedEntry[] = [];

  private constructor(engine: BuildEngine, report: (text: string) => void, warn: (text: string) => void) {
    this.#engine = engine;
    this.#report = report;
    this.#warn = warn;
  }

  /** Reads every REF; what cannot be read is a warning, never a failure. */
  static async open(
    engine: BuildEngine,
    client: ManifestStore,
    refs: readonly string[],
    events: { report: (text: string) => void; warn: (text: string) => void },
    signal: AbortSignal | undefined,
  ): Promise<RegistryCacheImport> {
    const cache = new RegistryCacheImport(engine, events.report, events.warn);
    const reads = await Promise.all(
      refs.map(async (ref) => {
        try {
          const reference = parseImageReference(ref);
          return { ref, reference, read: await readIndex(client, reference, signal) };
        } catch (error) {
          if (signal?.aborted === true) throw error;
          return { ref, error };
        }
      }),
    );
    for (const result of reads) {
      const { ref } = result;
      if ("error" in result) {
        const reason = result.error instanceof Error ? result.error.message : String(result.error);
        events.warn(`--cache-from ${ref}: cannot read it, building without it: ${reason}`);
        continue;
      }
      const { reference, read } = result;
      if (read.kind === "missing") {
        events.warn(`--cache-from ${ref}: not found in the registry; building without it`);
        continue;
      }
      if (read.kind === "other") {
        // A pulled image would have been a classic cache source (image-cache-source.ts): say so.
        const pull = read.description === "an image" ? ` (to use its steps as docker build does, pull it first: docker pull ${ref})` : "";
        events.warn(`--cache-from ${ref}: it is ${read.description}, not a dfbuild cache (written by dfbuild build --cache-to); building without it${pull}`);
        continue;
      }
      const repository = { domain: reference.domain, path: reference.path };
      for (const entry of read.entries) {
        const imported = { repository, ref, entry };
        cache.imported.push(imported);
        for (const key of entry.keys) if (!cache.#byKey.has(key)) cache.#byKey.set(key, imported);
      }
      events.report(`importing cache from ${ref}: ${String(read.entries.length)} step${read.entries.length === 1 ? "" : "s"}`);
    }
    return cache;
  }

  async fetch(key: string, signal?: AbortSignal): Promise<{ image: string; parent: string | null } | undefined> {
    const found = this.#byKey.get(key);
    if (found === undefined) return undefined;
    const { entry, repository, ref } = found;
    if (await this.#present(entry.image, signal)) return { image: entry.image, parent: entry.parent };
    const pullRef = `${repositoryName(repository)}@${entry.manifest.digest}`;
    // Only the layers the engine lacks are downloaded ("Pull complete"); the others report "Already exists".
    let downloaded = 0;
    try {
      for await (const event of this.#engine.images.pull(pullRef, { signal })) if (event.status === "Pull complete") downloaded++;
    } catch (error) {
      if (signal?.aborted === true) throw error;
      this.#forget(found);
      const reason = error instanceof Error ? error.message : String(error);
      this.#warn(`--cache-from ${ref}: pulling a cached step failed, building it instead: ${reason}`);
      return undefined;
    }
    if (!(await this.#present(entry.image, signal))) {
      this.#forget(found);
      this.#warn(`--cache-from ${ref}: ${pullRef} did not yield the image ${entry.image} the cache names; building the step instead`);
      return undefined;
    }
    const layers = `${String(downloaded)} layer${downloaded === 1 ? "" : "s"} downloaded`;
    this.#report(`pulled cached step ${entry.image.replace(/^sha256:/, "").slice(0, 12)} from ${ref} (${layers})`);
    return { image: entry.image, parent: entry.parent };
  }

  #forget(found: ImportedEntry): void {
    for (const key of found.entry.keys) if (this.#byKey.get(key) === found) this.#byKey.delete(key);
  }

  async #present(image: string, signal: AbortSignal | undefined): Promise<boolean> {
    try {
      await this.#engine.images.inspect(image, { signal });
      return true;
    } catch (error) {
      if (error instanceof EngineError && error.status === 404) return false;
      throw error;
    }
  }
}

/**
 * `--cache-to`: pushes the steps the registry lacks and writes the index at REF. `finalImage`
 * picks the steps of `mode=min`.
 */
export async function exportRegistryCache(
  engine: BuildEngine,
  client: ManifestStore,
  options: CacheExportOptions,
  used: readonly UsedCacheEntry[],
  finalImage: string,
  imported: readonly ImportedEntry[],
  report: (text: string) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { ref } = options;
  let reference: ImageReference;
  try {
    reference = parseImageReference(ref);
  } catch (error) {
    throw new RegistryCacheError("DFB_CACHE_REFERENCE", ref, `--cache-to ${ref}: ${(error as Error).message}`, { cause: error });
  }
  if (reference.digest !== undefined) {
    throw new RegistryCacheError("DFB_CACHE_REFERENCE", ref, `--cache-to ${ref}: a cache is written under a tag, not a digest (e.g. ${repositoryName(reference)}:cache)`);
  }
  const tag = reference.tag ?? "latest";
  const repository = { domain: reference.domain, path: reference.path };
  const name = repositoryName(reference);
  const fail = (error: unknown): RegistryCacheError => {
    if (error instanceof RegistryCacheError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new RegistryCacheError("DFB_CACHE_EXPORT", ref, `--cache-to ${ref}: ${message}`, { cause: error });
  };

  try {
    const previous = await readIndex(client, reference, signal);
    if (previous.kind === "other") {
      throw new RegistryCacheError(
        "DFB_CACHE_NOT_A_CACHE",
        ref,
        `--cache-to ${ref}: it holds ${previous.description}, not a dfbuild cache; refusing to overwrite it. Give the cache a tag of its own, e.g. ${name}:${tag}-cache`,
      );
    }
    // Manifests already in this repository, by image ID: the previous index and the imported caches.
    const known = new Map<string, IndexEntry["manifest"]>();
    for (const source of imported) {
      if (source.repository.domain === repository.domain && source.repository.path === repository.path) known.set(source.entry.image, source.entry.manifest);
    }
    if (previous.kind === "cache") for (const entry of previous.entries) known.set(entry.image, entry.manifest);

    const entries = group(options.mode === "min" ? chainOf(used, finalImage) : used);
    const pushTag = stepsTag(tag);
    let pushed = 0;
    let tagged = false;
    const manifests = new Map<string, IndexEntry["manifest"]>();
    try {
      for (const entry of entries) {
        if (manifests.has(entry.image)) continue;
        const reuse = known.get(entry.image);
        if (reuse !== undefined && (await client.hasManifest(repository, reuse.digest, { signal }))) {
          manifests.set(entry.image, reuse);
          continue;
        }
        tagged = true;
        manifests.set(entry.image, await pushStep(engine, client, repository, name, pushTag, entry.image, signal));
        pushed++;
      }
    } finally {
      if (tagged) await untagKeepingImage(engine, name, pushTag, signal);
    }

    const index = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociIndex,
      artifactType: CACHE_ARTIFACT_TYPE,
      manifests: entries.map((entry) => {
        const manifest = manifests.get(entry.image);
        if (manifest === undefined) throw new Error(`no manifest for ${entry.image}`);
        return {
          mediaType: manifest.mediaType,
          digest: manifest.digest,
          size: manifest.size,
          annotations: {
            [ANNOTATION_IMAGE]: entry.image,
            [ANNOTATION_PARENT]: entry.parent ?? "",
            [ANNOTATION_KEYS]: entry.keys.join(","),
          },
        };
      }),
      annotations: { [ANNOTATION_FORMAT]: CACHE_FORMAT_VERSION, "org.opencontainers.image.created": new Date().toISOString() },
    };
    const digest = await client.putManifest(repository, tag, MEDIA_TYPES.ociIndex, Buffer.from(JSON.stringify(index)), { signal });
    const reused = manifests.size - pushed;
    report(
      `exported cache to ${ref}: ${String(entries.length)} step${entries.length === 1 ? "" : "s"} (${String(pushed)} pushed, ${String(reused)} already there), index ${digest}`,
    );
  } catch (error) {
    if (signal?.aborted === true) throw error;
    throw fail(error);
  }
}

/** Entries with the same image and parent become one index entry with all their keys. */
function group(used: readonly UsedCacheEntry[]): IndexEntry[] {
  const byImage = new Map<string, Omit<IndexEntry, "manifest">>();
  for (const entry of used) {
    const id = `${entry.image} ${entry.parent ?? ""}`;
    const existing = byImage.get(id);
    if (existing === undefined) byImage.set(id, { image: entry.image, parent: entry.parent, keys: [entry.key] });
    else if (!existing.keys.includes(entry.key)) existing.keys.push(entry.key);
  }
  return [...byImage.values()].map((entry) => ({ ...entry, manifest: { mediaType: "", digest: "", size: 0 } }));
}

/** `mode=min`: the entries whose image is the final image or one of its ancestors. */
function chainOf(used: readonly UsedCacheEntry[], finalImage: string): UsedCacheEntry[] {
  const parents = new Map<string, Set<string>>();
  for (const entry of used) {
    if (entry.parent === null) continue;
    const set = parents.get(entry.image) ?? new Set<string>();
    set.add(entry.parent);
    parents.set(entry.image, set);
  }
  const chain = new Set<string>();
  const pending = [finalImage];
  for (let image = pending.pop(); image !== undefined; image = pending.pop()) {
    if (chain.has(image)) continue;
    chain.add(image);
    pending.push(...(parents.get(image) ?? []));
  }
  return used.filter((entry) => chain.has(entry.image));
}

/** The helper tag steps are pushed through. */
export function stepsTag(tag: string): string {
  const plain = `${tag}-dfbuild-steps`;
  if (plain.length <= MAX_TAG_LENGTH) return plain;
  return `dfbuild-steps-${createHash("sha256").update(tag).digest("hex").slice(0, 16)}`;
}

/** Pushes one step image through the helper tag and checks the registry got that very image. */
async function pushStep(
  engine: BuildEngine,
  client: ManifestStore,
  repository: Repository,
  name: string,
  pushTag: string,
  image: string,
  signal: AbortSignal | undefined,
): Promise<IndexEntry["manifest"]> {
  // Two tries: another process pushing through the same helper tag on this engine could move it
  // between our tag and our push; the check below notices, and the second try usually wins.
  for (let attempt = 0; attempt < 2; attempt++) {
    await engine.images.tag(image, { repo: name, tag: pushTag, signal });
    let digest: string | undefined;
    try {
      for await (const event of engine.images.push(name, { tag: pushTag, signal })) {
        if (typeof event.aux?.Digest === "string") digest = event.aux.Digest;
      }
    } catch (error) {
      if (signal?.aborted === true || !(error instanceof EngineClientError)) throw error;
      throw new Error(`pushing the step image ${image} failed: ${explainPushFailure(engineWords(error), repository.domain)}`, { cause: error });
    }
    if (digest === undefined) throw new Error(`the engine did not report the digest of the step image ${image} it pushed`);
    const manifest = await client.getManifest(repository, digest, { signal });
    if (manifest === undefined) throw new Error(`the registry does not have the manifest ${digest} the engine just pushed`);
    const config = (JSON.parse(manifest.bytes.toString("utf8")) as { config?: { digest?: unknown } }).config?.digest;
    if (config === image) return { mediaType: manifest.mediaType, digest, size: manifest.bytes.length };
  }
  throw new Error(`the helper tag ${name}:${pushTag} kept being moved by another push; try again`);
}

/**
 * Removes the helper tag from the engine without removing the step image it names: deleting an
 * image's last reference deletes an image without children (moby `daemon/images/image_delete.go`),
 * and a stage's last step has none. The tag is first moved onto a throwaway empty image, which is
 * then deleted with it.
 */
async function untagKeepingImage(engine: BuildEngine, name: string, tag: string, signal: AbortSignal | undefined): Promise<void> {
  const anchor = await loadImageConfig(
    engine,
    {
      architecture: "amd64",
      os: "linux",
      config: {},
      rootfs: { type: "layers", diff_ids: [] },
      history: [{ comment: `dfbuild: anchor for removing ${name}:${tag} (${randomBytes(8).toString("hex")})`, empty_layer: true }],
    },
    [],
    [`${name}:${tag}`],
    signal,
  );
  await engine.images.remove(anchor, { signal });
}
