/**
 * Runs builds and single instructions against the in-memory `FakeEngine`, for the handlers' unit
 * tests: a context directory and a cache directory of the test's own, removed when it ends.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ContainerConfig } from "@dfbuild/engine";
import { IgnoreMatcher, parse } from "@dfbuild/parser";
import { onTestFinished } from "vitest";
import { BuildArgs, type BuildArgValues } from "./args.js";
import { type BuildOptions, type BuildResult, build } from "./build.js";
import { BuildCache } from "./cache.js";
import { configFromImage } from "./config.js";
import { ContainerSet } from "./containers.js";
import { BuildContext } from "./context.js";
import { imageSources, localAccountNames } from "./copy.js";
import { BuildError } from "./errors.js";
import { Dispatcher } from "./evaluator.js";
import type { BuildEvent, StepEvent } from "./events.js";
import { FakeEngine, type FakeFile, type FakeImage } from "./fake-engine.test-helper.js";
import { CacheVolumes } from "./mounts/cache-volumes.js";
import { type SecretSource, SecretStore } from "./mounts/secrets.js";
import type { SshSource } from "./mounts/ssh-agent.js";
import { VolumeSet } from "./mounts/volume-set.js";
import type { RunHostConfig } from "./run-host-config.js";
import type { StageState } from "./stage-state.js";

export const BASE = "base:test";

/** A directory removed when the test ends. */
export async function temporaryDirectory(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Writes a build context: file name → content. */
export async function contextDirectory(files: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = await temporaryDirectory("dfbuild-unit-ctx-");
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

/** An engine with a base image `base:test` (a shell-less filesystem with /etc/passwd and /etc/group). */
export function engineWithBase(config: ContainerConfig = {}, files: Record<string, string | FakeFile> = {}): FakeEngine {
  const engine = new FakeEngine();
  engine.addImage(BASE, {
    config: { Env: ["PATH=/usr/bin:/bin"], ...config },
    files: { "/etc/passwd": "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n", "/etc/group": "root:x:0:\napp:x:1000:\n", ...files },
  });
  return engine;
}

export interface FakeBuildOutcome {
  result: BuildResult | undefined;
  error: BuildError | undefined;
  events: BuildEvent[];
  /** The built image, as the fake engine holds it. */
  image: FakeImage | undefined;
}

/** Builds a Dockerfile with `build()` against the fake engine. A failure is returned, not thrown. */
export async function fakeBuild(
  engine: FakeEngine,
  dockerfile: string,
  options: { files?: Record<string, string | Buffer>; cacheDir?: string; contextDir?: string } & Partial<Omit<BuildOptions, "engine" | "context" | "dockerfile">> = {},
): Promise<FakeBuildOutcome> {
  const { files, contextDir, ...rest } = options;
  const events: BuildEvent[] = [];
  // `contextDir`: a context the test made (and keeps across builds), used as it is.
  const context = contextDir ?? (await contextDirectory({ Dockerfile: dockerfile, ...files }));
  const cacheDir = rest.cacheDir ?? (await temporaryDirectory("dfbuild-unit-cache-"));
  try {
    const result = await build({
      engine,
      context,
      dockerfile: { name: "Dockerfile", text: dockerfile },
      ...rest,
      cacheDir,
      onEvent: (event) => events.push(event),
    });
    return { result, error: undefined, events, image: engine.image(result.imageId) };
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    return { result: undefined, error, events, image: undefined };
  }
}

/**
 * One stage on `base:test`, dispatching instructions one at a time through the evaluator, as
 * moby's dispatcher tests call `dispatch` with a fresh `dispatchRequest`.
 */
export class StageHarness {
  readonly engine: FakeEngine;
  readonly state: StageState;
  /** What the steps reported, in order. */
  /** The events the steps emitted (`build()` adds their stage). */
  readonly events: StepEvent[];
  /** The build cache's directory: another harness given it (and the engine) sees the same cache. */
  readonly cacheDir: string;
  readonly #dispatcher: Dispatcher;

  private constructor(engine: FakeEngine, state: StageState, dispatcher: Dispatcher, events: StepEvent[], cacheDir: string) {
    this.engine = engine;
    this.state = state;
    this.#dispatcher = dispatcher;
    this.events = events;
    this.cacheDir = cacheDir;
  }

  static async create(
    options: {
      engine?: FakeEngine;
      files?: Record<string, string | Buffer>;
      buildArgs?: BuildArgValues;
      noCache?: boolean;
      cacheDir?: string;
      secrets?: SecretSource[];
      ssh?: SshSource[];
      env?: Record<string, string>;
      /** The build's `--network`. */
      network?: string;
      /** The build's RUN container options (`--add-host`, `--shm-size`…). */
      runHostConfig?: RunHostConfig;
      /** Earlier stages by name, as image references of the engine. */
      stages?: Record<string, string>;
    } = {},
  ): Promise<StageHarness> {
    const engine = options.engine ?? engineWithBase();
    const base = engine.image(BASE);
    if (base === undefined) throw new Error("the engine has no base:test image");
    const context = await contextDirectory(options.files);
    const cacheDir = options.cacheDir ?? (await temporaryDirectory("dfbuild-unit-cache-"));
    const containers = new ContainerSet(engine, undefined);
    const cache = new BuildCache(engine, cacheDir, "FAKE");
    const events: StepEvent[] = [];
    const state: StageState = {
      name: "0",
      imageId: base.id,
      baseImageId: base.id,
      changed: false,
      config: configFromImage(base.config),
      volumes: [],
      cmdSet: false,
      author: "",
      args: new BuildArgs(options.buildArgs ?? new Map(), new Map()).stage(),
      cacheBusted: false,
      ignoreCache: options.noCache === true,
      platform: { os: "linux", architecture: "amd64" },
    };
    const stages = options.stages ?? {};
    const dispatcher = new Dispatcher({
      engine,
      containers,
      volumes: new VolumeSet(engine, containers.buildId, undefined),
      cacheVolumes: new CacheVolumes(engine, containers),
      secrets: new SecretStore(options.secrets ?? [], options.env ?? {}),
      ssh: new Map((options.ssh ?? []).map((source) => [source.id, source])),
      isStageName: (reference) => reference in stages,
      context: new BuildContext(context, IgnoreMatcher.fromFile("")),
      cache,
      noCache: options.noCache === true,
      escape: "\\",
      network: options.network ?? "default",
      runHostConfig: options.runHostConfig ?? {},
      signal: undefined,
      emit: (event) => events.push(event),
      step: () => 1,
      locate: (instruction) => ({ file: "Dockerfile", line: instruction.range.start.line, column: instruction.range.start.column }),
      stageImage: (reference) => {
        const image = stages[reference];
        return Promise.resolve(image === undefined ? undefined : engine.image(image)?.id);
      },
      copyFromSources: (reference, _current, paths, names) => {
        const image = stages[reference];
        const id = (image === undefined ? undefined : engine.image(image)?.id) ?? engine.image(reference)?.id ?? reference;
        return imageSources(engine, containers, id, paths, names);
      },
      ensureImage: (reference) => Promise.resolve(engine.image(reference)?.id ?? reference),
      accountNames: () => localAccountNames(engine.host),
      withoutVolumes: (image) => Promise.resolve(image),
    });
    return new StageHarness(engine, state, dispatcher, events, cacheDir);
  }

  /**
   * Dispatches the instructions of `text` (after an implicit `FROM base:test` on line 1, so the
   * first instruction is on line 2); resolves to whether each came from the cache.
   */
  async dispatch(text: string): Promise<boolean[]> {
    const { ast, diagnostics } = parse(`FROM ${BASE}\n${text}`);
    const error = diagnostics.find((diagnostic) => diagnostic.severity === "error");
    if (error !== undefined) throw new Error(`the test's Dockerfile does not parse: ${error.message}`);
    const cached: boolean[] = [];
    for (const instruction of ast.stages[0]?.instructions ?? []) cached.push(await this.#dispatcher.dispatch(this.state, instruction));
    return cached;
  }

  /** Dispatches and returns the failure (a test of an error). */
  async failure(text: string): Promise<BuildError> {
    try {
      await this.dispatch(text);
    } catch (error) {
      if (error instanceof BuildError) return error;
      throw error;
    }
    throw new Error(`dispatching ${JSON.stringify(text)} did not fail`);
  }

  /** The current image of the stage. */
  image(): FakeImage {
    const image = this.engine.image(this.state.imageId);
    if (image === undefined) throw new Error("the stage's image is gone");
    return image;
  }

  /** The history line the last step added. */
  lastCreatedBy(): string {
    return this.image().history.at(-1)?.created_by ?? "";
  }
}
