/**
 * Images the builder makes without a container: the empty base of `FROM scratch`, and a stage's
 * last image with its config set exactly (`POST /commit` merges the container's Cmd into an image
 * that should have neither Cmd nor Entrypoint, and Dockerfile VOLUMEs are kept out of intermediate
 * images on purpose: a container's archive upload under a VOLUME path lands in the volume, not the
 * layer — moby `daemon/commit.go` `merge`, `daemon/archive.go`). Both are docker-archive loads
 * that carry a config and a manifest only: the engine does not read layers it already has.
 */
import { createHash } from "node:crypto";
import { EngineClientError } from "@dfbuild/engine";
import { pipeline } from "node:stream/promises";
import type { BuildEngine } from "./build-engine.js";
import * as tar from "tar-stream";
import type { ImageConfig } from "./config.js";
import { bytesOf } from "./tar.js";

/**
 * An image already on the engine that a loaded image names as its parent: its config exactly as
 * stored (its digest is its ID) and its layers' names in the archive.
 */
export interface LoadParent {
  id: string;
  config: Buffer;
  layers: readonly string[];
}

/**
 * Whether a failed load is the engine refusing its archive (a 4xx: a link it will not make, a
 * layer it rejects), which a smaller load can get past — not a lost engine or a cancelled build.
 */
export function loadRefused(error: unknown, signal?: AbortSignal): boolean {
  return error instanceof EngineClientError && signal?.aborted !== true;
}

/** A docker-archive before it is packed: its files by name (configs, layers) and its manifest's entries. */
export interface ImageArchive {
  files: ReadonlyMap<string, Buffer>;
  manifest: readonly Record<string, unknown>[];
}

/**
 * Loads archives in one `POST /images/load`. Every `docker load` first unpacks its whole archive in
 * a process of its own (moby `image/tarexport/load.go` `Load`: `chrootarchive.Untar`, a re-exec of
 * the daemon), then creates the images of its manifest one after another and links parents once
 * all are there (`validatedParentLinks`): archives loaded together pay that process once. A file
 * name is a digest (a config's, a layer's), so a name two archives share is the same file and goes
 * in once, as does a manifest entry both list (the same parent).
 */
export async function loadArchives(engine: BuildEngine, archives: readonly ImageArchive[], signal?: AbortSignal): Promise<void> {
  const files = new Map<string, Buffer>();
  const manifest: Record<string, unknown>[] = [];
  const listed = new Set<string>();
  for (const archive of archives) {
    for (const [name, content] of archive.files) if (!files.has(name)) files.set(name, content);
    for (const entry of archive.manifest) {
      const key = JSON.stringify(entry);
      if (listed.has(key)) continue;
      listed.add(key);
      manifest.push(entry);
    }
  }
  const pack = tar.pack();
  for (const [name, content] of files) pack.entry({ name, mode: 0o644, mtime: new Date(0) }, content);
  pack.entry({ name: "manifest.json", mode: 0o644, mtime: new Date(0) }, Buffer.from(JSON.stringify(manifest)));
  pack.finalize();
  for await (const event of engine.images.load(bytesOf(pack), { signal })) {
    if (typeof event.stream === "string" && event.stream.includes("Loaded image ID:")) continue;
  }
}

/**
 * The docker-archive of one config (`imageConfigArchive`), and the ID of its image. `repoTags` are
 * set on the loaded image (moving them from any image that had them). With `parent`, the archive
 * holds the parent too and the manifest names it as the image's `Parent`: `docker load` links the
 * two when both are in the archive and the image's history is the parent's plus one entry (moby
 * `image/tarexport/load.go` `validatedParentLinks`, `checkValidParent`); loading the parent again
 * changes nothing about it.
 */
export function imageConfigArchive(config: Record<string, unknown>, layers: readonly string[], repoTags: readonly string[] | null, parent?: LoadParent): { id: string; archive: ImageArchive } {
  const json = Buffer.from(JSON.stringify(config));
  const digest = createHash("sha256").update(json).digest("hex");
  const files = new Map<string, Buffer>();
  const manifest: Record<string, unknown>[] = [];
  if (parent !== undefined) {
    const name = `${parent.id.replace(/^sha256:/, "")}.json`;
    files.set(name, parent.config);
    manifest.push({ Config: name, RepoTags: null, Layers: parent.layers });
  }
  manifest.push({ Config: `${digest}.json`, RepoTags: repoTags, Layers: layers, ...(parent === undefined ? {} : { Parent: parent.id }) });
  files.set(`${digest}.json`, json);
  return { id: `sha256:${digest}`, archive: { files, manifest } };
}

/** Loads a docker-archive of one config and manifest (`imageConfigArchive`); resolves to the image ID. */
export async function loadImageConfig(
  engine: BuildEngine,
  config: Record<string, unknown>,
  layers: readonly string[],
  repoTags: readonly string[] | null,
  signal?: AbortSignal,
  parent?: LoadParent,
): Promise<string> {
  const { id, archive } = imageConfigArchive(config, layers, repoTags, parent);
  await loadArchives(engine, [archive], signal);
  return id;
}

