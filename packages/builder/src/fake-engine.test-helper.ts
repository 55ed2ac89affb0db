/**
 * An in-memory engine for the builder's unit tests, in the spirit of moby's `MockBackend`
 * (`builder/dockerfile/mockbackend_test.go`): images and containers are maps of files, RUN runs a
 * script the test supplies, and every call is recorded. It keeps the engine behaviours the builder
 * relies on or works around: `POST /commit` merges the container's config into the body, history
 * `created_by` is the container's Cmd, a create makes the WorkingDir, mount targets appear in the
 * container's layer, `PUT …/archive` needs an existing directory and makes missing parents 0755.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type {
  ArchiveDownload,
  CommitOptions,
  CommitResponse,
  ContainerConfig,
  ContainerCreateBody,
  ContainerCreateResponse,
  ContainerWaitResponse,
  ContainerSummary,
  CreateContainerOptions,
  ImageDeleteResponseItem,
  ImageHistoryEntry,
  ImageInspect,
  ImageSummary,
  ListContainersOptions,
  ListImagesOptions,
  OutputChunk,
  PathStat,
  ProgressEvent,
  PushOptions,
  PutArchiveOptions,
  RegistryAuth,
  RemoveImageOptions,
  RemoveContainerOptions,
  SignalOption,
  SystemInfo,
  TagImageOptions,
  TarSource,
  VersionInfo,
  VolumeSummary,
  VolumeCreateBody,
  ListVolumesOptions,
} from "@dfbuild/engine";
import { EngineError } from "@dfbuild/engine";
import * as tar from "tar-stream";
import type { BuildEngine, BuildEngineContainers, BuildEngineImages, BuildEngineVolumes } from "./build-engine.js";
import { goBase, goClean, goDir } from "./paths.js";
import { bytesOf, readEntries } from "./tar.js";

export interface FakeFile {
  type: "file" | "directory" | "symlink";
  mode: number;
  uid: number;
  gid: number;
  content?: Buffer;
  linkname?: string;
}

/** A filesystem: absolute clean paths (`/`, `/etc/passwd`) to entries. */
export type FakeFs = Map<string, FakeFile>;

export interface FakeHistory {
  created_by: string;
  empty_layer?: boolean;
  author?: string;
}

export interface FakeImage {
  id: string;
  config: ContainerConfig;
  /** The container's config the image was committed from (the classic cache compares it). */
  containerConfig: ContainerConfig | null;
  parent: string;
  author: string;
  os: string;
  architecture: string;
  fs: FakeFs;
  layers: string[];
  history: FakeHistory[];
}

export interface FakeContainer {
  id: string;
  name: string | undefined;
  body: ContainerCreateBody;
  image: string;
  fs: FakeFs;
  state: "created" | "running" | "exited";
  exitCode: number;
  output: OutputChunk[];
  finished: Promise<void>;
  /** The tmpfs mounts of a running container, by target. */
  tmpfs: Map<string, FakeFs>;
}

/** What a RUN script sees: the command, the environment and the container's files, mounts included. */
export interface FakeRun {
  container: FakeContainer;
  /** Entrypoint then Cmd, as the engine runs them. */
  argv: string[];
  env: Map<string, string>;
  user: string;
  workdir: string;
  /** The container's own layer (what the commit keeps), without the mounts. */
  fs: FakeFs;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Writes a file where the path leads: a mount, or the layer; a read-only mount throws `FakeReadOnlyError`. */
  writeFile: (path: string, content: string, mode?: number) => void;
  /** A file's content as the command sees it (mounts included), or undefined. */
  readFile: (path: string) => string | undefined;
  /** The entry at a path as the command sees it. */
  stat: (path: string) => FakeFile | undefined;
}

export class FakeReadOnlyError extends Error {
  override readonly name = "FakeReadOnlyError";
}

export interface FakeVolume {
  name: string;
  labels: Record<string, string>;
  fs: FakeFs;
  createdAt: string;
}

/** Where a path of a container leads: a filesystem (the layer, a volume, a tmpfs) and the path in it. */
interface Located {
  fs: FakeFs;
  path: string;
  readOnly: boolean;
}

/** Runs a started container's command; returns its exit status (0 when nothing is returned). */
export type FakeRunScript = (run: FakeRun) => number | undefined;

export interface FakeCall {
  method: string;
  args: unknown[];
}

const DIRECTORY = (mode = 0o755): FakeFile => ({ type: "directory", mode, uid: 0, gid: 0 });

/** A filesystem with the given files (text content) and their parent directories. */
export function fakeFs(files: Record<string, string | FakeFile> = {}): FakeFs {
  const fs: FakeFs = new Map([["/", DIRECTORY()]]);
  for (const [path, spec] of Object.entries(files)) {
    const file: FakeFile = typeof spec === "string" ? { type: "file", mode: 0o644, uid: 0, gid: 0, content: Buffer.from(spec) } : spec;
    writeEntry(fs, goClean(`/${path}`), file);
  }
  return fs;
}

/** What the engine says of `entry`, found at `own` of `fs` for the path asked (`clean`): a symlink with where it resolves to. */
function fakeStat(clean: string, entry: FakeFile, fs: FakeFs, own: string): PathStat {
  return {
    name: goBase(clean),
    size: entry.content?.length ?? 0,
    goMode: entry.mode,
    type: entry.type,
    permissions: entry.mode,
    mtime: new Date(0).toISOString(),
    linkTarget: entry.type === "symlink" ? resolvePath(fs, own) : "",
  };
}

