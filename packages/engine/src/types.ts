/**
 * Request and response shapes of the Docker Engine API, limited to the fields a client-side builder
 * reads or sets. Field names are the engine's. Response types keep an index signature because
 * engines add fields over versions; request types have none, so a misspelt field is a type error.
 * Engines from API 1.52 omit empty fields, so every response field that can be empty is optional.
 */

export type EmptyObject = Record<string, never>;

export interface HealthConfig {
  /** `["NONE"]` disables an inherited healthcheck; `["CMD", …]` / `["CMD-SHELL", "…"]` sets one. */
  Test?: string[];
  /** Nanoseconds. */
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** A container's configuration: the body of `POST /containers/create` and `POST /commit`, and the
 * `Config` of container and image inspect. */
export interface ContainerConfig {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  ExposedPorts?: Record<string, EmptyObject> | null;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Healthcheck?: HealthConfig | null;
  ArgsEscaped?: boolean;
  Image?: string;
  Volumes?: Record<string, EmptyObject> | null;
  WorkingDir?: string;
  /** `[""]` on create clears the image's entrypoint. */
  Entrypoint?: string[] | null;
  NetworkDisabled?: boolean;
  OnBuild?: string[] | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  StopTimeout?: number;
  Shell?: string[] | null;
}

export interface Mount {
  Type: "bind" | "volume" | "tmpfs" | "npipe" | "cluster";
  /** Host path (bind) or volume name (volume); empty or absent for an anonymous volume. */
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Record<string, string>; DriverConfig?: { Name?: string; Options?: Record<string, string> } };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
}

export interface HostConfig {
  Binds?: string[] | null;
  Mounts?: Mount[] | null;
  /** tmpfs mounts by target, with mount options (`"exec,size=64m"`); unlike `Mounts`, these take `exec`. */
  Tmpfs?: Record<string, string> | null;
  /** `default`, `none`, `host`, `bridge` or a network name. */
  NetworkMode?: string;
  LogConfig?: { Type: string; Config?: Record<string, string> };
  AutoRemove?: boolean;
  ExtraHosts?: string[] | null;
  ShmSize?: number;
  SecurityOpt?: string[] | null;
  CgroupParent?: string;
  Memory?: number;
  MemorySwap?: number;
  CpuShares?: number;
  CpuPeriod?: number;
  CpuQuota?: number;
  CpusetCpus?: string;
  CpusetMems?: string;
  Ulimits?: Ulimit[] | null;
  Isolation?: string;
  Privileged?: boolean;
  ReadonlyRootfs?: boolean;
  Init?: boolean | null;
  CapAdd?: string[] | null;
  CapDrop?: string[] | null;
}

export interface NetworkingConfig {
  EndpointsConfig?: Record<string, Record<string, unknown>>;
}

/** The body of `POST /containers/create`. */
export interface ContainerCreateBody extends ContainerConfig {
  Image: string;
  HostConfig?: HostConfig;
  NetworkingConfig?: NetworkingConfig;
}

export interface ContainerCreateResponse {
  Id: string;
  Warnings: string[] | null;
}

export interface ContainerWaitResponse {
  StatusCode: number;
  Error?: { Message: string } | null;
}

export type ContainerStatus = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

export interface ContainerState {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
  [field: string]: unknown;
}

export interface MountPoint {
  Type: string;
  /** The volume's name, for volume mounts. */
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

export interface ContainerInspect {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerState;
  /** The ID of the image it was created from. */
  Image: string;
  /** With a leading slash, e.g. `/dfbuild-step-3`. */
  Name: string;
  Driver: string;
  Platform: string;
  Config: ContainerConfig;
  HostConfig: HostConfig;
  Mounts: MountPoint[];
  [field: string]: unknown;
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  State: ContainerStatus;
  Status: string;
  Labels: Record<string, string> | null;
  [field: string]: unknown;
}

/** `Kind` of a filesystem change: 0 modified, 1 added, 2 deleted. */
export const ChangeKind = { Modified: 0, Added: 1, Deleted: 2 } as const;
export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];

export interface ContainerChange {
  Path: string;
  Kind: ChangeKind;
}

export interface CommitResponse {
  Id: string;
}

