/**
 * The part of `@dfbuild/engine`'s `Engine` the builder uses, as an interface: the real client fits
 * it as it is, and the unit tests give the builder an in-memory engine instead (as moby's classic
 * builder runs its dispatchers against `MockBackend`, `builder/dockerfile/mockbackend_test.go`).
 */
import type { Readable } from "node:stream";
import type {
  ArchiveDownload,
  AttachOptions,
  CommitOptions,
  CommitResponse,
  ContainerCreateBody,
  ContainerCreateResponse,
  CreateContainerOptions,
  ContainerSummary,
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
  VolumeCreateBody,
  VolumeSummary,
  WaitOptions,
  ContainerWaitResponse,
  ListVolumesOptions,
} from "@dfbuild/engine";

export interface BuildEngineContainers {
  create(body: ContainerCreateBody, options?: CreateContainerOptions): Promise<ContainerCreateResponse>;
  start(id: string, options?: SignalOption): Promise<void>;
  wait(id: string, options?: WaitOptions): Promise<ContainerWaitResponse>;
  /** The container's output; iterate it once, to its end. */
  attach(id: string, options?: AttachOptions): Promise<AsyncIterable<OutputChunk>>;
  remove(id: string, options?: RemoveContainerOptions): Promise<void>;
  statPath(id: string, path: string, options?: SignalOption): Promise<PathStat>;
  putArchive(id: string, path: string, tar: TarSource, options?: PutArchiveOptions): Promise<void>;
  getArchive(id: string, path: string, options?: SignalOption): Promise<ArchiveDownload>;
  commit(id: string, options?: CommitOptions): Promise<CommitResponse>;
  /** For removing what dead builds left (leftovers.ts). */
  list(options?: ListContainersOptions): Promise<ContainerSummary[]>;
}

export interface BuildEngineImages {
  inspect(name: string, options?: SignalOption): Promise<ImageInspect>;
  /** The image and its ancestors, newest first: the IDs of those present, `<missing>` past them (cache.ts confirms hits with it). */
  history(name: string, options?: SignalOption): Promise<ImageHistoryEntry[]>;
  tag(name: string, options: TagImageOptions): Promise<void>;
  /** `platform`: `os/arch[/variant]` to pull (API 1.32+). */
  pull(reference: string, options?: SignalOption & { platform?: string }): AsyncIterable<ProgressEvent>;
  save(names: readonly string[], options?: SignalOption): Promise<Readable>;
  load(tar: TarSource, options?: SignalOption): AsyncIterable<ProgressEvent>;
  /** `--push` and `--cache-to`. */
  push(name: string, options: PushOptions): AsyncIterable<ProgressEvent>;
  list(options?: ListImagesOptions): Promise<ImageSummary[]>;
  remove(name: string, options?: RemoveImageOptions): Promise<ImageDeleteResponseItem[]>;
}

export interface BuildEngineVolumes {
  create(body: VolumeCreateBody, options?: SignalOption): Promise<VolumeSummary>;
  inspect(name: string, options?: SignalOption): Promise<VolumeSummary>;
  list(options?: ListVolumesOptions): Promise<VolumeSummary[]>;
  remove(name: string, options?: SignalOption & { force?: boolean }): Promise<void>;
}

/** What a build needs of an engine. */
export interface BuildEngine {
  /** The engine's address (`unix:///var/run/docker.sock`, `tcp://…`): a unix socket means the engine runs here. */
  readonly host: string;
  readonly containers: BuildEngineContainers;
  readonly images: BuildEngineImages;
  readonly volumes: BuildEngineVolumes;
  info(options?: SignalOption): Promise<SystemInfo>;
  version(options?: SignalOption): Promise<VersionInfo>;
  /** The docker config's credentials for the registry of a reference (`--cache-from`, `--cache-to`). */
  registryAuth(reference: string): Promise<RegistryAuth | undefined>;
}