/**
 * The docker-archive of a chain of images made from stored configs (`chain`, each the child of the
 * one before it, the first the child of `parent`, whose stored config is `parent.raw`): the archive
 * names the parent and every image, each with `Parent`, so that the engine records every link as a
 * commit would (moby `image/tarexport/load.go`: `Load` unpacks the archive once, creates each image
 * of the manifest, then `validatedParentLinks` keeps the links whose parent is in the same archive
 * and `setParentID` checks each with `checkValidParent` — the child's history is its parent's plus
 * one entry). Only the layers in `layers` (by diff ID) are sent: the engine has every other layer
 * they list, and reads a layer from the archive only when it has no layer of that chain ID (`Load`:
 * `lss.Get(ChainID)` first), re-hashing it against the diff ID. One load for a run of metadata
 * steps instead of one each: what the engine does once per load (a request, unpacking the archive
 * into a temporary directory with `chrootarchive.Untar`) is paid once. With `sibling`, one more
 * image goes in the same archive, a child of the last one's parent (a stage's final image standing
 * in for its last step's, see build.ts `#finalize`). `id` is the last image of the chain's.
 */
export function imageChainArchive(
  parent: { id: string; raw: Buffer },
  chain: readonly Buffer[],
  sibling?: Buffer,
  layers?: ReadonlyMap<string, Buffer>,
): { id: string; archive: ImageArchive } {
  const layersOf = (config: Buffer): string[] =>
    ((JSON.parse(config.toString("utf8")) as { rootfs?: { diff_ids?: string[] } }).rootfs?.diff_ids ?? []).map((diffId) => `${diffId.replace(/^sha256:/, "")}/layer.tar`);
  const files = new Map<string, Buffer>([[`${parent.id.slice(7)}.json`, parent.raw]]);
  const manifest: Record<string, unknown>[] = [{ Config: `${parent.id.slice(7)}.json`, RepoTags: null, Layers: layersOf(parent.raw) }];
  let previous = parent.id;
  let beforeLast = parent.id;
  for (const raw of chain) {
    const id = `sha256:${createHash("sha256").update(raw).digest("hex")}`;
    files.set(`${id.slice(7)}.json`, raw);
    manifest.push({ Config: `${id.slice(7)}.json`, RepoTags: null, Layers: layersOf(raw), Parent: previous });
    beforeLast = previous;
    previous = id;
  }
  if (sibling !== undefined) {
    const id = `sha256:${createHash("sha256").update(sibling).digest("hex")}`;
    files.set(`${id.slice(7)}.json`, sibling);
    manifest.push({ Config: `${id.slice(7)}.json`, RepoTags: null, Layers: layersOf(sibling), Parent: beforeLast });
  }
  // Layers the engine does not have yet (COPY layers built here): read from `<diff ID>/layer.tar`.
  for (const [diffId, layer] of layers ?? []) files.set(`${diffId.replace(/^sha256:/, "")}/layer.tar`, layer);
  return { id: previous, archive: { files, manifest } };
}

function scratchConfig(platform: { os: string; architecture: string; variant?: string }): Record<string, unknown> {
  const variant = platform.variant === undefined ? {} : { variant: platform.variant };
  return { architecture: platform.architecture, os: platform.os, ...variant, config: {}, rootfs: { type: "layers", diff_ids: [] }, history: [] };
}

/** The base image of `FROM scratch`: no layers, no history, an empty config. */
export function scratchImage(engine: BuildEngine, platform: { os: string; architecture: string; variant?: string }, signal?: AbortSignal): Promise<string> {
  return loadImageConfig(engine, scratchConfig(platform), [], null, signal);
}

/** The stored config of `scratchImage` (the bytes its ID is the digest of). */
export function scratchImageConfig(platform: { os: string; architecture: string; variant?: string }): Buffer {
  return Buffer.from(JSON.stringify(scratchConfig(platform)));
}

/** The ID `scratchImage` gives on a platform (its config's digest), without loading it. */
export function scratchImageId(platform: { os: string; architecture: string; variant?: string }): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(scratchConfig(platform))).digest("hex")}`;
}

/** An image's stored config (the JSON its ID is the digest of) and the layer names of its export. */
export interface StoredImage {
  config: Record<string, unknown>;
  layers: string[];
}

/**
 * Reads an image's stored config from `docker save` output (`GET /images/get`); layer data is read
 * past, not kept. The inspect endpoint does not give the raw history (`empty_layer`, authors).
 */
export async function readStoredImage(engine: BuildEngine, image: string, signal?: AbortSignal): Promise<StoredImage> {
  const archive = await engine.images.save([image], { signal });
  const extract = tar.extract();
  const files = new Map<string, Buffer>();
  const reading = pipeline(archive, extract);
  for await (const entry of extract) {
    const name = entry.header.name;
    // Only the top-level JSON files (manifest, image configs) matter; layer data is read past.
    const keep = name.endsWith(".json") && !name.includes("/");
    const chunks: Buffer[] = [];
    for await (const chunk of entry) if (keep) chunks.push(chunk as Buffer);
    if (keep) files.set(name, Buffer.concat(chunks));
  }
  await reading;
  const manifestText = files.get("manifest.json")?.toString("utf8");
  if (manifestText === undefined) throw new Error(`the engine's export of ${image} has no manifest.json`);
  const manifest = JSON.parse(manifestText) as { Config: string; Layers: string[] }[];
  const first = manifest[0];
  const configText = first === undefined ? undefined : files.get(first.Config)?.toString("utf8");
  if (first === undefined || configText === undefined) throw new Error(`the engine's export of ${image} has no image config`);
  return { config: JSON.parse(configText) as Record<string, unknown>, layers: first.Layers };
}

