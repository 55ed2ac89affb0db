/**
 * The stored config of an image — the exact bytes whose sha256 is its ID — which a metadata step
 * needs to make its child image without a container (image.ts `loadMetadataImage`): the child's
 * history continues the parent's entry for entry, timestamps and all, and the engine links the two
 * only when that holds (moby `image/tarexport/load.go` `checkValidParent`).
 *
 * Where the bytes come from, cheapest first: this build (images it loaded), the store on disk
 * (`<cache dir>/image-configs.jsonl`, one `{"config": ID, "raw": text}` line per image, written by
 * earlier builds), a re-creation of what the engine
 * wrote for an image this build committed on a parent whose bytes are known (moby
 * `image.NewChildImage`), and last `docker save` of the image. Every source is checked against the
 * ID, so a wrong guess is never used: the step then makes its image with a container, as before.
 */
import { createHash } from "node:crypto";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { EngineError, type ImageInspect } from "@dfbuild/engine";
import * as tar from "tar-stream";
import type { BuildEngine } from "./build-engine.js";
import { type ImageConfig } from "./config.js";
import { GoMap, type GoValue, goJson } from "./go-json.js";

/**
 * `docker save` streams every layer through the engine's temporary directory; above this size an
 * image's config is not worth it, and its metadata steps keep their containers.
 */
const SAVE_LIMIT_BYTES = 1024 * 1024 * 1024;

/** One entry of an image's history, in moby's `image.History` field order. */
interface HistoryEntry {
  created?: string;
  author?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** The parts of a stored image config the builder reads or carries over. */
interface StoredConfig {
  architecture?: string;
  variant?: string;
  os?: string;
  "os.version"?: string;
  "os.features"?: string[];
  history?: HistoryEntry[];
  rootfs?: { type?: string; diff_ids?: string[] };
}

export function configDigest(raw: Buffer): string {
  return `sha256:${createHash("sha256").update(raw).digest("hex")}`;
}

export class ImageConfigStore {
  readonly #engine: BuildEngine;
  readonly #directory: string | undefined;
  readonly #file: string | undefined;
  #onDisk: Promise<Map<string, Buffer>> | undefined;
  readonly #memory = new Map<string, Buffer>();
  /** Images this build committed, and the image each was committed on. */
  readonly #committedOn = new Map<string, string>();

  /** `directory` keeps configs across builds; undefined keeps them for this build only. */
  constructor(engine: BuildEngine, directory: string | undefined) {
    this.#engine = engine;
    this.#directory = directory;
    this.#file = directory === undefined ? undefined : join(directory, "image-configs.jsonl");
  }