export interface ImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  /** Removed from engines' answers when empty (API 1.52); set only by the classic builder and commit. */
  Parent?: string;
  Comment?: string;
  Created: string;
  /** Gone from API 1.45 on. */
  Container?: string;
  /** Gone from API 1.45 on. */
  ContainerConfig?: ContainerConfig | null;
  DockerVersion?: string;
  Author?: string;
  Config?: ContainerConfig | null;
  Architecture: string;
  Variant?: string;
  Os: string;
  Size: number;
  /** Gone from API 1.44 on. */
  VirtualSize?: number;
  RootFS: { Type: string; Layers?: string[] };
  [field: string]: unknown;
}

/** A volume, as listed, inspected or created. */
export interface VolumeSummary {
  Name: string;
  Driver: string;
  /** The volume's directory on the engine's host. */
  Mountpoint: string;
  Labels: Record<string, string> | null;
  CreatedAt?: string;
  Scope?: string;
  Options?: Record<string, string> | null;
  [field: string]: unknown;
}

export interface ImageSummary {
  Id: string;
  ParentId: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  /** Unix seconds. */
  Created: number;
  Size: number;
  SharedSize: number;
  Labels: Record<string, string> | null;
  Containers: number;
  [field: string]: unknown;
}

export interface ImageHistoryEntry {
  /** The image ID, or `<missing>` for a layer whose image is not present locally. */
  Id: string;
  /** Unix seconds. */
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

/** One entry of `DELETE /images/{name}`: each untagged reference and each deleted image ID. */
export interface ImageDeleteResponseItem {
  Untagged?: string;
  Deleted?: string;
}

/** One line of a progress stream (pull, import). */
export interface ProgressEvent {
  status?: string;
  /** The layer or tag the line is about. */
  id?: string;
  /** A rendered progress bar. */
  progress?: string;
  progressDetail?: { current?: number; total?: number; [field: string]: unknown };
  stream?: string;
  aux?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface VersionComponent {
  Name: string;
  Version: string;
  Details?: Record<string, string>;
}

export interface VersionInfo {
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  GitCommit: string;
  GoVersion: string;
  Os: string;
  Arch: string;
  KernelVersion?: string;
  BuildTime?: string;
  Components?: VersionComponent[];
  [field: string]: unknown;
}

export interface SystemInfo {
  ID: string;
  Containers: number;
  Images: number;
  /** The storage driver (`overlay2`, …). */
  Driver: string;
  DriverStatus: [string, string][] | null;
  CgroupDriver?: string;
  CgroupVersion?: string;
  OSType: string;
  Architecture: string;
  ServerVersion: string;
  DockerRootDir: string;
  OperatingSystem: string;
  KernelVersion: string;
  NCPU: number;
  MemTotal: number;
  /** The engine's registry settings: which registries it treats as insecure, and its mirrors. */
  RegistryConfig?: RegistryServiceConfig | null;
  [field: string]: unknown;
}

export interface RegistryServiceConfig {
  /** CIDR blocks whose registries are insecure (`127.0.0.0/8` unless configured). */
  InsecureRegistryCIDRs?: string[] | null;
  /** Per-registry settings, by name: `Secure` is false for `insecure-registries` entries. */
  IndexConfigs?: Record<string, { Name?: string; Mirrors?: string[] | null; Secure?: boolean; Official?: boolean }> | null;
  Mirrors?: string[] | null;
}

/** What `GET /_ping` says in its headers. */
export interface PingResult {
  /** The newest API version the engine speaks (`Api-Version`); very old engines omit it. */
  apiVersion: string | undefined;
  /** `linux` or `windows`. */
  osType: string | undefined;
  experimental: boolean;
  /** `1` (classic) or `2` (BuildKit), from API 1.42 on. */
  builderVersion: string | undefined;
}

/** The body of `POST /volumes/create`. */
export interface VolumeCreateBody {
  Name?: string;
  Driver?: string;
  DriverOpts?: Record<string, string>;
  Labels?: Record<string, string>;
}


/** Filters as the engine takes them: `{ label: ["k=v"], dangling: ["true"] }`. */
export type Filters = Record<string, string[]>;