/**
 * An image re-created with another config (`rewrittenImage`): its ID, its archive, and when that
 * archive links it to a parent, the same without the link.
 */
export interface RewrittenImage {
  id: string;
  archive: ImageArchive;
  /** The image alone, for an engine that will not make the link (it then refuses the whole load). */
  alone?: ImageArchive;
}

/**
 * Re-creates an image with its `config` replaced by `wanted` (history, layers and everything else
 * kept), and its platform replaced when one is given: the archive that makes it, to be loaded
 * (`loadRewritten`). Its stored config is `raw` when the caller has it (image-configs.ts), else it
 * is read from `docker save` output. `history`, when given, makes the new history from the stored
 * one (`--fold-metadata` puts folded steps' entries back); the image's `created` is then its last
 * entry's, as a commit's is.
 */
export async function rewrittenImage(
  engine: BuildEngine,
  image: string,
  wanted: ImageConfig,
  signal?: AbortSignal,
  raw?: Buffer,
  platform?: { os: string; architecture: string; variant?: string },
  parent?: { id: string; raw: Buffer },
  history?: (stored: readonly unknown[]) => unknown[],
): Promise<RewrittenImage> {
  const stored = raw === undefined ? await readStoredImage(engine, image, signal) : storedImageOf(raw);
  const rewritten = withConfig(stored.config, wanted);
  if (platform !== undefined) {
    rewritten.os = platform.os;
    rewritten.architecture = platform.architecture;
    if (platform.variant === undefined) delete rewritten.variant;
    else rewritten.variant = platform.variant;
  }
  if (history !== undefined) {
    const entries = history((stored.config.history as unknown[] | undefined) ?? []);
    rewritten.history = entries;
    const last = entries[entries.length - 1] as { created?: unknown } | undefined;
    if (typeof last?.created === "string") rewritten.created = last.created;
  }
  const { id, archive } = imageConfigArchive(rewritten, stored.layers, null);
  // With `parent` (the image's own parent) the new image is made its child, a sibling of the image,
  // when their histories allow it (see `imageConfigArchive`): the chain of step images leads to it.
  if (parent === undefined) return { id, archive };
  const parentStored = storedImageOf(parent.raw);
  const historyLength = (value: Record<string, unknown>): number => ((value.history as unknown[] | undefined) ?? []).length;
  // Anything else and the engine would refuse the whole load ("not a valid parent").
  if (historyLength(rewritten) !== historyLength(parentStored.config) + 1) return { id, archive };
  const linked = imageConfigArchive(rewritten, stored.layers, null, { id: parent.id, config: parent.raw, layers: parentStored.layers });
  return { id, archive: linked.archive, alone: archive };
}

/**
 * Loads a rewritten image (`rewrittenImage`) through `load` (the builder's `ImageLoads`, which may
 * send other images with it): linked to its parent, else — a parent the engine will not link is no
 * reason to fail — alone, as before the link was made.
 */
export async function loadRewritten(
  rewritten: RewrittenImage,
  loads: { load: (archives: readonly ImageArchive[], signal?: AbortSignal) => Promise<void> },
  signal?: AbortSignal,
): Promise<string> {
  try {
    await loads.load([rewritten.archive], signal);
  } catch (error) {
    if (rewritten.alone === undefined || !loadRefused(error, signal)) throw error;
    await loads.load([rewritten.alone], signal);
  }
  return rewritten.id;
}

/** A stored image config with its `config` replaced by `wanted` (everything else kept). */
export function withConfig(stored: Record<string, unknown>, wanted: ImageConfig): Record<string, unknown> {
  const config = { ...(stored.config as Record<string, unknown> | undefined) };
  for (const [key, value] of Object.entries(wanted)) config[key] = value;
  if (!wanted.ArgsEscaped) delete config.ArgsEscaped;
  return { ...stored, config };
}

/** A stored config at hand as `readStoredImage` gives it (layer names as `docker save` writes them). */
function storedImageOf(raw: Buffer): StoredImage {
  const config = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
  const diffIds = (config.rootfs as { diff_ids?: string[] } | undefined)?.diff_ids ?? [];
  return { config, layers: diffIds.map((diffId) => `${diffId.replace(/^sha256:/, "")}/layer.tar`) };
}
