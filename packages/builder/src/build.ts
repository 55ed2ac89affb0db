/**
 * `dfbuild build`: runs a Dockerfile against the engine the way the classic builder does — one
 * image per instruction, committed from a container, with the history, config and filesystem the
 * classic builder would produce (moby `builder/dockerfile`: `dispatchers.go`, `internals.go`) and
 * the workarounds for what `POST /commit` (`daemon/commit.go` `merge`) and `PUT …/archive` (a
 * path under a VOLUME goes to the volume, `daemon/archive.go`) would otherwise get wrong.
 */
import { EngineClientError, EngineError, EngineUnreachableError, type ContainerConfig, type ImageInspect, type RegistryClient } from "@dfbuild/engine";
import { type BuildStage, type Diagnostic, type Directive, type FromInstruction, IgnoreMatcher, type Instruction, type SemanticModel, analyze, parse } from "@dfbuild/parser";
import { BuildArgs, type BuildArgValues } from "./args.js";
import { BuildCache, type CacheSource, defaultCacheDir, stepKey } from "./cache.js";
import { ImageCacheSource } from "./image-cache-source.js";
import { FileDigestStore } from "./file-digest-cache.js";
import { ImagePathKinds } from "./image-path-kinds.js";
import { ImageSourceDigests } from "./image-source-digests.js";
import { formatPlatform, hasEmulator, normalizePlatform, parsePlatform, type Platform, PlatformError, platformMatches } from "./platform.js";
import { type ImageConfig, configFromImage, configOfImage, equivalentConfig, withVolumes } from "./config.js";
import { ContainerSet } from "./containers.js";
import { describeRemoved, removeLeftovers } from "./leftovers.js";
import { BuildContext } from "./context.js";
import { BuildCancelledError, BuildError, type DockerfileLocation, EngineLostError, FrontendError } from "./errors.js";
import type { BuildEvent } from "./events.js";
import { exportFilesystem, type FilesystemOutput } from "./filesystem-export.js";
import { loadRefused, loadRewritten, rewrittenImage, scratchImage, scratchImageConfig, withConfig } from "./image.js";
import { ImageLoads } from "./image-loads.js";
import { ImageConfigStore, configDigest } from "./image-configs.js";
import { CacheMissExplainer } from "./cache-miss.js";
import { foldedHistory, foldedHistoryKey, foldsIntoOneChild, hasFoldedSteps } from "./metadata-fold.js";
import { resolve } from "node:path";
import { type PushedTag, pushTags } from "./image-push.js";
import { type CacheExportOptions, exportRegistryCache, RegistryCacheImport, registryClientFor } from "./registry-cache.js";
import type { BuildEngine } from "./build-engine.js";
import { type AccountNames, type CopySource, KEPT_SOURCE_BYTES, KeptSourceBytes, UnreadableBeforeCommit, imageSources, localAccountNames } from "./copy.js";
import { ContainerBeforeCommit, ImageSourceReads, literalImageSources, mountsInto, readableBeforeCommit } from "./copy-from-ahead.js";
import { Dispatcher } from "./evaluator.js";
import { literalContextSources, prepareContextSources } from "./instructions/copy.js";
import { CacheVolumes } from "./mounts/cache-volumes.js";
import { type SecretSource, SecretSpecError, SecretStore } from "./mounts/secrets.js";
import type { SshSource } from "./mounts/ssh-agent.js";
import { VolumeSet } from "./mounts/volume-set.js";
import type { PendingImages, StageState } from "./stage-state.js";
import { StageScheduler } from "./stage-scheduler.js";
import { loadPendingImages } from "./step.js";
import { endPathProbe } from "./layer-paths.js";
import type { BuildServices } from "./instructions/request.js";
import { type RunHostConfig, checkRunHostConfig } from "./run-host-config.js";

export type PullPolicy = "missing" | "always" | "never";

export interface BuildOptions {
  /** The engine to build on: `@dfbuild/engine`'s `Engine`, or anything with the part of it the builder uses. */
  engine: BuildEngine;
  /** The context directory. */
  context: string;
  /** The Dockerfile's text, and its name as messages should show it (`Dockerfile`, `-`…). */
  dockerfile: { name: string; text: string };
  /** `.dockerignore` text; read from the context when not given. */
  dockerignore?: string;
  tags?: readonly string[];
  buildArgs?: BuildArgValues;
  target?: string;
  noCache?: boolean;
  /**
   * `--fold-metadata`: steps that change no file (ENV, LABEL, USER, CMD…) make no image; their
   * config goes into the stage's next image and their history entries into its final image, one
   * per instruction as in BuildKit's (metadata-fold.ts). Off: one image per instruction.
   */
  foldMetadata?: boolean;
  pull?: PullPolicy;
  /**
   * `--platform`: `os[/arch[/variant]]` to build for (default: the engine's). Bases are pulled for
   * it and must match it; a platform the engine cannot run is refused before any step when a RUN
   * would need it.
   */
  platform?: string;
  /** Network of RUN containers: `default`, `none`, `host` or a network name. */
  network?: string;
  /** `--add-host`, `--shm-size`, `--ulimit`, `-m`, `--cpu-*`, `--security-opt`…: the RUN containers' HostConfig. */
  runHostConfig?: RunHostConfig;
  /**
   * `--max-parallel-stages`: how many stages that do not need each other are built at once
   * (default `DEFAULT_MAX_PARALLEL_STAGES`; 1 builds them one after another, as the classic builder).
   */
  maxParallelStages?: number;
  /** `--no-cache-filter`: named stages whose steps never use the cache. */
  noCacheStages?: readonly string[];
  /** `--label`: added as LABEL steps at the end of the last stage, as the classic builder does. */
  labels?: ReadonlyMap<string, string>;
  /** `--secret`s for `RUN --mount=type=secret` (parse the command line's with `parseSecretSpec`). */
  secrets?: readonly SecretSource[];
  /** `--ssh` agents for `RUN --mount=type=ssh` (parse the command line's with `parseSshSpec`). */
  ssh?: readonly SshSource[];
  /** Where the cache index lives (default: `$DFBUILD_CACHE_DIR` or `~/.cache/dfbuild`). */
  cacheDir?: string;
  /**
   * The context is a directory made for this build alone (an unpacked archive, a git clone): the
   * digests of its files are not kept for later builds.
   */
  contextIsTemporary?: boolean;
  /** `--cache-from`: registry caches written by `--cache-to`, asked when a step misses locally. */
  cacheFrom?: readonly string[];
  /** `--cache-to`: registry caches to write every step of this build to, once it succeeded. */
  cacheTo?: readonly CacheExportOptions[];
  /** `--push`: push every tag once the build succeeded. */
  push?: boolean;
  /** `--output`: write the final image's filesystem to a directory or a tar. */
  outputs?: readonly FilesystemOutput[];
  env?: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
}

export interface BuildResult {
  /** The image built, `sha256:…`. */
  imageId: string;
  tags: string[];
  /** `--build-arg`s no ARG declared. */
  unusedBuildArgs: string[];
  /** What `--push` pushed, tag by tag. */
  pushed: PushedTag[];
}

/**
 * Stages built at once unless `--max-parallel-stages` says otherwise. Steps mostly wait on the
 * engine (commits, container runs), so a few at a time overlap well even on two cores; more would
 * have RUN steps compete for CPU with each other and the engine.
 */
export const DEFAULT_MAX_PARALLEL_STAGES = 4;

/**
 * A stage being built: the number of the step it runs (steps keep their one-after-another
 * numbers whatever order stages run in) and that step's text, for events and messages.
 */
interface StageRun {
  stage: BuildStage;
  /** The stage as events name it: its `AS` name, else its index. */
  name: string;
  step: number;
  text: string;
}

/** The services every stage shares; each stage adds its own events, step numbers and stage lookups. */
type SharedServices = Omit<BuildServices, "emit" | "step" | "stageImage" | "copyFromSources" | "ensureImage" | "beforeCommit">;

/**
 * A stage's files, for `COPY --from` to read: its last step's image, known once its steps are done
 * and before its final image (whose config may take an image of its own, see `#finalize`) is; and
 * before that image, when the last step takes a container, that container while it is committed.
 */
interface StageFiles {
  promise: Promise<string>;
  resolve: (image: string) => void;
  reject: (error: unknown) => void;
  image?: string;
  /** The stage's last container while it is committed (`ContainerBeforeCommit`), once offered. */
  beforeCommit?: ContainerBeforeCommit;
  /** Resolves once the files can be read: the container offered, or the image known. */
  readable: Promise<void>;
  offer: (container: ContainerBeforeCommit) => void;
}

