/**
 * What an instruction handler gets: the stage's state, the instruction, and the build's services
 * (moby's `dispatchRequest` in `builder/dockerfile/evaluator.go`).
 */
import type { ContainerCreateBody } from "@dfbuild/engine";
import type { Instruction } from "@dfbuild/parser";
import type { BuildEngine } from "../build-engine.js";
import type { BuildCache } from "../cache.js";
import type { ContainerSet } from "../containers.js";
import type { BuildContext } from "../context.js";
import type { AccountNames, CopySource, KeptSourceBytes } from "../copy.js";
import type { DockerfileLocation } from "../errors.js";
import type { StepEvent } from "../events.js";
import type { RunHostConfig } from "../run-host-config.js";
import type { CacheVolumes } from "../mounts/cache-volumes.js";
import type { SecretStore } from "../mounts/secrets.js";
import type { SshSource } from "../mounts/ssh-agent.js";
import type { VolumeSet } from "../mounts/volume-set.js";
import type { StageState } from "../stage-state.js";
import type { ImageConfigStore } from "../image-configs.js";
import type { ImageLoads } from "../image-loads.js";
import type { ImagePathKinds } from "../image-path-kinds.js";
import type { ImageSourceDigests } from "../image-source-digests.js";
import type { ContainerBeforeCommit, ImageSourceReads } from "../copy-from-ahead.js";
import type { CacheMissExplainer } from "../cache-miss.js";

/** What every step of a build shares. */
export interface BuildServices {
  engine: BuildEngine;
  containers: ContainerSet;
  /** Volumes made for one step (bind sources, secrets), removed after it. */
  volumes: VolumeSet;
  /** `RUN --mount=type=cache` volumes, which outlive the build. */
  cacheVolumes: CacheVolumes;
  /** `--secret`s. */
  secrets: SecretStore;
  /** `--ssh` agents by id. */
  ssh: ReadonlyMap<string, SshSource>;
  context: BuildContext;
  cache: BuildCache;
  /**
   * Images' stored configs, for steps that change no file (made without a container); without it
   * every step takes a container. `dockerVersion` is the engine's, which a commit records.
   */
  imageConfigs?: { store: ImageConfigStore; dockerVersion: string };
  /** The build's image loads, with the images it put off (image-loads.ts); without it each load goes alone. */
  imageLoads?: ImageLoads;
  /** Digests of `COPY --from` sources read in earlier builds (image-source-digests.ts); without it every such COPY reads its image. */
  imageSourceDigests?: ImageSourceDigests;
  /** What paths of images earlier builds asked the engine (image-path-kinds.ts); without it every question takes a container. */
  imagePathKinds?: ImagePathKinds;
  /** What the build keeps in memory of `COPY --from` sources it read (copy.ts `KeptSourceBytes`). */
  keptSourceBytes?: KeptSourceBytes;
  /** The reads of `COPY --from` sources made or under way (some started ahead of their step, copy-from-ahead.ts). */
  imageSourceReads?: ImageSourceReads;
  noCache: boolean;
  /**
   * `--fold-metadata`: steps that change no file make no image; their config goes into the next
   * image and their history entries into the stage's final image (metadata-fold.ts).
   */
  foldMetadata?: boolean;
  /** Says why a step missed the cache (and records what each step's key was made of). */
  misses?: CacheMissExplainer;
  /** The Dockerfile's escape character. */
  escape: string;
  /** The build's network for RUN containers (`--network`). */
  network: string;
  /** The build's other options for RUN containers (`--add-host`, `-m`, `--ulimit`…; see run-host-config.ts). */
  runHostConfig: RunHostConfig;
  signal: AbortSignal | undefined;
  /** Reports an event of the step being run (the builder adds its stage). */
  emit: (event: StepEvent) => void;
  /** The number of the step being run, for events. */
  step: () => number;
  locate: (instruction: Instruction) => DockerfileLocation;
  /**
   * An earlier stage's image for `--from=<name|index>`, once that stage is done (stages run at
   * once, see build.ts); undefined when the reference names an image.
   */
  stageImage: (reference: string, current: string) => Promise<string | undefined>;
  /**
   * For `COPY --from`: the sources at `paths` of an earlier stage, read as soon as its files are
   * there (see build.ts `StageFiles`), or of the image the reference names (`ensureImage`); a read
   * started ahead of the step (copy-from-ahead.ts) is the one it gets, under way or done.
   */
  copyFromSources: (reference: string, current: string, paths: readonly string[], names: AccountNames) => Promise<CopySource[]>;
  /**
   * Called once a step's work in its container succeeded, before the commit: the stage's last
   * step's container may be read by `COPY --from` while it is committed (copy-from-ahead.ts
   * `ContainerBeforeCommit`). Undefined, or undefined from it: no one reads the container.
   */
  beforeCommit?: (container: string, body: ContainerCreateBody) => ContainerBeforeCommit | undefined;
  /** Whether a stage of the Dockerfile has this name (a `from` naming a later stage is an error, not an image). */
  isStageName: (reference: string) => boolean;
  /** Makes sure an image is present (pulling it if allowed); resolves to its ID. */
  ensureImage: (reference: string) => Promise<string>;
  /** User and group names of the engine's host, looked up once per build (`COPY --from` digests). */
  accountNames: () => Promise<AccountNames>;
  /** A copy of an image without the VOLUMEs of its config (made once, then from the build cache). */
  withoutVolumes: (image: string) => Promise<string>;
}

export interface DispatchRequest<I extends Instruction = Instruction> {
  state: StageState;
  instruction: I;
  services: BuildServices;
  /** Where this instruction's errors point: itself, or the FROM line whose ONBUILD trigger it is. */
  location: DockerfileLocation;
  /** Fails the step with a message at `location`. */
  fail: (message: string) => never;
  /** Expands one word against the stage's environment and build args (fails the step on a syntax error). */
  word: (value: string) => string;
}

/** Runs one instruction; resolves to whether the step came from the build cache. */
export type Handler<I extends Instruction> = (request: DispatchRequest<I>) => Promise<boolean>;

/** The instructions a stage dispatches (FROM begins a stage; an unknown one never parses). */
export type DispatchedInstruction = Exclude<Instruction, { type: "From" | "Unknown" }>;

/** One handler per instruction type, as moby's `dispatch` switch maps each command to its `dispatchX`. */
export type HandlerTable = { [T in DispatchedInstruction["type"]]: Handler<Extract<DispatchedInstruction, { type: T }>> };