function writeEntry(fs: FakeFs, path: string, file: FakeFile): void {
  for (let parent = goDir(path); !fs.has(parent); parent = goDir(parent)) fs.set(parent, DIRECTORY());
  fs.set(path, file);
}

function copyFs(fs: FakeFs): FakeFs {
  return new Map([...fs].map(([path, file]) => [path, { ...file }]));
}

function sameFs(a: FakeFs, b: FakeFs): boolean {
  if (a.size !== b.size) return false;
  for (const [path, file] of a) {
    const other = b.get(path);
    if (other === undefined) return false;
    if (other.type !== file.type || other.mode !== file.mode || other.uid !== file.uid || other.gid !== file.gid || other.linkname !== file.linkname) return false;
    if ((other.content ?? Buffer.alloc(0)).compare(file.content ?? Buffer.alloc(0)) !== 0) return false;
  }
  return true;
}

function notFound(method: string, path: string, message: string): EngineError {
  return new EngineError({ status: 404, engineMessage: message, method, path });
}

function digest(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Resolves symlinks of a path inside a filesystem (as the engine does in the container's root). */
function resolvePath(fs: FakeFs, path: string): string {
  const parts = goClean(path).split("/").filter(Boolean);
  let resolved = "/";
  for (let i = 0; i < parts.length; i++) {
    const candidate = goClean(`${resolved}/${parts[i] ?? ""}`);
    const entry = fs.get(candidate);
    if (entry?.type === "symlink" && entry.linkname !== undefined) {
      const target = entry.linkname.startsWith("/") ? entry.linkname : `${resolved}/${entry.linkname}`;
      return resolvePath(fs, [target, ...parts.slice(i + 1)].join("/"));
    }
    resolved = candidate;
  }
  return resolved;
}

export class FakeEngine implements BuildEngine {
  readonly host: string;
  readonly calls: FakeCall[] = [];
  readonly images: FakeImages;
  readonly containers: FakeContainers;
  readonly imageStore = new Map<string, FakeImage>();
  readonly tags = new Map<string, string>();
  readonly containerStore = new Map<string, FakeContainer>();
  readonly volumeStore = new Map<string, FakeVolume>();
  readonly volumes: FakeVolumes;
  /** Files of the engine's host (bind sources that are not a volume's), by absolute path. */
  readonly hostFiles = new Map<string, FakeFile>();
  /** Images `pull` can fetch, by reference. */
  readonly registry = new Map<string, { config?: ContainerConfig; files?: FakeFs }>();
  /**
   * Whether a committed image's ID is the digest of its config as `images.save` gives it (as
   * `addImage`'s `contentAddressed`), so that the builder can make later steps' images from it.
   */
  contentAddressedCommits = false;
  /** What RUN containers do; the default writes nothing and succeeds. */
  onRun: FakeRunScript = () => 0;
  /**
   * A RUN container runs until this resolves (its wait answers then; the build's signal still
   * ends the wait): tests order events across containers with it instead of with time.
   */
  runsUntil: (container: FakeContainer) => Promise<void> = () => Promise.resolve();
  #counter = 0;

  constructor(options: { host?: string } = {}) {
    this.host = options.host ?? "unix:///var/run/fake-engine.sock";
    this.images = new FakeImages(this);
    this.containers = new FakeContainers(this);
    this.volumes = new FakeVolumes(this);
  }

  /** Where a volume's directory is on the (fake) engine host. */
  static mountpoint(name: string): string {
    return `/var/lib/fake-docker/volumes/${name}/_data`;
  }

  /**
   * Where a path of a container leads. Archive operations see volumes and binds but not tmpfs
   * mounts (the engine mounts those only in a running container); a running container sees all.
   */
  locate(container: FakeContainer, path: string, running: boolean): Located {
    const clean = goClean(path);
    let best: { target: string; located: (rest: string) => Located } | undefined;
    const consider = (target: string, located: (rest: string) => Located): void => {
      const at = goClean(target);
      if ((clean === at || clean.startsWith(`${at}/`)) && (best === undefined || at.length > best.target.length)) best = { target: at, located };
    };
    for (const mount of container.body.HostConfig?.Mounts ?? []) {
      const readOnly = mount.ReadOnly === true;
      if (mount.Type === "volume") {
        const volume = this.volumeStore.get(mount.Source ?? "");
        if (volume !== undefined) consider(mount.Target, (rest) => ({ fs: volume.fs, path: goClean(`/${rest}`), readOnly }));
      } else if (mount.Type === "bind") {
        const source = goClean(mount.Source ?? "");
        const volume = [...this.volumeStore.values()].find((candidate) => source === FakeEngine.mountpoint(candidate.name) || source.startsWith(`${FakeEngine.mountpoint(candidate.name)}/`));
        if (volume !== undefined) {
          const inside = source.slice(FakeEngine.mountpoint(volume.name).length) || "/";
          consider(mount.Target, (rest) => ({ fs: volume.fs, path: goClean(`${inside}/${rest}`), readOnly }));
        } else {
          const host: FakeFs = new Map([...this.hostFiles].filter(([hostPath]) => hostPath === source || hostPath.startsWith(`${source}/`)).map(([hostPath, file]) => [goClean(`/${hostPath.slice(source.length)}`), file]));
          consider(mount.Target, (rest) => ({ fs: host, path: goClean(`/${rest}`), readOnly }));
        }
      } else if (mount.Type === "tmpfs" && running) {
        const fs = container.tmpfs.get(mount.Target) ?? fakeFs();
        container.tmpfs.set(mount.Target, fs);
        consider(mount.Target, (rest) => ({ fs, path: goClean(`/${rest}`), readOnly: mount.ReadOnly === true }));
      }
    }
    if (running) {
      for (const [target, options] of Object.entries(container.body.HostConfig?.Tmpfs ?? {})) {
        const fs = container.tmpfs.get(target) ?? fakeFs();
        container.tmpfs.set(target, fs);
        consider(target, (rest) => ({ fs, path: goClean(`/${rest}`), readOnly: options.split(",").includes("ro") }));
      }
    }
    if (best === undefined) return { fs: container.fs, path: clean, readOnly: false };
    return best.located(clean.slice(best.target.length));
  }

  record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  nextId(): string {
    return digest(String(++this.#counter)).slice(0, 64);
  }

  /**
   * Adds an image under a reference (`name:tag`, `latest` by default); resolves to its ID. With
   * `contentAddressed`, the ID is the digest of the config `images.save` gives, as a real engine's
   * is: the builder can then make its metadata steps' images from that config.
   */
  addImage(reference: string, options: { config?: ContainerConfig; files?: FakeFs | Record<string, string | FakeFile>; contentAddressed?: boolean } = {}): string {
    const files = options.files instanceof Map ? options.files : fakeFs(options.files ?? {});
    const layer = `layer-${this.nextId().slice(0, 12)}`;
    const image: FakeImage = {
      id: "",
      config: options.config ?? {},
      containerConfig: null,
      parent: "",
      author: "",
      os: "linux",
      architecture: "amd64",
      fs: files,
      layers: [layer],
      history: [{ created_by: `base ${reference}` }],
    };
    const id = options.contentAddressed === true ? `sha256:${digest(JSON.stringify(storedConfig(image)))}` : `sha256:${this.nextId()}`;
    image.id = id;
    this.imageStore.set(id, image);
    this.tags.set(normalizeReference(reference), id);
    return id;
  }

  image(reference: string): FakeImage | undefined {
    const id = this.imageStore.has(reference) ? reference : (this.tags.get(normalizeReference(reference)) ?? this.#byPrefix(reference));
    return id === undefined ? undefined : this.imageStore.get(id);
  }

  #byPrefix(reference: string): string | undefined {
    const prefix = reference.replace(/^sha256:/, "");
    if (!/^[0-9a-f]{12,64}$/.test(prefix)) return undefined;
    return [...this.imageStore.keys()].find((id) => id.slice(7).startsWith(prefix));
  }

  container(id: string, method: string, path: string): FakeContainer {
    const found = this.containerStore.get(id) ?? [...this.containerStore.values()].find((container) => container.name === id);
    if (found === undefined) throw notFound(method, path, `No such container: ${id}`);
    return found;
  }

  info(options: SignalOption = {}): Promise<SystemInfo> {
    this.record("info", options);
    return Promise.resolve({ ID: "FAKE:ENGINE", Driver: "fake", OSType: "linux", Architecture: "x86_64" } as SystemInfo);
  }

  version(options: SignalOption = {}): Promise<VersionInfo> {
    this.record("version", options);
    return Promise.resolve({ Version: "20.10.24", ApiVersion: "1.41", Os: "linux", Arch: "amd64", GitCommit: "fake", GoVersion: "go" });
  }

  /** Anonymous everywhere. */
  registryAuth(reference: string): Promise<RegistryAuth | undefined> {
    this.record("registryAuth", reference);
    return Promise.resolve(undefined);
  }

  /** Containers not removed yet. */
  liveContainers(): FakeContainer[] {
    return [...this.containerStore.values()];
  }

  /** The calls of one method, e.g. `containers.create`. */
  callsOf(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }
}

function normalizeReference(reference: string): string {
  const colon = reference.lastIndexOf(":");
  return colon > reference.lastIndexOf("/") ? reference : `${reference}:latest`;
}

class FakeImages implements BuildEngineImages {
  readonly #engine: FakeEngine;

  constructor(engine: FakeEngine) {
    this.#engine = engine;
  }

  inspect(name: string, options: SignalOption = {}): Promise<ImageInspect> {
    this.#engine.record("images.inspect", name, options);
    const image = this.#engine.image(name);
    if (image === undefined) return Promise.reject(notFound("GET", `/images/${name}/json`, `no such image: ${name}`));
    return Promise.resolve({
      Id: image.id,
      Parent: image.parent,
      Created: new Date(0).toISOString(),
      Author: image.author,
      Config: structuredClone(image.config),
      ContainerConfig: image.containerConfig === null ? null : structuredClone(image.containerConfig),
      Architecture: image.architecture,
      Os: image.os,
      Size: 0,
      RootFS: { Type: "layers", Layers: [...image.layers] },
    });
  }

  /**
   * One entry per history entry of the image, newest first; the IDs filled in along the parent
   * chain while the parents exist, as moby's `ImageHistory` does (`daemon/images/image_history.go`).
   */
  history(name: string, options: SignalOption = {}): Promise<ImageHistoryEntry[]> {
    this.#engine.record("images.history", name, options);
    const image = this.#engine.image(name);
    if (image === undefined) return Promise.reject(notFound("GET", `/images/${name}/history`, `No such image: ${name}`));
    const entries: ImageHistoryEntry[] = [...image.history].reverse().map((entry) => ({ Id: "<missing>", Created: 0, CreatedBy: entry.created_by, Tags: null, Size: 0, Comment: "" }));
    let current: FakeImage | undefined = image;
    for (const entry of entries) {
      if (current === undefined) break;
      entry.Id = current.id;
      current = current.parent === "" ? undefined : this.#engine.imageStore.get(current.parent);
    }
    return Promise.resolve(entries);
  }

  tag(name: string, options: TagImageOptions): Promise<void> {
    this.#engine.record("images.tag", name, options);
    const image = this.#engine.image(name);
    if (image === undefined) return Promise.reject(notFound("POST", `/images/${name}/tag`, `No such image: ${name}`));
    this.#engine.tags.set(`${options.repo}:${options.tag ?? "latest"}`, image.id);
    return Promise.resolve();
  }

  async *pull(reference: string, options: SignalOption = {}): AsyncGenerator<ProgressEvent> {
    this.#engine.record("images.pull", reference, options);
    await Promise.resolve();
    const available = this.#engine.registry.get(reference) ?? this.#engine.registry.get(normalizeReference(reference));
    if (available === undefined) {
      throw notFound("POST", "/images/create", `pull access denied for ${reference}, repository does not exist or may require 'docker login'`);
    }
    this.#engine.addImage(reference, available);
    yield { status: `Pulling from ${reference}` };
    yield { status: `Status: Downloaded newer image for ${reference}` };
  }

  /** Images with their labels; the `label` filter only. */
  list(options: ListImagesOptions = {}): Promise<ImageSummary[]> {
    this.#engine.record("images.list", options);
    const images = [...this.#engine.imageStore.values()].filter((image) => labelsMatch(image.config.Labels, options.filters?.label));
    return Promise.resolve(
      images.map((image) => ({
        Id: image.id,
        ParentId: image.parent,
        RepoTags: [...this.#engine.tags].filter(([, id]) => id === image.id).map(([tag]) => tag),
        RepoDigests: null,
        Created: 0,
        Size: 0,
        SharedSize: -1,
        Labels: image.config.Labels ?? null,
        Containers: -1,
      })),
    );
  }

  /**
   * Pushes `name:tag` into the fake registry, under the tag and the digest (`pull` can fetch it
   * back, as a new image); the digest reported stands in for the manifest's: `sha256` of the
   * image ID, so a test can tell which image a digest is.
   */
  async *push(name: string, options: PushOptions): AsyncGenerator<ProgressEvent> {
    this.#engine.record("images.push", name, options);
    await Promise.resolve();
    const reference = `${name}:${options.tag}`;
    const id = this.#engine.tags.get(reference);
    const image = id === undefined ? undefined : this.#engine.imageStore.get(id);
    if (image === undefined) throw notFound("POST", `/images/${name}/push`, `An image does not exist locally with the tag: ${name}`);
    const manifestDigest = `sha256:${digest(image.id)}`;
    this.#engine.registry.set(reference, { config: structuredClone(image.config), files: copyFs(image.fs) });
    this.#engine.registry.set(`${name}@${manifestDigest}`, { config: structuredClone(image.config), files: copyFs(image.fs) });
    yield { status: `The push refers to repository [${name}]` };
    yield { status: `${options.tag}: digest: ${manifestDigest} size: 0` };
    yield { progressDetail: {}, aux: { Tag: options.tag, Digest: manifestDigest, Size: 0 } };
  }

  /**
   * Removes a tag (and the image with its last tag when no image builds on it) or an image by ID,
   * refusing one that other images build on, as the engine does.
   */
  remove(name: string, options: RemoveImageOptions = {}): Promise<ImageDeleteResponseItem[]> {
    this.#engine.record("images.remove", name, options);
    const id = this.#engine.tags.get(normalizeReference(name)) ?? this.#engine.image(name)?.id;
    if (id === undefined) return Promise.reject(notFound("DELETE", `/images/${name}`, `No such image: ${name}`));
    const records: ImageDeleteResponseItem[] = [];
    if (this.#engine.tags.has(normalizeReference(name))) {
      this.#engine.tags.delete(normalizeReference(name));
      records.push({ Untagged: normalizeReference(name) });
      if ([...this.#engine.tags.values()].includes(id)) return Promise.resolve(records);
    }
    if ([...this.#engine.imageStore.values()].some((image) => image.parent === id)) {
      if (records.length > 0) return Promise.resolve(records);
      return Promise.reject(new EngineError({ status: 409, engineMessage: `conflict: unable to delete ${id.slice(7, 19)} (cannot be forced) - image has dependent child images`, method: "DELETE", path: `/images/${name}` }));
    }
    for (const [tag, tagged] of this.#engine.tags) {
      if (tagged !== id) continue;
      this.#engine.tags.delete(tag);
      records.push({ Untagged: tag });
    }
    this.#engine.imageStore.delete(id);
    records.push({ Deleted: id });
    return Promise.resolve(records);
  }

  /** A docker-archive with each image's config and the manifest (layer data is left out). */
  save(names: readonly string[], options: SignalOption = {}): Promise<Readable> {
    this.#engine.record("images.save", names, options);
    const pack = tar.pack();
    const manifest: { Config: string; RepoTags: null; Layers: string[] }[] = [];
    for (const name of names) {
      const image = this.#engine.image(name);
      if (image === undefined) return Promise.reject(notFound("GET", "/images/get", `reference does not exist: ${name}`));
      const config = Buffer.from(JSON.stringify(storedConfig(image)));
      pack.entry({ name: `${image.id.slice(7)}.json` }, config);
      manifest.push({ Config: `${image.id.slice(7)}.json`, RepoTags: null, Layers: image.layers.map((layer) => `${layer}/layer.tar`) });
    }
    pack.entry({ name: "manifest.json" }, Buffer.from(JSON.stringify(manifest)));
    pack.finalize();
    return Promise.resolve(Readable.from(bytesOf(pack)));
  }

  /** Loads a docker-archive whose layers the engine already has (the builder's config rewrites). */
  async *load(source: TarSource, options: SignalOption = {}): AsyncGenerator<ProgressEvent> {
    this.#engine.record("images.load", options);
    const stream = source instanceof Readable ? source : Readable.from(source as AsyncIterable<Uint8Array>);
    const entries = await readEntries(stream);
    const text = (name: string): Buffer => {
      const content = entries.find((entry) => entry.path === name)?.content?.();
      if (!Buffer.isBuffer(content)) throw new Error(`fake engine: the archive has no ${name}`);
      return content;
    };
    const manifest = JSON.parse(text("manifest.json").toString("utf8")) as { Config: string; Layers: string[]; RepoTags?: string[] | null; Parent?: string }[];
    for (const item of manifest) {
      const raw = text(item.Config);
      const stored = JSON.parse(raw.toString("utf8")) as { config?: ContainerConfig; os?: string; architecture?: string; history?: FakeHistory[]; author?: string };
      const layers = item.Layers.map((layer) => layer.replace(/\/layer\.tar$/, ""));
      const same = [...this.#engine.imageStore.values()].find((image) => image.layers.join() === layers.join());
      let fs = same === undefined ? fakeFs() : copyFs(same.fs);
      if (same === undefined && layers.length > 0) {
        // A new last layer comes from the archive, checked against its diff ID and applied on the
        // image below it, as `docker load` does (moby `image/tarexport/load.go`).
        const below = [...this.#engine.imageStore.values()].find((image) => image.layers.join() === layers.slice(0, -1).join());
        const layer = entries.find((entry) => entry.path === item.Layers.at(-1))?.content?.();
        if (below === undefined || !Buffer.isBuffer(layer)) throw new Error("fake engine: load of an archive whose layers are unknown");
        if (digest(layer) !== layers.at(-1)) throw new EngineError({ status: 500, engineMessage: "invalid diffID for layer", method: "POST", path: "/images/load" });
        fs = copyFs(below.fs);
        for (const entry of await readEntries(Readable.from([layer]))) {
          const file: FakeFile = { type: entry.type === "directory" ? "directory" : entry.type === "symlink" ? "symlink" : "file", mode: entry.mode, uid: entry.uid, gid: entry.gid };
          if (entry.type === "symlink") file.linkname = entry.linkname;
          if (entry.type === "file") {
            const content = entry.content?.();
            file.content = Buffer.isBuffer(content) ? content : Buffer.alloc(0);
          }
          writeEntry(fs, goClean(`/${entry.path}`), file);
        }
        this.#engine.record("images.load.layer", layers.at(-1));
      }
      const id = `sha256:${digest(raw)}`;
      this.#engine.imageStore.set(id, {
        id,
        config: stored.config ?? {},
        containerConfig: null,
        // The manifest's Parent links the two, as `docker load` does (moby `image/tarexport/load.go`).
        parent: item.Parent !== undefined && this.#engine.imageStore.has(item.Parent) ? item.Parent : "",
        author: stored.author ?? "",
        os: stored.os ?? "linux",
        architecture: stored.architecture ?? "amd64",
        fs,
        layers,
        history: stored.history ?? [],
      });
      // The archive's tags move onto the loaded image, as `docker load` does.
      for (const tag of item.RepoTags ?? []) this.#engine.tags.set(normalizeReference(tag), id);
      yield { stream: `Loaded image ID: ${id}\n` };
    }
  }
}

function labelsMatch(labels: Record<string, string> | null | undefined, filters: readonly string[] | undefined): boolean {
  return (filters ?? []).every((filter) => {
    const [key = "", value] = filter.split("=", 2);
    return labels?.[key] !== undefined && (value === undefined || labels[key] === value);
  });
}

function storedConfig(image: FakeImage): Record<string, unknown> {
  return {
    architecture: image.architecture,
    os: image.os,
    author: image.author,
    config: image.config,
    history: image.history,
    rootfs: { type: "layers", diff_ids: image.layers },
  };
}

class FakeContainers implements BuildEngineContainers {
  readonly #engine: FakeEngine;

  constructor(engine: FakeEngine) {
    this.#engine = engine;
  }

  create(body: ContainerCreateBody, options: CreateContainerOptions = {}): Promise<ContainerCreateResponse> {
    this.#engine.record("containers.create", structuredClone(body), { name: options.name });
    const image = this.#engine.image(body.Image);
    if (image === undefined) return Promise.reject(notFound("POST", "/containers/create", `No such image: ${body.Image}`));
    if (options.name !== undefined && this.#engine.liveContainers().some((container) => container.name === options.name)) {
      return Promise.reject(new EngineError({ status: 409, engineMessage: `Conflict. The container name "/${options.name}" is already in use`, method: "POST", path: "/containers/create" }));
    }
    // The engine fills what the body leaves out from the image; `[""]` clears the entrypoint.
    const entrypoint = body.Entrypoint === undefined || body.Entrypoint === null ? (image.config.Entrypoint ?? null) : body.Entrypoint.join("") === "" ? null : body.Entrypoint;
    const cmd = body.Cmd ?? image.config.Cmd ?? null;
    if ((entrypoint === null || entrypoint.length === 0) && (cmd === null || cmd.length === 0)) {
      return Promise.reject(new EngineError({ status: 400, engineMessage: "No command specified", method: "POST", path: "/containers/create" }));
    }
    const fs = copyFs(image.fs);
    const workdir = body.WorkingDir ?? image.config.WorkingDir ?? "";
    // The engine makes the working directory (0755 root) when it creates the container.
    if (workdir !== "" && !fs.has(goClean(workdir))) writeEntry(fs, goClean(workdir), DIRECTORY());
    const id = this.#engine.nextId();
    this.#engine.containerStore.set(id, {
      id,
      name: options.name,
      body: { ...structuredClone(body), Entrypoint: entrypoint, Cmd: cmd },
      image: image.id,
      fs,
      state: "created",
      exitCode: 0,
      output: [],
      finished: Promise.resolve(),
      tmpfs: new Map(),
    });
    return Promise.resolve({ Id: id, Warnings: null });
  }

  start(id: string, options: SignalOption = {}): Promise<void> {
    this.#engine.record("containers.start", id, options);
    const container = this.#engine.container(id, "POST", `/containers/${id}/start`);
    if (container.state === "running") return Promise.resolve();
    container.state = "running";
    container.tmpfs.clear();
    this.#makeMountpoints(container);
    const env = new Map<string, string>();
    for (const entry of container.body.Env ?? []) {
      const equals = entry.indexOf("=");
      env.set(equals === -1 ? entry : entry.slice(0, equals), equals === -1 ? "" : entry.slice(equals + 1));
    }
    const output = (stream: "stdout" | "stderr") => (text: string): void => {
      container.output.push({ stream, data: Buffer.from(text) });
    };
    const absolute = (path: string): string => goClean(path.startsWith("/") ? path : `${run.workdir}/${path}`);
    const run: FakeRun = {
      container,
      argv: [...(container.body.Entrypoint ?? []), ...(container.body.Cmd ?? [])],
      env,
      user: container.body.User ?? "",
      workdir: container.body.WorkingDir ?? "",
      fs: container.fs,
      stdout: output("stdout"),
      stderr: output("stderr"),
      writeFile: (path, content, mode = 0o644) => {
        const located = this.#engine.locate(container, absolute(path), true);
        if (located.readOnly) throw new FakeReadOnlyError(`${path}: Read-only file system`);
        writeEntry(located.fs, located.path, { type: "file", mode, uid: 0, gid: 0, content: Buffer.from(content) });
      },
      readFile: (path) => run.stat(path)?.content?.toString("utf8"),
      stat: (path) => {
        const located = this.#engine.locate(container, absolute(path), true);
        return located.fs.get(located.path);
      },
    };
    container.exitCode = this.#engine.onRun(run) ?? 0;
    container.state = "exited";
    return Promise.resolve();
  }

  /**
   * The engine (runc) makes each missing mount target, parents first, wherever the mounts made
   * before it lead: in the layer, or inside an enclosing tmpfs or volume. A file bind gets an empty
   * file (mode 0755), anything else a directory.
   */
  #makeMountpoints(container: FakeContainer): void {
    const hostConfig = container.body.HostConfig ?? {};
    const targets = [
      ...(hostConfig.Mounts ?? []).map((mount) => ({ target: goClean(mount.Target), mount })),
      ...Object.keys(hostConfig.Tmpfs ?? {}).map((target) => ({ target: goClean(target), mount: undefined })),
    ].sort((a, b) => a.target.split("/").length - b.target.split("/").length);
    for (const { target, mount } of targets) {
      const enclosing = targets
        .filter((other) => other.target !== target && target.startsWith(`${other.target}/`))
        .sort((a, b) => b.target.length - a.target.length)[0];
      let fs = container.fs;
      let path = target;
      if (enclosing !== undefined) {
        const located = this.#engine.locate(container, enclosing.target, true);
        fs = located.fs;
        path = goClean(`${located.path}/${target.slice(enclosing.target.length)}`);
      }
      if (fs.has(path)) continue;
      let file = false;
      if (mount?.Type === "bind") {
        const source = this.#engine.locate({ ...container, body: { ...container.body, HostConfig: { Mounts: [mount] } } }, target, false);
        file = source.fs.get(source.path)?.type === "file";
      }
      writeEntry(fs, path, file ? { type: "file", mode: 0o755, uid: 0, gid: 0, content: Buffer.alloc(0) } : DIRECTORY());
    }
  }

  async wait(id: string, options: SignalOption = {}): Promise<ContainerWaitResponse> {
    this.#engine.record("containers.wait", id, options);
    const container = this.#engine.container(id, "POST", `/containers/${id}/wait`);
    const { signal } = options;
    signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const aborted = (): void => {
        reject(signal?.reason as Error);
      };
      signal?.addEventListener("abort", aborted, { once: true });
      this.#engine.runsUntil(container).then(resolve, reject).finally(() => signal?.removeEventListener("abort", aborted));
    });
    return { StatusCode: container.exitCode, Error: null };
  }

  attach(id: string, options: SignalOption = {}): Promise<AsyncIterable<OutputChunk>> {
    this.#engine.record("containers.attach", id, options);
    const container = this.#engine.container(id, "POST", `/containers/${id}/attach`);
    // Attached before start: the output is there once the (synchronous) run has ended.
    return Promise.resolve({
      async *[Symbol.asyncIterator]() {
        await Promise.resolve();
        yield* container.output;
      },
    });
  }

  /** Containers with their names; the `name` filter (a substring) only. */
  list(options: ListContainersOptions = {}): Promise<ContainerSummary[]> {
    this.#engine.record("containers.list", options);
    const names = options.filters?.name ?? [];
    return Promise.resolve(
      this.#engine
        .liveContainers()
        .filter((container) => names.every((name) => container.name?.includes(name) === true))
        .map((container) => ({
          Id: container.id,
          Names: container.name === undefined ? [] : [`/${container.name}`],
          Image: container.image,
          ImageID: container.image,
          Command: [...(container.body.Entrypoint ?? []), ...(container.body.Cmd ?? [])].join(" "),
          Created: 0,
          State: container.state,
          Status: container.state,
          Labels: container.body.Labels ?? null,
        })),
    );
  }

  remove(id: string, options: RemoveContainerOptions = {}): Promise<void> {
    this.#engine.record("containers.remove", id, options);
    const container = this.#engine.container(id, "DELETE", `/containers/${id}`);
    this.#engine.containerStore.delete(container.id);
    return Promise.resolve();
  }

  statPath(id: string, path: string, options: SignalOption = {}): Promise<PathStat> {
    this.#engine.record("containers.statPath", id, path, options);
    const container = this.#engine.container(id, "HEAD", `/containers/${id}/archive`);
    const clean = goClean(path);
    // The stat is of the path itself (a symlink is reported as one, with where it resolves to).
    const parent = resolvePath(container.fs, goDir(clean));
    const own = clean === "/" ? "/" : goClean(`${parent}/${goBase(clean)}`);
    const located = this.#engine.locate(container, own, false);
    const entry = located.fs.get(located.path);
    if (entry === undefined) return Promise.reject(notFound("HEAD", `/containers/${id}/archive?path=${path}`, ""));
    return Promise.resolve(fakeStat(clean, entry, located.fs, located.path));
  }

  async putArchive(id: string, path: string, source: TarSource, options: PutArchiveOptions = {}): Promise<void> {
    this.#engine.record("containers.putArchive", id, path, options);
    const container = this.#engine.container(id, "PUT", `/containers/${id}/archive`);
    const stream = source instanceof Readable ? source : Readable.from(source as AsyncIterable<Uint8Array>);
    const entries = await readEntries(stream);
    const root = resolvePath(container.fs, path);
    const at = this.#engine.locate(container, root, false);
    const target = at.fs.get(at.path) ?? (at.fs !== container.fs && at.path === "/" ? DIRECTORY() : undefined);
    if (target === undefined) throw notFound("PUT", `/containers/${id}/archive`, `Could not find the file ${path} in container ${id}`);
    if (target.type !== "directory") throw new EngineError({ status: 500, engineMessage: "extraction point is not a directory", method: "PUT", path });
    for (const entry of entries) {
      if (entry.path === "" || entry.path === ".") continue;
      // Hard links arrive as copies (readEntries); devices and fifos are not modelled.
      if (entry.type !== "file" && entry.type !== "directory" && entry.type !== "symlink") continue;
      const file: FakeFile = { type: entry.type, mode: entry.mode, uid: entry.uid, gid: entry.gid };
      if (entry.type === "symlink") file.linkname = entry.linkname;
      if (entry.type === "file") {
        const content = entry.content?.();
        file.content = Buffer.isBuffer(content) ? content : Buffer.alloc(0);
      }
      // Entries under a mount go into it (a volume, a bind), as the engine's archive extraction does.
      const located = this.#engine.locate(container, goClean(`${root}/${entry.path}`), false);
      if (located.readOnly) throw new EngineError({ status: 500, engineMessage: "mounted volume is marked read-only", method: "PUT", path });
      writeEntry(located.fs, located.path, file);
    }
  }

  getArchive(id: string, path: string, options: SignalOption = {}): Promise<ArchiveDownload> {
    this.#engine.record("containers.getArchive", id, path, options);
    const container = this.#engine.container(id, "GET", `/containers/${id}/archive`);
    const clean = goClean(path);
    const resolved = clean === "/" ? "/" : goClean(`${resolvePath(container.fs, goDir(clean))}/${goBase(clean)}`);
    const located = this.#engine.locate(container, resolved, false);
    const fs = located.fs;
    const own = located.path;
    const entry = fs.get(own);
    if (entry === undefined) return Promise.reject(notFound("GET", `/containers/${id}/archive?path=${path}`, `Could not find the file ${path} in container ${id}`));
    // Entries are named after the path's base name (`./` for the root), as the engine names them.
    const base = clean === "/" ? "." : goBase(clean);
    const pack = tar.pack();
    const add = (name: string, file: FakeFile): void => {
      const header = { name: file.type === "directory" ? `${name}/` : name, mode: file.mode, uid: file.uid, gid: file.gid, mtime: new Date(0) };
      if (file.type === "file") pack.entry({ ...header, type: "file" }, file.content ?? Buffer.alloc(0));
      else if (file.type === "symlink") pack.entry({ ...header, type: "symlink", linkname: file.linkname ?? "" });
      else pack.entry({ ...header, type: "directory" });
    };
    add(base, entry);
    if (entry.type === "directory") {
      const prefix = own === "/" ? "/" : `${own}/`;
      for (const [candidate, file] of [...fs].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (candidate !== own && candidate.startsWith(prefix)) add(`${base}/${candidate.slice(prefix.length)}`, file);
      }
    }
    pack.finalize();
    // The same description as `statPath`'s: the engine stats the path it archives.
    return Promise.resolve({ stat: fakeStat(clean, entry, fs, own), tar: Readable.from(bytesOf(pack)) });
  }

  commit(id: string, options: CommitOptions = {}): Promise<CommitResponse> {
    this.#engine.record("containers.commit", id, { ...options, config: structuredClone(options.config) });
    const container = this.#engine.container(id, "POST", "/commit");
    const parent = this.#engine.image(container.image);
    if (parent === undefined) throw new Error("fake engine: a container's image is gone");
    const config = mergeCommitConfig(options.config ?? structuredClone(container.body), container.body);
    const empty = sameFs(parent.fs, container.fs);
    const image: FakeImage = {
      id: `sha256:${this.#engine.nextId()}`,
      config,
      containerConfig: structuredClone(container.body),
      parent: parent.id,
      author: options.author ?? "",
      os: parent.os,
      architecture: parent.architecture,
      fs: copyFs(container.fs),
      layers: [...parent.layers],
      history: [...parent.history, { created_by: (container.body.Cmd ?? []).join(" "), ...(empty ? { empty_layer: true } : {}), ...(options.author ? { author: options.author } : {}) }],
    };
    if (!empty) image.layers.push(`layer-${image.id.slice(7, 19)}`);
    if (this.#engine.contentAddressedCommits) image.id = `sha256:${digest(JSON.stringify(storedConfig(image)))}`;
    this.#engine.imageStore.set(image.id, image);
    return Promise.resolve({ Id: image.id });
  }
}

class FakeVolumes implements BuildEngineVolumes {
  readonly #engine: FakeEngine;

  constructor(engine: FakeEngine) {
    this.#engine = engine;
  }

  #info(volume: FakeVolume): VolumeSummary {
    return { Name: volume.name, Driver: "local", Mountpoint: FakeEngine.mountpoint(volume.name), CreatedAt: volume.createdAt, Labels: { ...volume.labels }, Scope: "local" };
  }

  create(body: VolumeCreateBody, options: SignalOption = {}): Promise<VolumeSummary> {
    this.#engine.record("volumes.create", structuredClone(body), options);
    const name = body.Name ?? this.#engine.nextId();
    let volume = this.#engine.volumeStore.get(name);
    if (volume === undefined) {
      volume = { name, labels: { ...(body.Labels ?? {}) }, fs: fakeFs(), createdAt: new Date(Date.now() + this.#engine.volumeStore.size).toISOString() };
      this.#engine.volumeStore.set(name, volume);
    }
    return Promise.resolve(this.#info(volume));
  }

  inspect(name: string, options: SignalOption = {}): Promise<VolumeSummary> {
    this.#engine.record("volumes.inspect", name, options);
    const volume = this.#engine.volumeStore.get(name);
    if (volume === undefined) return Promise.reject(notFound("GET", `/volumes/${name}`, `get ${name}: no such volume`));
    return Promise.resolve(this.#info(volume));
  }

  list(options: ListVolumesOptions = {}): Promise<VolumeSummary[]> {
    this.#engine.record("volumes.list", options);
    const wanted = options.filters?.label ?? [];
    const matches = (volume: FakeVolume): boolean =>
      wanted.every((filter) => {
        const equals = filter.indexOf("=");
        return equals === -1 ? filter in volume.labels : volume.labels[filter.slice(0, equals)] === filter.slice(equals + 1);
      });
    return Promise.resolve([...this.#engine.volumeStore.values()].filter(matches).map((volume) => this.#info(volume)));
  }

  remove(name: string, options: SignalOption & { force?: boolean } = {}): Promise<void> {
    this.#engine.record("volumes.remove", name, options);
    if (!this.#engine.volumeStore.has(name)) return Promise.reject(notFound("DELETE", `/volumes/${name}`, `get ${name}: no such volume`));
    const inUse = this.#engine.liveContainers().some((container) =>
      (container.body.HostConfig?.Mounts ?? []).some((mount) => mount.Source === name || (mount.Source ?? "").startsWith(`${FakeEngine.mountpoint(name)}/`)),
    );
    if (inUse) return Promise.reject(new EngineError({ status: 409, engineMessage: `remove ${name}: volume is in use`, method: "DELETE", path: `/volumes/${name}` }));
    this.#engine.volumeStore.delete(name);
    return Promise.resolve();
  }
}

/**
 * The engine's `merge` of `daemon/commit.go`: what the body leaves empty comes from the container —
 * Env keys it lacks, Labels, ExposedPorts and Volumes (unions), User/WorkingDir/StopSignal, and an
 * empty Cmd when the Entrypoint is empty too.
 */
function mergeCommitConfig(body: ContainerConfig, container: ContainerCreateBody): ContainerConfig {
  const config = structuredClone(body);
  const env = [...(config.Env ?? [])];
  const keys = new Set(env.map((entry) => entry.split("=", 1)[0]));
  for (const entry of container.Env ?? []) if (!keys.has(entry.split("=", 1)[0])) env.push(entry);
  config.Env = env;
  if (container.Labels) config.Labels = { ...container.Labels, ...(config.Labels ?? {}) };
  if (container.ExposedPorts) config.ExposedPorts = { ...container.ExposedPorts, ...(config.ExposedPorts ?? {}) };
  if (container.Volumes) config.Volumes = { ...container.Volumes, ...(config.Volumes ?? {}) };
  const empty = (value: string | undefined): boolean => value === undefined || value === "";
  if (empty(config.User)) config.User = container.User ?? "";
  if (empty(config.WorkingDir)) config.WorkingDir = container.WorkingDir ?? "";
  if (empty(config.StopSignal)) config.StopSignal = container.StopSignal ?? "";
  if (config.Entrypoint === undefined || config.Entrypoint === null || config.Entrypoint.length === 0) {
    if (config.Cmd === undefined || config.Cmd === null || config.Cmd.length === 0) config.Cmd = container.Cmd ?? null;
    config.Entrypoint ??= container.Entrypoint ?? null;
  }
  return config;
}