interface StageResult {
  name: string | null;
  /** The stage's image as others see it (config final). */
  imageId: string;
  /** Its state, for a later `FROM <stage>`: the image before its config was finalized, and its volumes. */
  state: StageState;
}


/** Builds a Dockerfile; throws a `BuildError` (or `BuildCancelledError`) and leaves nothing behind on failure. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  // Alongside the build, not before it: only objects of builds whose process is gone are removed,
  // never this build's, so nothing it does waits for the engine's lists (leftovers.ts).
  const leftovers = removeLeftoversOfDeadBuilds(options);
  // Awaited below; until then its failure must not count as unhandled.
  leftovers.catch(() => undefined);
  const containers = new ContainerSet(options.engine, options.signal);
  const volumes = new VolumeSet(options.engine, containers.buildId, options.signal);
  const builder = new Builder(options, containers, volumes);
  let failure: unknown;
  try {
    const result = await builder.run();
    await leftovers;
    options.onEvent?.({ type: "built", imageId: result.imageId, durationMs: Date.now() - started });
    for (const name of result.tags) options.onEvent?.({ type: "tagged", name });
    // What goes beyond the engine comes after the image is built and tagged, as with buildx.
    await builder.publish(result);
    await builder.settleFinalImages();
    return result;
  } catch (error) {
    if (options.signal?.aborted === true) throw new BuildCancelledError("the build was cancelled", { cause: error });
    // The images put off go to the engine as they would have at their stage's end (the earlier
    // stages' images stay, as the classic builder's do); the build's own failure is the news.
    await builder.flushLoads().catch(() => undefined);
    failure = builder.engineLost(error) ?? error;
    throw failure;
  } finally {
    // Settled before the build returns, whatever happened; a failure of its own was thrown above
    // when the build succeeded, and is the lesser news when it did not.
    await leftovers.catch(() => undefined);
    await builder.close();
    // Containers first: a volume a container still uses cannot go.
    const failures = await containers.removeAll();
    const volumeFailures = await volumes.removeAll();
    const first = failures[0] ?? volumeFailures[0];
    // An engine that went away cannot remove anything either: its message says so already.
    if (first !== undefined && options.signal?.aborted !== true && !(failure instanceof EngineLostError)) {
      const what = failures.length > 0 ? "container" : "volume";
      // eslint-disable-next-line no-unsafe-finally -- a container or volume we could not remove must be reported
      throw new BuildError(`could not remove build ${what}: ${first instanceof Error ? first.message : JSON.stringify(first)}`);
    }
  }
}

/**
 * What killed builds left (their process is gone) is removed while the build starts, and said in
 * one line. The engine failing to answer here is left for the build's own first request to report.
 */
async function removeLeftoversOfDeadBuilds(options: BuildOptions): Promise<void> {
  try {
    const removed = await removeLeftovers(options.engine, options.signal);
    if (removed.containers + removed.volumes === 0) return;
    const text = `Removed ${describeRemoved(removed)} left behind by builds that no longer run`;
    options.onEvent?.({ type: "leftovers-removed", ...removed, text });
  } catch (error) {
    if (options.signal?.aborted === true || !(error instanceof EngineClientError)) throw error;
  }
}

class Builder {
  readonly #options: BuildOptions;
  readonly #engine: BuildEngine;
  readonly #containers: ContainerSet;
  readonly #volumes: VolumeSet;
  readonly #results: StageResult[] = [];
  /** The Dockerfile's stages, scopes and stage references, by the classic builder's rules. */
  #model: SemanticModel | undefined;
  #total = 0;
  /** The step that started last, and the step of the stage that failed first: the engine-lost message names it. */
  #lastStep = { step: 0, text: "" };
  #failedStep: { step: number; text: string } | undefined;
  #scheduler: StageScheduler<StageResult> | undefined;
  /** The indexes of the stages the target needs. */
  #needed: ReadonlySet<number> = new Set();
  /** Whether the engine answered this build once: losing it later is not the same as never having it. */
  #engineAnswered = false;
  #cache: BuildCache | undefined;
  /** Step images that final images replaced, settled at the end of the build (`settleFinalImages`). */
  readonly #replaced: { stage: number; step: { key: string; parent: string; image: string }; parent: string; final: string; isTarget: boolean }[] = [];
  #registry: RegistryClient | undefined;
  /** The engine's own platform, and `--platform` when given. */
  #enginePlatform: Platform = { os: "linux", architecture: "amd64" };
  #platform: Platform | undefined;
  /** Each stage's platform: its `FROM --platform`, else `--platform`; undefined for neither. */
  readonly #stagePlatforms = new Map<number, Platform | undefined>();
  #imports: RegistryCacheImport | undefined;
  #imageConfigs: ImageConfigStore | undefined;
  #fileDigests: FileDigestStore | undefined;
  #imageSourceDigests: ImageSourceDigests | undefined;
  #imagePathKinds: ImagePathKinds | undefined;
  #misses: CacheMissExplainer | undefined;
  /** Images `#ensureImage` inspected, by ID: a stage's FROM reads its base once. */
  readonly #inspectedImages = new Map<string, ImageInspect>();
  /** `#ensureImage`'s answers by reference and platform: stages FROM the same image look it up once. */
  readonly #ensured = new Map<string, Promise<string>>();
  /** Each needed stage's files (`StageFiles`), by index. */
  readonly #files = new Map<number, StageFiles>();
  /** The services every stage shares, once the build has them. */
  #shared: SharedServices | undefined;
  /** The build's image loads, and the final images of stages other than the target, put off (`#finalize`). */
  readonly #loads: ImageLoads;

  constructor(options: BuildOptions, containers: ContainerSet, volumes: VolumeSet) {
    this.#options = options;
    this.#engine = options.engine;
    this.#containers = containers;
    this.#volumes = volumes;
    this.#loads = new ImageLoads(options.engine);
  }

