/**
 * Images the builder makes without a container: the empty base of `FROM scratch`, and a stage's
 * last image with its config set exactly (`POST /commit` merges the container's Cmd into an image
 * that should have neither Cmd nor Entrypoint, and Dockerfile VOLUMEs are kept out of intermediate
 * images on purpose — builder.md §0.1, §0.2). Both are docker-archive loads that carry a config and
 * a manifest only: the engine does not read layers it already has.
 */
import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import type { BuildEngine } from "./build-engine.js";
import * as tar from "tar-stream";
import type { ImageConfig } from "./config.js";
import { bytesOf } from "./tar.js";

/**
 * Loads a docker-archive of one config and manifest; resolves to the image ID. `repoTags` are set
 * on the loaded image (moving them from any image that had them).
 */
export async function loadImageConfig(
  engine: BuildEngine,
  config: Record<string, unknown>,
  layers: readonly string[],
  repoTags: readonly string[] | null,
  signal?: AbortSignal,
): Promise<string> {
  const json = Buffer.from(JSON.stringify(config));
  const digest = createHash("sha256").update(json).digest("hex");
  const manifest = Buffer.from(JSON.stringify([{ Config: `${digest}.json`, RepoTags: repoTags, Layers: layers }]));
  const pack = tar.pack();
  pack.entry({ name: `${digest}.json`, mode: 0o644, mtime: new Date(0) }, json);
  pack.entry({ name: "manifest.json", mode: 0o644, mtime: new Date(0) }, manifest);
  pack.finalize();
  for await (const event of engine.images.load(bytesOf(pack), { signal })) {
    if (typeof event.stream === "string" && event.stream.includes("Loaded image ID:")) continue;
  }
  return `sha256:${digest}`;
}

function scratchConfig(platform: { os: string; architecture: string }): Record<string, unknown> {
  return { architecture: platform.architecture, os: platform.os, config: {}, rootfs: { type: "layers", diff_ids: [] }, history: [] };
}

/** The base image of `FROM scratch`: no layers, no history, an empty config. */
export function scratchImage(engine: BuildEngine, platform: { os: string; architecture: string }, signal?: AbortSignal): Promise<string> {
  return loadImageConfig(engine, scratchConfig(platform), [], null, signal);
}

/** The ID `scratchImage` gives on a platform (its config's digest), without loading it. */
export function scratchImageId(platform: { os: string; architecture: string }): string {
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
 * Re-creates an image with its `config` replaced by `wanted` (history, layers and everything else
 * kept).
 */
export async function rewriteConfig(engine: BuildEngine, image: string, wanted: ImageConfig, signal?: AbortSignal): Promise<string> {
  const stored = await readStoredImage(engine, image, signal);
  const config = { ...(stored.config.config as Record<string, unknown> | undefined) };
  for (const [key, value] of Object.entries(wanted)) config[key] = value;
  if (!wanted.ArgsEscaped) delete config.ArgsEscaped;
  return loadImageConfig(engine, { ...stored.config, config }, stored.layers, null, signal);
}