  /** Records the bytes of an image made from a config (kept on disk too: a later build may start from it). */
  async remember(raw: Buffer): Promise<string> {
    const id = configDigest(raw);
    if (this.#memory.has(id)) return id;
    this.#memory.set(id, raw);
    await this.#write(id, raw);
    return id;
  }

  /** Records that this build committed `image` from a container made from `parent`. */
  committed(image: string, parent: string): void {
    this.#committedOn.set(image, parent);
  }

  /** The stored config of an image, or undefined when no source gives bytes that match its ID. */
  async get(id: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    const known = this.#memory.get(id) ?? (await this.#read(id));
    if (known !== undefined) return known;
    const found = (await this.#recreate(id, signal)) ?? (await this.#save(id, signal));
    if (found === undefined) return undefined;
    this.#memory.set(id, found);
    await this.#write(id, found);
    return found;
  }

  async #read(id: string): Promise<Buffer | undefined> {
    this.#onDisk ??= this.#load();
    const raw = (await this.#onDisk).get(id);
    if (raw === undefined || configDigest(raw) !== id) return undefined;
    this.#memory.set(id, raw);
    return raw;
  }

  async #load(): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    if (this.#file === undefined) return found;
    const text = await readFile(this.#file, "utf8").catch(() => "");
    for (const line of text.split("\n")) {
      try {
        const record = JSON.parse(line) as { config?: unknown; raw?: unknown };
        if (typeof record.config === "string" && typeof record.raw === "string") found.set(record.config, Buffer.from(record.raw));
      } catch {
        // An empty line, or one cut short by a crash.
      }
    }
    return found;
  }

  async #write(id: string, raw: Buffer): Promise<void> {
    if (this.#file === undefined || this.#directory === undefined) return;
    try {
      await mkdir(this.#directory, { recursive: true });
      // One whole line per append: concurrent builds never interleave within a line, and a reader
      // skips a line a crash cut short (and would reject wrong bytes by their digest anyway).
      await appendFile(this.#file, `${JSON.stringify({ config: id, raw: raw.toString("utf8") })}\n`);
    } catch {
      // The store only saves time: a read-only cache directory costs a `docker save` next time.
    }
  }

  /** An image this build committed: the engine's config re-created from its parent's. */
  async #recreate(id: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    const parent = this.#committedOn.get(id);
    if (parent === undefined) return undefined;
    const parentRaw = await this.get(parent, signal);
    if (parentRaw === undefined) return undefined;
    const inspected = await this.#engine.images.inspect(id, { signal });
    const raw = committedImageConfig(parentRaw, inspected);
    return raw !== undefined && configDigest(raw) === id ? raw : undefined;
  }

  /** The config as `docker save` exports it (the layers are read past, never kept). */
  async #save(id: string, signal?: AbortSignal): Promise<Buffer | undefined> {
    try {
      const inspected = await this.#engine.images.inspect(id, { signal });
      if (inspected.Size > SAVE_LIMIT_BYTES) return undefined;
      const archive = await this.#engine.images.save([id], { signal });
      const extract = tar.extract();
      const reading = pipeline(archive, extract);
      let raw: Buffer | undefined;
      for await (const entry of extract) {
        const wanted = entry.header.name === `${id.slice(7)}.json`;
        const chunks: Buffer[] = [];
        for await (const chunk of entry) if (wanted) chunks.push(chunk as Buffer);
        if (wanted) raw = Buffer.concat(chunks);
      }
      await reading;
      return raw !== undefined && configDigest(raw) === id ? raw : undefined;
    } catch (error) {
      if (signal?.aborted === true || !(error instanceof EngineError)) throw error;
      return undefined;
    }
  }
}

/**
 * The config the engine stored for an image committed from a container (moby
 * `image.NewChildImage` marshalled by `Image.MarshalJSON`: top-level keys sorted, the container
 * configs in struct order), rebuilt from the parent's stored config and the image's inspect.
 * Undefined when the inspect lacks what it takes (API 1.45 dropped ContainerConfig).
 */
export function committedImageConfig(parentRaw: Buffer, inspected: ImageInspect): Buffer | undefined {
  if (inspected.ContainerConfig === undefined || inspected.ContainerConfig === null || inspected.Config === undefined) return undefined;
  const parent = JSON.parse(parentRaw.toString("utf8")) as StoredConfig;
  const diffIds = inspected.RootFS.Layers ?? [];
  const emptyLayer = diffIds.length === (parent.rootfs?.diff_ids ?? []).length;
  const entry: HistoryEntry = {
    created: inspected.Created,
    author: inspected.Author === "" ? undefined : inspected.Author,
    created_by: (inspected.ContainerConfig.Cmd ?? []).join(" ") || undefined,
    comment: inspected.Comment === "" ? undefined : inspected.Comment,
    empty_layer: emptyLayer ? true : undefined,
  };
  const image: Record<string, GoValue> = {
    architecture: inspected.Architecture,
    author: inspected.Author === "" ? undefined : inspected.Author,
    comment: inspected.Comment === "" ? undefined : inspected.Comment,
    config: inspected.Config === null ? null : containerConfigValue(inspected.Config as Record<string, unknown>),
    container: inspected.Container === "" ? undefined : inspected.Container,
    container_config: containerConfigValue(inspected.ContainerConfig as Record<string, unknown>),
    created: inspected.Created,
    docker_version: inspected.DockerVersion === "" ? undefined : inspected.DockerVersion,
    history: [...(parent.history ?? []), entry].map(historyValue),
    os: inspected.Os,
    "os.features": parent["os.features"],
    "os.version": parent["os.version"],
    rootfs: { type: "layers", diff_ids: diffIds },
    variant: inspected.Variant === "" ? undefined : inspected.Variant,
  };
  return Buffer.from(goJson(new GoMap(withoutUndefined(image))));
}

/** What a metadata step's image is: its parent's, with this config and one more history entry. */
export interface MetadataImage {
  /** The parent's stored config. */
  parentRaw: Buffer;
  parentId: string;
  /** The image's config (as a commit of the classic builder's would have it). */
  config: ImageConfig;
  /** The step's command, as the classic builder records it in `container_config.Cmd` and history. */
  command: readonly string[];
  author: string;
  /** The engine's version, as a commit records it. */
  dockerVersion: string;
  created: Date;
  /**
   * A COPY's layer built by the builder (copy.ts `copyLayer`): its diff ID follows the parent's, and
   * the history entry is a layer's (no `empty_layer`), as a commit of the step's container records.
   */
  layerDiffId?: string;
}

/**
 * The stored config of a metadata step's image, as the classic builder's commit of a never-started
 * container makes it (`CommitBuildStep`: `Config` = the run config, `ContainerConfig` = it with the
 * `#(nop)` Cmd, one empty-layer history entry). There is no container, so `container` is absent and
 * `container_config.Hostname` empty. With `layerDiffId`, a COPY's image: the same with its layer.
 */
export function metadataImageConfig(image: MetadataImage): Buffer {
  const parent = JSON.parse(image.parentRaw.toString("utf8")) as StoredConfig;
  const created = goTime(image.created);
  const author = image.author === "" ? undefined : image.author;
  const stored: Record<string, GoValue> = {
    architecture: parent.architecture,
    author,
    config: goContainerConfig(image.config, image.parentId, image.config.Cmd),
    container_config: goContainerConfig(image.config, image.parentId, [...image.command]),
    created,
    docker_version: image.dockerVersion,
    history: [...(parent.history ?? []), { created, author, created_by: image.command.join(" "), empty_layer: image.layerDiffId === undefined ? true : undefined }].map(historyValue),
    os: parent.os,
    "os.features": parent["os.features"],
    "os.version": parent["os.version"],
    rootfs: { type: parent.rootfs?.type ?? "layers", diff_ids: [...(parent.rootfs?.diff_ids ?? []), ...(image.layerDiffId === undefined ? [] : [image.layerDiffId])] },
    variant: parent.variant,
  };
  return Buffer.from(goJson(new GoMap(withoutUndefined(stored))));
}

/** moby's `container.Config` (API 1.41) in struct order, `omitempty` fields left out when empty. */
function goContainerConfig(config: ImageConfig, image: string, cmd: string[] | null): GoValue {
  const map = (value: Record<string, unknown> | null): GoMap | null => (value === null ? null : new GoMap(value));
  const health = config.Healthcheck;
  return {
    Hostname: "",
    Domainname: "",
    User: config.User,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    ExposedPorts: config.ExposedPorts !== null && Object.keys(config.ExposedPorts).length > 0 ? new GoMap(config.ExposedPorts) : undefined,
    Tty: false,
    OpenStdin: false,
    StdinOnce: false,
    Env: config.Env,
    Cmd: cmd,
    Healthcheck:
      health === null
        ? undefined
        : {
            Test: health.Test !== undefined && health.Test.length > 0 ? health.Test : undefined,
            Interval: nonZero(health.Interval),
            Timeout: nonZero(health.Timeout),
            StartPeriod: nonZero(health.StartPeriod),
            Retries: nonZero(health.Retries),
          },
    ArgsEscaped: config.ArgsEscaped ? true : undefined,
    Image: image,
    Volumes: map(config.Volumes),
    WorkingDir: config.WorkingDir,
    Entrypoint: config.Entrypoint,
    OnBuild: config.OnBuild,
    Labels: map(config.Labels),
    StopSignal: config.StopSignal === "" ? undefined : config.StopSignal,
    Shell: config.Shell !== null && config.Shell.length > 0 ? config.Shell : undefined,
  };
}

/** Go's `omitempty` of a number: zero is left out. */
function nonZero(value: number | undefined): number | undefined {
  return value === undefined || value === 0 ? undefined : value;
}

/** A container config as the engine reported it (its struct order), maps marked as maps. */
function containerConfigValue(config: Record<string, unknown>): GoValue {
  const value: Record<string, GoValue> = {};
  for (const [key, field] of Object.entries(config)) {
    const isMap = (key === "Labels" || key === "Volumes" || key === "ExposedPorts") && field !== null && typeof field === "object";
    value[key] = isMap ? new GoMap(field as Record<string, unknown>) : (field as GoValue);
  }
  return value;
}

/**
 * A time as Go's `time.Time` marshals it in UTC (RFC 3339 with the fraction's trailing zeros cut):
 * the engine writes the history again that way when it commits on top of this image.
 */
export function goTime(date: Date): string {
  return date.toISOString().replace(/\.?0+Z$/, "Z");
}

function historyValue(entry: HistoryEntry): GoValue {
  return { created: entry.created, author: entry.author, created_by: entry.created_by, comment: entry.comment, empty_layer: entry.empty_layer };
}

function withoutUndefined(record: Record<string, GoValue>): Record<string, GoValue> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