  async run(): Promise<BuildResult> {
    const { ast, diagnostics } = parse(this.#options.dockerfile.text);
    const error = diagnostics.find((diagnostic) => diagnostic.severity === "error");
    if (error !== undefined) throw this.#diagnosticError(error);
    if (ast.stages.length === 0) throw new BuildError("No image was generated. Is your Dockerfile empty?");
    if (this.#options.push === true && (this.#options.tags ?? []).length === 0) throw new BuildError("--push needs a name to push: add -t NAME[:TAG]");
    checkSyntaxDirective(ast.directives, this.#options.dockerfile.name);
    const secrets = new SecretStore(this.#options.secrets ?? [], this.#options.env ?? process.env);
    await secrets.check().catch((error: unknown) => {
      throw error instanceof SecretSpecError ? new BuildError(error.message, { cause: error }) : error;
    });

    // The two probes at once: neither depends on the other.
    const [info, version] = await Promise.all([this.#engine.info({ signal: this.#options.signal }), this.#engine.version({ signal: this.#options.signal })]);
    this.#engineAnswered = true;
    checkRunHostConfig(this.#options.runHostConfig ?? {}, info.OSType);
    this.#enginePlatform = normalizePlatform({ os: version.Os, architecture: version.Arch });
    if (this.#options.platform !== undefined) {
      try {
        this.#platform = parsePlatform(this.#options.platform, this.#enginePlatform);
      } catch (error) {
        if (error instanceof PlatformError) throw new PlatformError(`--platform: ${error.message}`, error.code);
        throw error;
      }
    }
    const cacheDir = this.#options.cacheDir ?? defaultCacheDir(this.#options.env ?? process.env);
    // Digests of context files kept across builds (file-digest-cache.ts): an unchanged file is not
    // read again. Not for a directory made for this build only (an unpacked archive, a clone).
    if (this.#options.contextIsTemporary !== true) this.#fileDigests = new FileDigestStore(cacheDir, resolve(this.#options.context));
    const context = new BuildContext(this.#options.context, IgnoreMatcher.fromFile(this.#options.dockerignore ?? ""), { digestCache: this.#fileDigests });
    const cacheFrom = this.#options.cacheFrom ?? [];
    if (cacheFrom.length > 0 || (this.#options.cacheTo ?? []).length > 0) this.#registry = registryClientFor(this.#engine, info);
    const sources: CacheSource[] = [];
    // A --cache-from REF that names a local image is a classic cache source (image-cache-source.ts);
    // the others are dfbuild caches in a registry.
    const images = await ImageCacheSource.open(
      this.#engine,
      cacheFrom,
      (text) => {
        this.#emit({ type: "info", text });
      },
      this.#options.signal,
    );
    if (images.source !== undefined) sources.push(images.source);
    if (this.#registry !== undefined && images.others.length > 0) {
      this.#imports = await RegistryCacheImport.open(
        this.#engine,
        this.#registry,
        images.others,
        {
          report: (text) => {
            this.#emit({ type: "info", text });
          },
          warn: (text) => {
            this.#emit({ type: "warning", text });
          },
        },
        this.#options.signal,
      );
      sources.push(this.#imports);
    }
    const cache = new BuildCache(this.#engine, cacheDir, info.ID, sources);
    this.#cache = cache;
    this.#imageConfigs = new ImageConfigStore(this.#engine, cacheDir);
    this.#imageSourceDigests = new ImageSourceDigests(cacheDir);
    this.#imagePathKinds = new ImagePathKinds(cacheDir);
    const misses = new CacheMissExplainer(cacheDir, info.ID, {
      context: resolve(this.#options.context),
      dockerfile: this.#options.dockerfile.name,
      target: this.#options.target ?? "",
    });
    this.#misses = misses;
    // Meta ARGs, FROM lines and so the stages the target needs: the semantic model works them out
    // as the classic builder does (`processMetaArg`, `getFromImage`), with this build's --build-args.
    const buildArgs = this.#options.buildArgs ?? new Map<string, string | null>();
    const model = analyze(ast, { builder: "classic", buildArgs });
    this.#model = model;
    const meta = new Map<string, string | null>();
    for (const definition of model.definitions) {
      if (definition.kind !== "arg" || definition.stage !== null || definition.instruction === null) continue;
      if (definition.error !== null) throw new BuildError(definition.error, { location: this.#locate(definition.instruction) });
      meta.set(definition.name, definition.state === "set" ? (definition.value ?? "") : null);
    }
    const args = new BuildArgs(buildArgs, meta);
    const target = this.#targetStage(model);
    const needed = new Set(model.requiredStages(target).map((stage) => stage.index));
    this.#needed = needed;
    const labels = [...(this.#options.labels ?? new Map<string, string>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.#total = ast.globalArgs.length + labels.length;
    for (const stage of ast.stages) if (needed.has(stage.index)) this.#total += 1 + stage.instructions.length;
    await this.#checkPlatforms(model, needed);
    const limit = this.#options.maxParallelStages ?? DEFAULT_MAX_PARALLEL_STAGES;
    if (!Number.isSafeInteger(limit) || limit < 1) throw new BuildError(`--max-parallel-stages must be a whole number of at least 1, not ${String(limit)}`);
    const stages = model.stages.filter((stage) => needed.has(stage.index));
    const concurrent = limit > 1 && hasIndependentStages(stages);
    this.#emit({
      type: "stages",
      stages: stages.map((stage) => ({ stage: stageName(stage), index: stage.index, dependsOn: stage.dependencies.map(stageName) })),
      concurrent,
    });
    const metaArgs: StageRun = { stage: target, name: "", step: 0, text: "" };
    for (const instruction of ast.globalArgs) this.#emitStep(metaArgs, instruction);

    let accountNames: Promise<AccountNames> | undefined;
    const scheduler = new StageScheduler<StageResult>(limit, this.#options.signal);
    this.#scheduler = scheduler;
    const services: SharedServices = {
      engine: this.#engine,
      containers: this.#containers,
      volumes: this.#volumes,
      cacheVolumes: new CacheVolumes(this.#engine, this.#containers),
      secrets,
      ssh: new Map((this.#options.ssh ?? []).map((source) => [source.id, source])),
      context,
      cache,
      imageConfigs: { store: this.#imageConfigs, dockerVersion: version.Version },
      imageSourceDigests: this.#imageSourceDigests,
      imagePathKinds: this.#imagePathKinds,
      keptSourceBytes: new KeptSourceBytes(KEPT_SOURCE_BYTES),
      imageSourceReads: new ImageSourceReads(),
      imageLoads: this.#loads,
      noCache: this.#options.noCache === true,
      foldMetadata: this.#options.foldMetadata === true,
      misses,
      escape: ast.escape,
      network: this.#options.network ?? "default",
      runHostConfig: this.#options.runHostConfig ?? {},
      // A failing stage stops the others: their engine calls and RUNs end with it.
      signal: scheduler.signal,
      locate: (instruction) => this.#locate(instruction),
      isStageName: (reference) => model.stages.some((stage) => stage.name === reference.toLowerCase()),
      accountNames: () => (accountNames ??= localAccountNames(this.#engine.host)),
      withoutVolumes: async (image) => {
        const inspected = await this.#engine.images.inspect(image, { signal: scheduler.signal });
        return this.#withoutVolumes(image, { ...configOfImage(inspected.Config), Volumes: null }, cache);
      },
    };

    this.#shared = services;
    // Steps are numbered in the Dockerfile's order, as a one-after-another build numbers them.
    let step = ast.globalArgs.length;
    for (const stage of stages) this.#files.set(stage.index, stageFiles());
    const tasks = stages.map((stage) => {
      const run: StageRun = { stage, name: stageName(stage), step, text: "" };
      step += 1 + stage.instructions.length;
      // When stages run at once, a stage starts from its FROM stage; the others it needs (`COPY
      // --from`, `RUN --mount from`) it waits for when a step gets to them (`#stageSources`,
      // `#stageImage`): its base image, its first steps and its reads ahead go on meanwhile, as
      // BuildKit's solver starts every vertex whose inputs are ready. Stages that can only run one
      // after another start once all they need is built, and keep the classic log.
      const base = stage.base.target;
      const dependsOn = !concurrent ? stage.dependencies.map((dependency) => dependency.index) : base !== null && needed.has(base.index) ? [base.index] : [];
      return {
        index: stage.index,
        dependsOn,
        run: () => this.#buildStage(run, stage === target ? labels : null, services, args, cache, version),
      };
    });
    const results = await scheduler.run(tasks);
    const last = results.get(target.index);
    if (last === undefined) throw new BuildError("No image was generated. Is your Dockerfile empty?");
    // Final images that went with no load of the target's (see `#finalize`).
    await this.#loads.flush(this.#options.signal);

    const unused = args.unused();
    if (unused.length > 0) this.#emit({ type: "warning", text: `[Warning] One or more build-args [${unused.join(" ")}] were not consumed` });

    const tags: string[] = [];
    for (const tag of this.#options.tags ?? []) {
      const { repo, tag: version } = splitTag(tag);
      await this.#engine.images.tag(last.imageId, { repo, tag: version, signal: this.#options.signal });
      tags.push(`${repo}:${version}`);
    }
    return { imageId: last.imageId, tags, unusedBuildArgs: unused, pushed: [] };
  }

  /** `--push`, `--output` and `--cache-to`, in that order, for a built image. */
  async publish(result: BuildResult): Promise<void> {
    const { signal } = this.#options;
    const info = (text: string): void => {
      this.#emit({ type: "info", text });
    };
    if (this.#options.push === true) result.pushed = await pushTags(this.#engine, result.tags, info, signal);
    for (const output of this.#options.outputs ?? []) {
      const where = "stream" in output ? "the standard output" : output.dest;
      const { entries } = await exportFilesystem(this.#engine, result.imageId, output, {
        signal,
        warn: (text) => {
          this.#emit({ type: "warning", text });
        },
      });
      info(`exported the image's filesystem (${String(entries)} entries) as ${output.type === "local" ? "files" : "a tar"} to ${where}`);
    }
    const cache = this.#cache;
    const registry = this.#registry;
    if (cache === undefined || registry === undefined) return;
    for (const target of this.#options.cacheTo ?? []) {
      try {
        await exportRegistryCache(this.#engine, registry, target, cache.used(), result.imageId, this.#imports?.imported ?? [], info, signal);
      } catch (error) {
        if (target.ignoreError !== true || signal?.aborted === true) throw error;
        this.#emit({ type: "warning", text: `${(error as Error).message} (ignored: ignore-error=true)` });
      }
    }
  }

  /** Loads the images put off (`#finalize`); a failed build calls it, as its stages' images stay. */
  flushLoads(): Promise<void> {
    return this.#loads.flush(this.#options.signal);
  }

  /** Waits for the cache-miss records still being written, writes the context's file digests and ends the registry connections. */
  async close(): Promise<void> {
    await this.#misses?.settled();
    await this.#closeStore(this.#fileDigests, "the digests of the context's files");
    await this.#closeStore(this.#imageSourceDigests, "the digests of COPY --from sources");
    await this.#closeStore(this.#imagePathKinds, "what paths of images are");
    await this.#registry?.close();
  }

  /** Closes a store of what builds keep; losing it costs the next build work again, never a wrong result: a warning, not a build failure. */
  async #closeStore(store: { readonly file: string; close(): Promise<void> } | undefined, what: string): Promise<void> {
    await store?.close().catch((error: unknown) => {
      this.#emit({ type: "warning", text: `could not keep ${what} in ${store.file}: ${error instanceof Error ? error.message : String(error)}` });
    });
  }

  /** The signal of a stage's work: it aborts when the build is cancelled or another stage failed. */
  get #stageSignal(): AbortSignal | undefined {
    return this.#scheduler?.signal ?? this.#options.signal;
  }

  #emit(event: BuildEvent): void {
    this.#options.onEvent?.(event);
  }

  /** A step of a stage ended: with its image, or without one when it was folded (`--fold-metadata`). */
  #emitStepDone(run: StageRun, state: StageState, cached: boolean, startedAt: number): void {
    const durationMs = Date.now() - startedAt;
    if (state.stepFolded === true) this.#emit({ type: "step-done", step: run.step, stage: run.name, imageId: null, cached: false, folded: true, durationMs });
    else this.#emit({ type: "step-done", step: run.step, stage: run.name, imageId: state.imageId, cached, durationMs });
  }

  #emitStep(run: StageRun, instruction: Instruction | { text: string }): void {
    run.step++;
    run.text = "original" in instruction ? instruction.original : instruction.text;
    this.#lastStep = { step: run.step, text: run.text };
    const line = "original" in instruction ? instruction.range.start.line : 0;
    this.#emit({ type: "step", step: run.step, total: this.#total, instruction: run.text, line, stage: run.name });
  }

  /**
   * One stage, its steps in order: FROM, its instructions, the `--label` steps if it is the
   * target, then its final image. Its events carry its name; its failures say which step failed.
   */
  async #buildStage(run: StageRun, labels: readonly (readonly [string, string])[] | null, shared: SharedServices, args: BuildArgs, cache: BuildCache, version: { Os: string; Arch: string }): Promise<StageResult> {
    const dispatcher = new Dispatcher({
      ...shared,
      emit: (event) => {
        this.#emit({ ...event, stage: run.name });
      },
      step: () => run.step,
      stageImage: (reference, current) => this.#stageImage(reference, current, run.stage),
      // Images named by COPY --from and mounts get the build's platform, as moby's imageSources do.
      copyFromSources: async (reference, current, paths, names) =>
        (await this.#stageSources(reference, current, run.stage, paths, names)) ?? this.#readImageSources(await this.#ensureImage(reference, run, this.#platform), paths, names),
      ensureImage: (reference) => this.#ensureImage(reference, run, this.#platform),
      beforeCommit: (container, body) => {
        // Only the stage's last step (no `--label` step after it) gives its files, and only from a
        // container with nothing mounted into it (no VOLUME, no RUN --mount: see `readableBeforeCommit`).
        if (run.step !== lastStep || mountsInto(body) || files === undefined || files.image !== undefined || files.beforeCommit !== undefined) return undefined;
        const beforeCommit = new ContainerBeforeCommit(container);
        files.offer(beforeCommit);
        return beforeCommit;
      },
    });
    const preparing: Promise<void>[] = [];
    let stopReadingAhead: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stopReadingAhead = resolve));
    const files = this.#files.get(run.stage.index);
    // The number of the stage's last step: its FROM's, then one per instruction and `--label`.
    const lastStep = run.step + 1 + run.stage.instructions.length + (labels?.length ?? 0);
    let state: StageState | undefined;
    try {
      const ahead = this.#readCopySourcesAhead(run, shared, stopped);
      if (ahead !== undefined) preparing.push(ahead);
      state = await this.#beginStage(run, args, dispatcher, cache, version);
      const { instructions } = run.stage;
      for (const [index, instruction] of instructions.entries()) {
        this.#emitStep(run, instruction);
        const startedAt = Date.now();
        if (instruction.type === "Run") {
          const ahead = this.#prepareNextCopy(run, instructions, index, shared);
          if (ahead !== undefined) preparing.push(ahead);
        }
        const cached = await dispatcher.dispatch(state, instruction);
        this.#emitStepDone(run, state, cached, startedAt);
      }
      for (const [key, value] of labels ?? []) {
        this.#emitStep(run, { text: `LABEL ${key}=${value}` });
        const startedAt = Date.now();
        const cached = await dispatcher.label(state, key, value);
        this.#emitStepDone(run, state, cached, startedAt);
      }
      stopReadingAhead();
      endPathProbe(this.#containers, state);
      // Its files are final: a `COPY --from` of it may read them while its final image is made
      // (unless the last steps' images are still to be loaded, which the final image does).
      if (state.pending === undefined) files?.resolve(state.imageId);
      const imageId = await this.#finalize(run.stage.index, state, cache, labels !== null);
      // A final image put off is not on the engine yet: its files are its last step's.
      files?.resolve(this.#loads.isWaiting(imageId) ? state.imageId : imageId);
      // A read of the last step's image counts for the final image, which has the same files: a
      // rebuild, which finds the final image for that step, reads nothing (image-source-digests.ts).
      if (files?.image !== undefined && files.image !== imageId) await this.#imageSourceDigests?.sameFiles(imageId, files.image);
      const result = { name: run.stage.name, imageId, state };
      this.#results[run.stage.index] = result;
      this.#emit({ type: "stage-done", stage: run.name, imageId });
      return result;
    } catch (error) {
      stopReadingAhead();
      if (state !== undefined) endPathProbe(this.#containers, state);
      files?.reject(error);
      this.#failedStep ??= { step: run.step, text: run.text };
      // The steps before the failing one keep their images, as in the classic builder, so the next
      // build finds them in the cache: those still pending are loaded unless the build was stopped.
      if (state !== undefined && this.#stageSignal?.aborted !== true) await loadPendingImages({ engine: this.#engine, cache, signal: this.#stageSignal, imageLoads: this.#loads }, state).catch(() => undefined);
      throw error;
    } finally {
      // Reads started ahead end with the stage (they never fail: a failure is the step's to report).
      await Promise.all(preparing);
    }
  }

  /**
   * Work overlapped where the chain allows: while a RUN runs in its container, the next COPY or
   * ADD of the stage whose sources are literal context paths has them read and hashed
   * (`prepareContextSources`), so that step starts with its cache key's digests ready. The same
   * reads the step makes, earlier; the classic builder's CLI reads the whole context before the
   * first step. Resolves once they are done; undefined when there is nothing to prepare.
   */
  #prepareNextCopy(run: StageRun, instructions: readonly Instruction[], index: number, shared: SharedServices): Promise<void> | undefined {
    const offset = instructions.slice(index + 1).findIndex((candidate) => candidate.type === "Copy" || candidate.type === "Add");
    const next = offset === -1 ? undefined : instructions[index + 1 + offset];
    const paths = next === undefined ? undefined : literalContextSources(next, shared.escape);
    if (paths === undefined) return undefined;
    const step = run.step + 1 + offset;
    const startedAt = Date.now();
    return prepareContextSources(shared.context, paths).then(() => {
      this.#emit({ type: "sources-prepared", step, stage: run.name, whileStep: run.step, durationMs: Date.now() - startedAt });
    });
  }

  /**
   * Work overlapped where the chain allows: the sources of the stage's `COPY --from=<stage>` lines
   * with literal paths (`literalImageSources`) are read and hashed as soon as the stage they copy
   * from has its files, while the steps before them (and other stages) run — one line after
   * another, each only if its step has not started yet, which then finds the read under way or
   * done (`ImageSourceReads`). Resolves once the reads it started are done, or the stage stopped
   * (`stopped`); never rejects: a failure is the step's to meet and report.
   */
  #readCopySourcesAhead(run: StageRun, shared: SharedServices, stopped: Promise<void>): Promise<void> | undefined {
    if (shared.imageSourceReads === undefined) return undefined;
    const ahead: { step: number; index: number; files: StageFiles; paths: string[] }[] = [];
    for (const [offset, instruction] of run.stage.instructions.entries()) {
      const literal = literalImageSources(instruction, shared.escape);
      const stage = literal === undefined ? null : (this.#model?.findStage(literal.from, run.stage) ?? null);
      const files = stage === null ? undefined : this.#files.get(stage.index);
      // The stage's FROM is step `run.step + 1`, its instructions the steps after it.
      if (stage !== null && literal !== undefined && files !== undefined) ahead.push({ step: run.step + 2 + offset, index: stage.index, files, paths: literal.paths });
    }
    if (ahead.length === 0) return undefined;
    const stop = stopped.then(() => false);
    return (async () => {
      for (const { step, index, files, paths } of ahead) {
        const readable = await Promise.race([files.readable.then(() => true), stop]).catch(() => false);
        if (!readable || run.step >= step || this.#stageSignal?.aborted === true) continue;
        const names = await shared.accountNames();
        if (run.step >= step) continue;
        await this.#readStageFiles(index, files, paths, names).catch(() => undefined);
      }
    })();
  }

  /**
   * A failure that came from the engine going away after it had answered this build (its daemon
   * stopped or crashed, the connection dropped), told as one line: at which step, what was lost,
   * how to go on. Undefined for any other failure.
   */
  engineLost(error: unknown): EngineLostError | undefined {
    if (!this.#engineAnswered) return undefined;
    let lost: unknown = error;
    while (lost instanceof Error && !(lost instanceof EngineUnreachableError)) lost = lost.cause;
    if (!(lost instanceof EngineUnreachableError)) return undefined;
    const { step, text: stepText } = this.#failedStep ?? this.#lastStep;
    const firstLine = stepText.split("\n")[0] ?? "";
    const text = firstLine.length > 60 ? `${firstLine.slice(0, 59)}…` : firstLine;
    const when = step === 0 ? "before the first step" : `during step ${String(step)}/${String(this.#total)} (${text})`;
    const why = lost.reason === undefined ? "" : ` (${lost.reason})`;
    return new EngineLostError(
      `the Docker engine at ${lost.host} went away ${when}${why}: that step's unfinished work is lost (nothing of it was committed) and nothing was tagged; ` +
        "once the engine answers again, run the same build: the steps before it come from the build cache, and that build first removes what this one left on the engine",
      { location: error instanceof BuildError ? error.location : undefined, cause: error },
    );
  }

  #locate(instruction: Instruction): DockerfileLocation {
    return { file: this.#options.dockerfile.name, line: instruction.range.start.line, column: instruction.range.start.column };
  }

  #diagnosticError(diagnostic: Diagnostic): BuildError {
    const { line, column } = diagnostic.range.start;
    return new BuildError(diagnostic.message, { location: { file: this.#options.dockerfile.name, line, column } });
  }

  /**
   * The stage `--target` names (case-insensitive), else the last. The stages it needs come from
   * the model: its FROM and `COPY --from` stages, and theirs (the classic builder builds every
   * stage up to the target; BuildKit and dfbuild skip the rest).
   */
  #targetStage(model: SemanticModel): BuildStage {
    const name = this.#options.target;
    const target = model.targetStage(name);
    if (target === null) throw new BuildError(`target stage "${name ?? ""}" could not be found`);
    return target;
  }

  async #beginStage(run: StageRun, args: BuildArgs, dispatcher: Dispatcher, cache: BuildCache, version: { Os: string; Arch: string }): Promise<StageState> {
    const { stage } = run;
    const from = stage.from;
    this.#emitStep(run, from);
    const startedAt = Date.now();
    this.#checkFromFlags(from);
    // The base as the classic builder resolves it: the FROM expanded with the meta ARGs, then an
    // earlier stage of that name (case-insensitive), `scratch`, or an image.
    const base = stage.base;
    if (base.error !== null) throw new BuildError(base.error.message, { location: this.#locate(from) });
    const name = base.text;

    const display = stage.name ?? String(stage.index);
    const earlier = base.target === null ? undefined : this.#results[base.target.index];
    let state: StageState;
    if (earlier !== undefined) {
      // Built on the stage's working image and state, so its VOLUMEs stay out of the way here too.
      const config = configFromImage(earlier.state.config);
      state = this.#newState(display, earlier.state.imageId, earlier.imageId, config, [...earlier.state.volumes], earlier.state.platform, args);
      state.finalImage = earlier.state.finalImage;
      // Folded steps of that stage are not in its working image's history either.
      if (earlier.state.history !== undefined) state.history = [...earlier.state.history];
    } else if (base.resolution === "scratch") {
      // moby `getImageOrStage`: the empty base gets the stage's platform, else the engine's.
      const platform = this.#stagePlatforms.get(stage.index) ?? normalizePlatform({ os: version.Os, architecture: version.Arch });
      const image = await scratchImage(this.#engine, platform, this.#stageSignal);
      await this.#imageConfigs?.remember(scratchImageConfig(platform));
      state = this.#newState(display, image, image, configFromImage(null), [], platform, args);
    } else {
      const image = await this.#ensureImage(name, run, this.#stagePlatforms.get(stage.index)).catch((error: unknown) => {
        if (error instanceof BuildError && error.location === undefined) {
          throw new BuildError(error.message, { location: this.#locate(from), cause: error });
        }
        throw error;
      });
      // What `#ensureImage` just read of it, or read now.
      const inspected = this.#inspectedImages.get(image) ?? (await this.#engine.images.inspect(image, { signal: this.#stageSignal }));
      const config = configFromImage(inspected.Config);
      const platform = imagePlatform(inspected);
      const volumes = Object.keys(config.Volumes ?? {});
      if (volumes.length === 0) state = this.#newState(display, inspected.Id, inspected.Id, config, [], platform, args);
      else {
        // The base image's VOLUMEs would swallow what COPY writes under them (the engine mounts
        // them into every container); steps work on a copy of the base without them, and RUN gets
        // them as mounts, as for the Dockerfile's own VOLUMEs: the classic builder's COPY writes the
        // layer itself (moby `builder/dockerfile/copy.go`), where a container's archive upload under
        // a VOLUME path lands in the volume (`daemon/archive.go`).
        config.Volumes = null;
        const working = await this.#withoutVolumes(inspected.Id, { ...configOfImage(inspected.Config), Volumes: null }, cache);
        state = this.#newState(display, working, inspected.Id, config, volumes, platform, args);
      }
    }
    // BuildKit's --no-cache-filter names stages (dockerfile2llb: a stage's name against
    // IgnoreCache): their steps miss the cache, as after a changed step.
    if (stage.name !== null && (this.#options.noCacheStages ?? []).includes(stage.name)) state.cacheBusted = state.ignoreCache = true;
    const triggers = state.config.OnBuild ?? [];
    if (triggers.length > 0) {
      state.config.OnBuild = null;
      // A base image's triggers may name any earlier stage (`COPY --from`), which the model cannot
      // see: they run once every earlier stage is built, as in the classic builder's order.
      if (earlier === undefined) await this.#scheduler?.waitFor((this.#model?.stages ?? []).filter((other) => other.index < stage.index && this.#needed.has(other.index)).map((other) => other.index));
      this.#emit({ type: "triggers", step: run.step, stage: run.name, count: triggers.length });
      for (const trigger of triggers) {
        const parsed = parse(trigger);
        const failure = parsed.diagnostics.find((diagnostic) => diagnostic.severity === "error");
        const instruction = parsed.ast.instructions[0];
        if (failure !== undefined || instruction === undefined || parsed.ast.instructions.length !== 1) {
          throw new BuildError(`invalid ONBUILD trigger of the base image: ${failure?.message ?? trigger}`, { location: this.#locate(from) });
        }
        // A trigger's instruction reports errors at the FROM line that ran it.
        await dispatcher.dispatch(state, instruction, from);
      }
    }
    this.#emit({ type: "step-done", step: run.step, stage: run.name, imageId: state.changed ? state.imageId : state.baseImageId, cached: false, durationMs: Date.now() - startedAt });
    return state;
  }

  #checkFromFlags(from: FromInstruction): void {
    for (const flag of from.flags) {
      if (flag.name !== "platform") throw new BuildError(`unknown flag: ${flag.name}`, { location: this.#locate(from) });
    }
  }

  #newState(
    name: string,
    imageId: string,
    baseImageId: string,
    config: ImageConfig,
    volumes: string[],
    platform: { os: string; architecture: string },
    args: BuildArgs,
  ): StageState {
    return { name, imageId, baseImageId, changed: false, config, volumes, cmdSet: false, author: "", args: args.stage(), cacheBusted: false, ignoreCache: this.#options.noCache === true, platform };
  }

  /** The base image with no Volumes in its config (its stored config otherwise as it is). */
  async #withoutVolumes(image: string, wanted: ImageConfig, cache: BuildCache): Promise<string> {
    const key = stepKey({ parent: image, command: ["#(dfbuild) without volumes"], config: wanted });
    const hit = await cache.lookup(key, this.#stageSignal);
    if (hit !== undefined) return hit;
    const stored = await this.#imageConfigs?.get(image, this.#stageSignal);
    const result = await loadRewritten(await rewrittenImage(this.#engine, image, wanted, this.#stageSignal, stored), this.#loads, this.#stageSignal);
    await cache.store(key, result, image);
    return result;
  }

  /**
   * The stage's last image with exactly the config the Dockerfile gives it. When that takes a new
   * image (the engine's commit cannot make some configs, see image.ts), it is made the child of
   * the step image's parent, so that the chain of step images leads to it, as the classic
   * builder's final image is the last step's; the step image it replaces is removed at the end of
   * the build (`settleFinalImages`), or it would dangle.
   */
  async #finalize(stage: number, state: StageState, cache: BuildCache, isTarget: boolean): Promise<string> {
    // A stage that added nothing is its base image, untouched (not even the default PATH).
    if (!state.changed) return state.baseImageId;
    // The target's loads take the final images the other stages put off (below): those stages end
    // about when it does (their last step's container is read while it is committed), and the
    // build waits for them anyway.
    const scheduler = this.#scheduler;
    if (isTarget && scheduler !== undefined) {
      await this.#waitForStage(scheduler, Promise.all([...this.#needed].filter((index) => index !== stage).map((index) => scheduler.done(index))));
    }
    const wanted = withVolumes(state.config, state.volumes);
    // The images of the stage's last metadata steps, made from their configs, go to the engine now,
    // with the final image when it is made from the last of them.
    if (state.pending !== undefined) {
      const final = (await this.#finalizePending(stage, state, cache, isTarget, wanted)) ?? (await this.#finalizeFoldedPending(state, cache, wanted));
      if (final !== undefined) return final;
      await loadPendingImages({ engine: this.#engine, cache, signal: this.#stageSignal, imageLoads: this.#loads }, state);
    }
    const inspected = await this.#engine.images.inspect(state.imageId, { signal: this.#stageSignal });
    // The engine's commit gives an image the engine's own platform; a stage for another one (FROM
    // --platform=… scratch) has its platform put back, as the classic builder's child images
    // inherit their parent's (moby `image.NewChildImage`).
    const { platform } = state;
    const samePlatform = inspected.Os === platform.os && inspected.Architecture === platform.architecture && (inspected.Variant ?? "") === (platform.variant ?? "");
    // --fold-metadata: the entries of the folded steps go into this image's history (metadata-fold.ts).
    const folded = hasFoldedSteps(state);
    if (!folded && samePlatform && equivalentConfig(configOfImage(inspected.Config), wanted)) return state.imageId;
    const otherPlatform = samePlatform ? undefined : platform;
    const key = finalImageKey(state, wanted, otherPlatform);
    let image = this.#options.noCache === true ? undefined : await cache.lookup(key, this.#stageSignal);
    const parent = inspected.Parent ?? "";
    if (image === undefined) {
      const stored = await this.#imageConfigs?.get(state.imageId, this.#stageSignal);
      let link: { id: string; raw: Buffer } | undefined;
      if (!folded) {
        const parentRaw = parent === "" ? undefined : await this.#imageConfigs?.get(parent, this.#stageSignal);
        link = parentRaw === undefined ? undefined : { id: parent, raw: parentRaw };
      } else if (foldsIntoOneChild(state) && stored !== undefined) {
        // One folded step after the last image: the final image is that image's child, as the
        // step's own image would be. With more, it has no parent, as BuildKit's images have none.
        link = { id: state.imageId, raw: stored };
      }
      const history = folded ? (entries: readonly unknown[]) => foldedHistory(entries, state) : undefined;
      const rewritten = await rewrittenImage(this.#engine, state.imageId, wanted, this.#stageSignal, stored, otherPlatform, link, history);
      const made = rewritten.id;
      const stepImage = state.imageId;
      image = made;
      // Nothing in the build reads the final image of a stage other than the target before its end
      // (a `COPY --from` reads its last step's, `#stageImage` asks for it): its load is put off, to
      // go with the target's (image-loads.ts).
      if (!isTarget) this.#loads.defer(rewritten, () => cache.store(key, made, stepImage));
      else {
        await loadRewritten(rewritten, this.#loads, this.#stageSignal);
        await cache.store(key, made, stepImage);
      }
    }
    const step = state.lastStep;
    // A folded final image replaces no step image: it is not the last step image's sibling.
    if (!folded && step?.image === state.imageId && parent !== "") this.#replaced.push({ stage, step: { ...step }, parent, final: image, isTarget });
    return image;
  }

  /**
   * `#finalize` for a stage whose last step's image is still pending (made from its config, see
   * step.ts): its config is at hand, so the final image, when the Dockerfile's config differs from
   * it (its VOLUMEs), is made from it and loaded with the pending images, in the same request,
   * as the child of the last step's parent — what `#finalize` makes otherwise, one load fewer.
   * Undefined when the final image is the last step's own, or is not made that way (another
   * platform, folded steps, a cache hit, an engine that refused the load): `#finalize` goes on.
   */
  async #finalizePending(stage: number, state: StageState, cache: BuildCache, isTarget: boolean, wanted: ImageConfig): Promise<string | undefined> {
    const step = state.lastStep;
    if (step?.image !== state.imageId || hasFoldedSteps(state)) return undefined;
    const pending = lastPendingOnPlatform(state);
    if (pending === undefined) return undefined;
    const { last, stored } = pending;
    if (equivalentConfig(configOfImage(stored.config as ContainerConfig | undefined), wanted)) return undefined;
    // The key `#finalize` gives it, so that either way finds the other's image.
    const key = finalImageKey(state, wanted);
    if (this.#options.noCache !== true && (await cache.lookup(key, this.#stageSignal)) !== undefined) return undefined;
    const raw = Buffer.from(JSON.stringify(withConfig(stored, wanted)));
    try {
      await loadPendingImages({ engine: this.#engine, cache, signal: this.#stageSignal, imageLoads: this.#loads }, state, raw);
    } catch (error) {
      // The load with the final image failed as a whole: the pending images alone, then as usual.
      if (!loadRefused(error, this.#stageSignal)) throw error;
      return undefined;
    }
    const image = (await this.#imageConfigs?.remember(raw)) ?? configDigest(raw);
    await cache.store(key, image, state.imageId);
    this.#replaced.push({ stage, step: { ...step }, parent: last.parent, final: image, isTarget });
    return image;
  }

  /**
   * `#finalize` under `--fold-metadata` for a stage whose last image is still pending: its stored
   * config is at hand, so the final image (the folded steps' history entries put back) is made
   * from it as `#finalize` makes it and goes to the engine in the same request as the pending
   * images, one load fewer. Undefined when that does not hold (another platform, a cache hit, an
   * engine that refused the load): `#finalize` goes on.
   */
  async #finalizeFoldedPending(state: StageState, cache: BuildCache, wanted: ImageConfig): Promise<string | undefined> {
    if (!hasFoldedSteps(state)) return undefined;
    const last = lastPendingOnPlatform(state)?.last;
    if (last === undefined || configDigest(last.raw) !== state.imageId) return undefined;
    // The key `#finalize` gives it on the same platform, so that either way finds the other's image.
    const key = finalImageKey(state, wanted);
    if (this.#options.noCache !== true && (await cache.lookup(key, this.#stageSignal)) !== undefined) return undefined;
    const link = foldsIntoOneChild(state) ? { id: state.imageId, raw: last.raw } : undefined;
    const rewritten = await rewrittenImage(this.#engine, state.imageId, wanted, this.#stageSignal, last.raw, undefined, link, (entries) => foldedHistory(entries, state));
    const stepImage = state.imageId;
    try {
      await loadPendingImages({ engine: this.#engine, cache, signal: this.#stageSignal, imageLoads: this.#loads }, state, undefined, [rewritten.archive]);
    } catch (error) {
      // Refused as a whole (the link, say): the pending images alone, then as usual.
      if (!loadRefused(error, this.#stageSignal)) throw error;
      return undefined;
    }
    await cache.store(key, rewritten.id, stepImage);
    return rewritten.id;
  }

  /**
   * Once the build is done and published (`--cache-to` exports the step images themselves),
   * removes the step images that final images replaced (see `#finalize`), so that a build leaves
   * no more dangling images than the classic builder: the step image goes when nothing else needs
   * it (no tag, no child: the engine refuses otherwise), and the build cache then records the
   * final image for that step. A step image that stays (a later stage is built on it) makes the
   * final image of a stage that is not the target the only dangling one: that goes instead.
   * Images this build did not make a final image for, or that someone tagged, are left alone.
   */
  async settleFinalImages(): Promise<void> {
    // A record still being gathered may read a stage's image through a container (`COPY --from`):
    // done first, so that neither holds up the other's image.
    await this.#misses?.settled();
    // A container made from a step image to read it (`COPY --from` reads a stage's last step
    // image, see `#stageSources`) keeps that image from going: its removal ends first.
    await this.#containers.removalsDone();
    const signal = this.#options.signal;
    const cache = this.#cache;
    if (cache === undefined) return;
    const removeIfUnused = async (image: string): Promise<boolean> => {
      try {
        const inspected = await this.#engine.images.inspect(image, { signal });
        // A tag, or a digest reference (a step `--cache-to` pushed): someone else's, or the registry cache's.
        if ((inspected.RepoTags ?? []).length > 0 || (inspected.RepoDigests ?? []).length > 0) return false;
        await this.#engine.images.remove(image, { noprune: true, signal });
        return true;
      } catch (error) {
        // 409: a child, a container or a tag needs it; 404: gone already.
        if (error instanceof EngineError && (error.status === 409 || error.status === 404)) return false;
        throw error;
      }
    };
    // In the Dockerfile's order, whatever order the stages ended in.
    for (const { step, parent, final, isTarget } of this.#replaced.splice(0).sort((a, b) => a.stage - b.stage)) {
      // A final image that is not in the chain (made before dfbuild linked them) needs the step image.
      if ((await this.#engine.images.inspect(final, { signal })).Parent !== parent) continue;
      if (await removeIfUnused(step.image)) await cache.store(step.key, final, step.parent, { final: true });
      else if (!isTarget) await removeIfUnused(final);
    }
  }

  /**
   * The image of an earlier stage for `COPY --from`, by name (case-insensitive) or index as the
   * classic builder's `stagesBuildResults.get` finds it; undefined for an image reference. Triggers
   * of a base image's ONBUILD come here too, so the lookup is by the reference, not by the model's
   * resolution of one instruction.
   */
  async #stageImage(reference: string, current: string, building: BuildStage): Promise<string | undefined> {
    const stage = this.#model?.findStage(reference, building);
    // An earlier stage this build builds is waited for: stages start before those they copy from end.
    if (stage && this.#needed.has(stage.index) && this.#results[stage.index] === undefined && this.#scheduler !== undefined) {
      await this.#waitForStage(this.#scheduler, this.#scheduler.done(stage.index));
    }
    const result = stage ? this.#results[stage.index] : undefined;
    if (result !== undefined) {
      // Its final image may have been put off (`#finalize`): a mount or a copy needs it now.
      await this.#loads.ensure(result.imageId, this.#stageSignal);
      return result.imageId;
    }
    if (!/^\d+$/.test(reference)) return undefined;
    throw new BuildError(`invalid from flag value ${reference}: refers to current build stage (${current}) or one that was not built`);
  }

  /**
   * The sources at `paths` of an earlier stage for `COPY --from`, read from its files
   * (`StageFiles`) as soon as it has them, else from its image once it is built (`#stageImage`).
   * The files are the final image's, so the digests and the copy are the same; only the stage's
   * config is not final yet. Undefined when the reference names an image.
   */
  async #stageSources(reference: string, current: string, building: BuildStage, paths: readonly string[], names: AccountNames): Promise<CopySource[] | undefined> {
    const stage = this.#model?.findStage(reference, building);
    const files = stage ? this.#files.get(stage.index) : undefined;
    if (stage === null || stage === undefined || files === undefined || this.#scheduler === undefined) {
      const image = await this.#stageImage(reference, current, building);
      return image === undefined ? undefined : this.#readImageSources(image, paths, names);
    }
    await this.#waitForStage(this.#scheduler, files.readable);
    return this.#readStageFiles(stage.index, files, paths, names);
  }

  /** The sources at `paths` of an image, read once per build (`ImageSourceReads`). */
  #readImageSources(image: string, paths: readonly string[], names: AccountNames): Promise<CopySource[]> {
    const shared = this.#requireShared();
    const read = (): Promise<CopySource[]> => imageSources(shared.engine, shared.containers, image, paths, names, shared.signal, shared.imageSourceDigests, shared.keptSourceBytes);
    return shared.imageSourceReads?.read(image, paths, read) ?? read();
  }

  /**
   * The sources at `paths` of a stage whose files are readable (`StageFiles.readable`), read once
   * per build: from its last container while it is committed when that is still under way and no
   * path read is one the commit does not keep (`readableBeforeCommit`), else from its image.
   */
  #readStageFiles(index: number, files: StageFiles, paths: readonly string[], names: AccountNames): Promise<CopySource[]> {
    const shared = this.#requireShared();
    const read = async (): Promise<CopySource[]> => {
      const beforeCommit = files.image === undefined ? files.beforeCommit : undefined;
      const reading = beforeCommit?.read((container) =>
        imageSources(
          shared.engine,
          shared.containers,
          { container, image: beforeCommit.image, readable: readableBeforeCommit, recorded: (done) => { beforeCommit.keep(done); } },
          paths,
          names,
          shared.signal,
          shared.imageSourceDigests,
          shared.keptSourceBytes,
        ),
      );
      if (reading !== undefined) {
        try {
          return await reading;
        } catch (error) {
          if (!(error instanceof UnreadableBeforeCommit)) throw error;
        }
      }
      return this.#readImageSources(files.image ?? (await files.promise), paths, names);
    };
    // By stage, not image: the stage's image may not exist yet.
    return shared.imageSourceReads?.read(`stage ${String(index)}`, paths, read) ?? read();
  }

  #requireShared(): SharedServices {
    if (this.#shared === undefined) throw new Error("the build's services are not set up yet");
    return this.#shared;
  }

  /**
   * Waits for another stage (its files or its result) without holding a place among the stages
   * running at once. When that stage fails, this one stops once the build is stopping: with the
   * build's first failure, which that stage reports (its step, its location), as the scheduler's
   * signal carries it.
   */
  async #waitForStage<R>(scheduler: StageScheduler<StageResult>, work: Promise<R>): Promise<R> {
    try {
      return await scheduler.wait(work);
    } catch (error) {
      const signal = scheduler.signal;
      if (!signal.aborted) {
        await new Promise((resolve) => {
          signal.addEventListener("abort", resolve, { once: true });
        });
      }
      throw signal.reason ?? error;
    }
  }

  /**
   * The image for a reference, pulled when the policy says so. With a platform (`--platform`, or
   * the stage's `FROM --platform`), the pull asks for it and the image must match it, as moby's
   * image service checks (`daemon/images/image.go` `GetImage`, containerd's `platforms.Only`): a
   * local image of another platform is pulled again for this one.
   */
  #ensureImage(reference: string, run: StageRun, platform?: Platform): Promise<string> {
    const key = `${reference}\0${platform === undefined ? "" : formatPlatform(platform)}`;
    let ensured = this.#ensured.get(key);
    if (ensured === undefined) {
      ensured = this.#lookUpImage(reference, run, platform);
      this.#ensured.set(key, ensured);
    }
    return ensured;
  }

  /** `#ensureImage`'s work, once per reference and platform in a build. */
  async #lookUpImage(reference: string, run: StageRun, platform?: Platform): Promise<string> {
    const policy = this.#options.pull ?? "missing";
    const signal = this.#stageSignal;
    let mismatch: ImageInspect | undefined;
    if (policy !== "always") {
      try {
        const local = await this.#engine.images.inspect(reference, { signal });
        this.#inspectedImages.set(local.Id, local);
        if (platform === undefined || platformMatches(platform, imagePlatform(local))) return local.Id;
        mismatch = local;
      } catch (error) {
        if (!(error instanceof EngineError && error.status === 404)) throw error;
      }
      if (policy === "never") {
        if (mismatch !== undefined && platform !== undefined) throw platformMismatch(reference, platform, mismatch, "and --pull=never forbids pulling it");
        throw new BuildError(`image ${reference} is not present on the engine, and --pull=never forbids pulling it`);
      }
    }
    try {
      const options = platform === undefined ? { signal } : { signal, platform: formatPlatform(platform) };
      for await (const event of this.#engine.images.pull(reference, options)) {
        const text = [event.id, event.status].filter((part) => typeof part === "string" && part !== "").join(": ");
        if (text !== "" && event.progressDetail?.current === undefined) this.#emit({ type: "message", step: run.step, stage: run.name, text });
      }
    } catch (error) {
      if (signal?.aborted === true) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      if (mismatch !== undefined && platform !== undefined) throw platformMismatch(reference, platform, mismatch, `and pulling ${formatPlatform(platform)} failed: ${reason}`);
      throw new BuildError(`pull access to ${reference} failed: ${reason}`, { cause: error });
    }
    const pulled = await this.#engine.images.inspect(reference, { signal });
    this.#inspectedImages.set(pulled.Id, pulled);
    if (platform !== undefined && !platformMatches(platform, imagePlatform(pulled))) throw platformMismatch(reference, platform, pulled, "(the registry has no image for it)");
    return pulled.Id;
  }

  /**
   * Each needed stage's platform, and the engine's ability to run it, before any step: a stage
   * that RUNs on a platform the engine can run neither natively nor through an emulator fails now,
   * not at its RUN with the kernel's "exec format error".
   */
  async #checkPlatforms(model: SemanticModel, needed: ReadonlySet<number>): Promise<void> {
    for (const stage of model.stages) {
      if (!needed.has(stage.index)) continue;
      let platform = this.#platform;
      let source = platform === undefined ? "" : `--platform ${formatPlatform(platform)}`;
      const flag = stage.from.flags.find((candidate) => candidate.name === "platform");
      if (flag !== undefined && stage.platform !== null) {
        try {
          platform = parsePlatform(stage.platform, this.#enginePlatform);
        } catch (error) {
          // moby `initializeStage`: "failed to parse platform %s".
          if (error instanceof PlatformError) {
            throw new PlatformError(`failed to parse platform ${stage.platform}: ${error.message}`, error.code, this.#locate(stage.from));
          }
          throw error;
        }
        source = `FROM --platform=${stage.platform}`;
      }
      this.#stagePlatforms.set(stage.index, platform);
      if (platform === undefined) continue;
      if (platform.os !== this.#enginePlatform.os) {
        throw new PlatformError(
          `${source}: the engine runs ${this.#enginePlatform.os} containers and cannot build ${platform.os} images`,
          "DFB_PLATFORM_UNSUPPORTED",
          this.#locate(stage.from),
        );
      }
      const run = stage.instructions.find((instruction) => instruction.type === "Run");
      if (run === undefined || platformMatches(this.#enginePlatform, platform)) continue;
      // binfmt_misc registrations belong to the engine's kernel: readable only when it runs here.
      if (this.#engine.host.startsWith("unix://") && (await hasEmulator(platform))) continue;
      const where = this.#engine.host.startsWith("unix://") ? "no emulator for it is registered with the kernel (binfmt_misc)" : "it is not on this machine, so dfbuild cannot see its emulators";
      throw new PlatformError(
        `${source}: the engine runs ${formatPlatform(this.#enginePlatform)} and cannot run ${formatPlatform(platform)} programs, which the RUN at ${run.range.start.line}:${run.range.start.column} needs: ${where}. ` +
          `Register one (docker run --privileged --rm tonistiigi/binfmt --install ${platform.architecture}, or Debian's qemu-user-static), or build for ${formatPlatform(this.#enginePlatform)}`,
        "DFB_PLATFORM_UNSUPPORTED",
        this.#locate(stage.from),
      );
    }
  }

}

/** A stage's files, not yet known (`StageFiles`); the first `resolve` or `reject` counts. */
function stageFiles(): StageFiles {
  let resolve: (image: string) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  let readable: () => void = () => undefined;
  let unreadable: (error: unknown) => void = () => undefined;
  const files: StageFiles = {
    promise: new Promise<string>((yes, no) => {
      resolve = yes;
      reject = no;
    }),
    readable: new Promise<void>((yes, no) => {
      readable = yes;
      unreadable = no;
    }),
    resolve: (image) => {
      files.image ??= image;
      resolve(image);
      readable();
    },
    reject: (error) => {
      reject(error);
      unreadable(error);
    },
    offer: (container) => {
      files.beforeCommit ??= container;
      readable();
    },
  };
  // A stage that fails before another read its files: the failure is reported by the stage.
  files.promise.catch(() => undefined);
  files.readable.catch(() => undefined);
  return files;
}

/**
 * The cache key of a stage's final image, made by `#finalize` or, from its pending images, by
 * `#finalizePending` / `#finalizeFoldedPending`: one key, so that each finds the others' image.
 * `otherPlatform`: the stage's platform when its last image is on another one.
 */
function finalImageKey(state: StageState, wanted: ImageConfig, otherPlatform?: Platform): string {
  const extra = hasFoldedSteps(state) ? { platform: otherPlatform ?? null, history: foldedHistoryKey(state) } : otherPlatform;
  return stepKey({ parent: state.imageId, command: ["#(dfbuild) finalize"], config: wanted, extra });
}

/** The stage's last pending image and its stored config, when that config is on the stage's platform. */
function lastPendingOnPlatform(state: StageState): { last: PendingImages["images"][number]; stored: Record<string, unknown> } | undefined {
  const last = state.pending?.images.at(-1);
  if (last === undefined) return undefined;
  const stored = JSON.parse(last.raw.toString("utf8")) as Record<string, unknown>;
  const { platform } = state;
  if (stored.os !== platform.os || stored.architecture !== platform.architecture || (stored.variant ?? "") !== (platform.variant ?? "")) return undefined;
  return { last, stored };
}

/** A stage as events name it: its `AS` name, else its index. */
function stageName(stage: BuildStage): string {
  return stage.name ?? String(stage.index);
}

/** Whether two of the stages need neither the other (directly or through others), so may run at once. */
function hasIndependentStages(stages: readonly BuildStage[]): boolean {
  const ancestors = new Map<number, Set<number>>();
  for (const stage of stages) {
    const all = new Set<number>();
    for (const dependency of stage.dependencies) {
      all.add(dependency.index);
      for (const further of ancestors.get(dependency.index) ?? []) all.add(further);
    }
    ancestors.set(stage.index, all);
  }
  return stages.some((stage, position) => stages.slice(0, position).some((earlier) => !(ancestors.get(stage.index)?.has(earlier.index) ?? false)));
}

function imagePlatform(image: ImageInspect): Platform {
  return typeof image.Variant === "string" && image.Variant !== ""
    ? { os: image.Os, architecture: image.Architecture, variant: image.Variant }
    : { os: image.Os, architecture: image.Architecture };
}

/** moby's words (`daemon/images/image.go` `GetImage`), and what dfbuild tried about it. */
function platformMismatch(reference: string, wanted: Platform, image: ImageInspect, tried: string): PlatformError {
  return new PlatformError(
    `image with reference ${reference} was found but does not match the specified platform: wanted ${formatPlatform(wanted)}, actual: ${formatPlatform(imagePlatform(image))} ${tried}`,
    "DFB_PLATFORM_MISMATCH",
  );
}

/**
 * The `# syntax=` directive: BuildKit runs the image it names as the frontend. dfbuild is a
 * Dockerfile frontend itself, so the standard one (`docker/dockerfile`, any 1.x tag or digest, as
 * `docker.io/docker/dockerfile` too) is accepted and ignored; another frontend's syntax is not
 * Dockerfile syntax dfbuild can read.
 */
function checkSyntaxDirective(directives: readonly Directive[], file: string): void {
  const directive = directives.find((candidate) => candidate.name === "syntax");
  if (directive === undefined) return;
  const value = directive.value.trim();
  const match = /^(?:(?:docker\.io|registry-1\.docker\.io|index\.docker\.io)\/)?docker\/dockerfile(?::([^@\s]+))?(?:@sha256:[0-9a-f]{64})?$/.exec(value);
  const tag = match?.[1];
  if (match !== null && (tag === undefined || /^1(?:[.-]|$)/.test(tag) || tag === "latest" || tag === "labs" || tag === "experimental")) return;
  const location = { file, line: directive.range.start.line, column: directive.valueRange.start.column };
  const what = match !== null
    ? `the Dockerfile asks for frontend ${value}, a version of docker/dockerfile dfbuild does not know (dfbuild reads the Dockerfile 1.x syntax)`
    : `the Dockerfile asks for frontend ${value}: dfbuild builds Dockerfiles with its own frontend, the docker/dockerfile 1.x syntax, and cannot run another (remove the syntax line, or build with BuildKit)`;
  throw new FrontendError(what, { location });
}

/** Splits `name[:tag]` (a colon before the last slash is a registry port), defaulting to `latest`. */
export function splitTag(reference: string): { repo: string; tag: string } {
  const colon = reference.lastIndexOf(":");
  if (colon > reference.lastIndexOf("/")) return { repo: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repo: reference, tag: "latest" };
}
