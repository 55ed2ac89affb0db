/**
 * The machinery every step shares, as the classic builder's `commit`/`probeCache`/`create` in
 * `builder/dockerfile/internals.go`: probe the build cache; on a miss create the step's container,
 * let the instruction act on it, commit it with the stage's config, and remove it.
 *
 * A step that changes no file (ENV, LABEL, CMD… and WORKDIR on an existing directory) makes the
 * same image without a container: the classic builder's commit of a never-started container only
 * writes a config with one more history entry, so the builder writes that config itself and loads
 * it (image.ts `imageChainArchive`), instead of a create, a commit and a remove. Such images are
 * loaded when something needs them — the next step that takes a container, or the stage's end —
 * all those of consecutive metadata steps in one request (`loadPendingImages`): an image's ID is
 * its config's digest, so later steps build on it before the engine has it.
 * With `--fold-metadata` such a step makes no image at all (metadata-fold.ts).
 *
 * A COPY or ADD whose layer the builder can build itself (copy.ts `copyLayer`) makes its image the
 * same way, its config naming that layer, sent in the same load: no container, archive upload or
 * commit.
 */
import { createHash } from "node:crypto";
import type { ContainerCreateBody } from "@dfbuild/engine";
import { stepKey } from "./cache.js";
import { type StepFacts, describeCacheMiss, sourceFacts } from "./cache-miss.js";
import type { CopyLayer, CopySource } from "./copy.js";
import { type ImageConfig, commitBody, shellOf, withVolumes } from "./config.js";
import { type ImageArchive, imageChainArchive, loadArchives } from "./image.js";
import { configDigest, metadataImageConfig } from "./image-configs.js";
import { mountsInto } from "./copy-from-ahead.js";
import { endPathProbe, keepPathProbe } from "./layer-paths.js";
import { recordFoldedStep, recordImageStep } from "./metadata-fold.js";
import type { BuildServices } from "./instructions/request.js";
import type { PendingLayer, StageState } from "./stage-state.js";

/** How a step's container is made and what is done to it before the commit. */
export interface StepSpec {
  /** The container's Cmd, which becomes the history's `created_by`. */
  command: string[];
  /** Fields of the container beyond Image, Cmd and the state's Env/User/WorkingDir. */
  container?: Partial<ContainerCreateBody>;
  /** Runs on a cache miss, before the commit. */
  act?: (container: string) => Promise<void>;
  /** What else the result depends on (for the cache key). */
  extra?: unknown;
  /** COPY and ADD: the classic builder makes no container for them, so it says nothing of one. */
  silentContainer?: boolean;
  /** The commit body's Entrypoint when it must differ from the state's (see RUN). */
  commitEntrypoint?: string[] | null;
  /**
   * Runs on a cache miss, before the container is made: what the container needs that costs
   * something to make (RUN's mounts). `release`, when there is one, runs once the container is
   * gone, whatever happened.
   */
  prepare?: () => Promise<StepResources>;
  /**
   * The step changes no file, so its image can be made from a config alone: `true`, or a check
   * that resolves to whether that holds this time (WORKDIR: whether the directory exists).
   */
  changesNoFile?: boolean | (() => Promise<boolean>);
  /** COPY/ADD: the sources read, so that a miss can say which file changed. */
  sources?: readonly CopySource[];
  /**
   * COPY/ADD, WORKDIR: the step's layer built here, when it can be (copy.ts `copyLayer`,
   * workdir.ts `workdirLayer`); the image is then made from a config and that layer, without a
   * container. Undefined from it: the step takes its container as usual.
   */
  layer?: () => Promise<CopyLayer | undefined>;
}

export interface StepResources {
  /** Replaces `StepSpec.container`. */
  container: Partial<ContainerCreateBody>;
  commitEntrypoint?: string[] | null;
  release?: () => Promise<void>;
}

/**
 * A metadata instruction: a never-started container whose Cmd is the classic `#(nop)` comment
 * (`withCmdComment`: the shell, `"#(nop) "`, then the comment, so history shows two spaces).
 */
export function metadataStep(services: BuildServices, state: StageState, comment: string): Promise<boolean> {
  return commitStep(services, state, { command: [...shellOf(state.config), "#(nop) ", comment], changesNoFile: true });
}

/** Probes the cache, else makes the step's image; updates `state.imageId`. Resolves to "was cached". */
export async function commitStep(services: BuildServices, state: StageState, spec: StepSpec): Promise<boolean> {
  const fold = services.foldMetadata === true && spec.changesNoFile !== undefined && spec.changesNoFile !== false;
  // A step that changes no file has no image of its own to find in the cache, nor to make.
  if (fold && spec.changesNoFile === true) {
    recordFoldedStep(state, spec.command, new Date());
    return false;
  }
  // Whatever else the step does may need the stage's image on the engine (a container made from
  // it); a step that may make its layer here loads them once it knows it takes a container.
  if (spec.changesNoFile !== true && spec.layer === undefined) await loadPendingImages(services, state);
  const step = services.step();
  const stepConfig = withVolumes(state.config, state.volumes);
  const key = stepKey({ parent: state.imageId, command: spec.command, config: stepConfig, extra: { author: state.author, step: spec.extra ?? null } });
  // A stage built beside this one may be making this very step: wait for its image (`claim`).
  const release = services.noCache || state.cacheBusted ? undefined : await services.cache.claim(key);
  try {
    return await probeOrMakeStep(services, state, spec, { fold, step, stepConfig, key });
  } finally {
    release?.();
  }
}

/** `commitStep` once the step has its number and key. */
async function probeOrMakeStep(
  services: BuildServices,
  state: StageState,
  spec: StepSpec,
  { fold, step, stepConfig, key }: { fold: boolean; step: number; stepConfig: ImageConfig; key: string },
): Promise<boolean> {
  const { engine, containers, cache, emit, signal } = services;
  const misses = services.misses;
  const slot = misses?.slot(step);
  // What the key was made of, for saying why a later build missed: worked out only when needed.
  const parent = state.imageId;
  // Only the args the key records: the undeclared proxy args are in no key (and stored nowhere,
  // not even in the cache directory — moby `IsReferencedOrNotBuiltin`).
  const args = Object.fromEntries([...state.args.effective(state.config.Env)].filter(([name]) => state.args.isRecorded(name)));
  let known: Promise<StepFacts> | undefined;
  const facts = (): Promise<StepFacts> =>
    (known ??= (async () => ({
      parent,
      instruction: spec.command.join(" "),
      args,
      config: stepConfig,
      sources: spec.sources === undefined ? undefined : await sourceFacts(spec.sources),
    }))());
  if (!services.noCache && !state.cacheBusted) {
    // The probe lets a `--cache-from IMAGE` source match the step as the classic builder does.
    const hit = await cache.lookup(key, signal, { parent: state.imageId, command: spec.command, config: stepConfig });
    if (hit !== undefined) {
      emit({ type: "cache-hit", step });
      if (slot !== undefined) await misses?.record(slot, key, facts);
      state.lastStep = { key, parent: state.imageId, image: hit };
      state.finalImage = await cache.isFinal(key);
      state.imageId = hit;
      state.changed = true;
      recordImageStep(state);
      return true;
    }
  }
  // WORKDIR: an earlier build may have made its directory (the hit above); when the directory is
  // there already the step folds, and that is no cache miss: later steps may still hit.
  let changesFiles = false;
  if (fold && typeof spec.changesNoFile === "function") {
    if (await spec.changesNoFile()) {
      recordFoldedStep(state, spec.command, new Date());
      return false;
    }
    changesFiles = true;
  }
  if (misses !== undefined && slot !== undefined) {
    const reason = await misses.explain(slot, key, facts, state, services.noCache, step);
    emit({ type: "cache-miss", step, reason, text: describeCacheMiss(reason) });
  }
  state.cacheBusted = true;
  let made: { id: string; raw: Buffer; layer?: PendingLayer } | undefined = spec.changesNoFile !== undefined && !changesFiles ? await imageFromConfig(services, state, spec) : undefined;
  // COPY/ADD, and a WORKDIR whose directory must be made: the layer, when it is built here.
  if (made === undefined && spec.layer !== undefined) made = await imageFromLayer(services, state, spec.command, spec.layer);
  if (made !== undefined) {
    // Stored in the cache once the engine has it (`loadPendingImages`): a stage built beside this
    // one must not find it before then.
    state.pending?.images.push({ raw: made.raw, key, parent: state.imageId, ...(made.layer === undefined ? {} : { layer: made.layer }) });
    if (slot !== undefined) misses?.recordLater(slot, key, facts);
    state.lastStep = { key, parent: state.imageId, image: made.id };
    state.finalImage = false;
    state.imageId = made.id;
    state.changed = true;
    recordImageStep(state);
    return false;
  }
  if (spec.layer !== undefined) await loadPendingImages(services, state);
  const resources = await spec.prepare?.();
  // A final image's VOLUMEs would swallow what COPY writes under them (see `StageState.volumes`).
  const image = state.finalImage === true && state.volumes.length > 0 ? await services.withoutVolumes(state.imageId) : state.imageId;
  const body: ContainerCreateBody = {
    Image: image,
    Cmd: spec.command,
    Env: state.config.Env,
    User: state.config.User,
    WorkingDir: state.config.WorkingDir,
    ...(resources?.container ?? spec.container),
  };
  const commitEntrypoint = resources === undefined ? spec.commitEntrypoint : resources.commitEntrypoint;
  let created = "";
  let committed: string;
  // A container with nothing mounted into it has, once stopped, the files of the image its commit
  // makes: it stays as the stage's path probe of that image (layer-paths.ts), which a later COPY
  // or WORKDIR whose layer is built here would otherwise make a container for. The probe of the
  // image this step starts from has served: it goes now, while this step runs.
  const keepAsProbe = services.imageConfigs !== undefined && resources?.release === undefined && !mountsInto(body);
  endPathProbe(containers, state);
  try {
    // Once committed, the container is removed while the next step runs — unless the step's
    // resources (RUN's mounts) are released after it, which needs it gone first.
    committed = await containers.with(body, async (container) => {
      created = container;
      if (spec.silentContainer !== true) emit({ type: "container", step, id: container });
      await spec.act?.(container);
      const config = commitBody(state.config);
      if (commitEntrypoint !== undefined) config.Entrypoint = commitEntrypoint;
      // The stage's last step: a `COPY --from` of the stage may read the container meanwhile.
      const beforeCommit = services.beforeCommit?.(container, body);
      let Id: string;
      try {
        ({ Id } = await engine.containers.commit(container, { config, author: state.author === "" ? undefined : state.author, pause: false, signal }));
      } catch (error) {
        await beforeCommit?.committed({ error });
        throw error;
      }
      await beforeCommit?.committed({ image: Id });
      return Id;
    }, { removeInBackground: resources?.release === undefined, keep: keepAsProbe });
  } finally {
    await resources?.release?.();
  }
  if (keepAsProbe) keepPathProbe(containers, state, committed, created);
  if (spec.silentContainer !== true) emit({ type: "container-removed", step, id: created });
  services.imageConfigs?.store.committed(committed, image);
  await cache.store(key, committed, state.imageId);
  // What the key was made of is gathered while the next steps run (a `COPY --from` reads its
  // sources again for it): the build waits for it at its end (`CacheMissExplainer.settled`).
  if (slot !== undefined) misses?.recordLater(slot, key, facts);
  state.lastStep = { key, parent: state.imageId, image: committed };
  state.finalImage = false;
  state.imageId = committed;
  state.changed = true;
  recordImageStep(state);
  return false;
}

/**
 * A step's image made from a config, as `commitStep` would have committed it, to be loaded with the
 * stage's other pending images (`state.pending`, which this starts when empty); undefined when the
 * parent's stored config is not to be had (then the step takes a container after all).
 */
async function imageFromConfig(services: BuildServices, state: StageState, spec: StepSpec): Promise<{ id: string; raw: Buffer } | undefined> {
  const configs = services.imageConfigs;
  if (configs === undefined) return undefined;
  const parentRaw = await configs.store.get(state.imageId, services.signal);
  if (parentRaw === undefined) return undefined;
  if (typeof spec.changesNoFile === "function" && !(await spec.changesNoFile())) return undefined;
  const raw = metadataImageConfig({
    parentRaw,
    parentId: state.imageId,
    config: state.config,
    command: spec.command,
    author: state.author,
    dockerVersion: configs.dockerVersion,
    created: new Date(),
  });
  const id = await configs.store.remember(raw);
  state.pending ??= { base: { id: state.imageId, raw: parentRaw }, images: [] };
  return { id, raw };
}

/**
 * A COPY's image made from its parent's config and a layer built here (`build`), as `commitStep`
 * would have committed it, to be loaded with the stage's other pending images; undefined when the
 * parent's stored config is not to be had or the layer cannot be built here (then the step takes
 * a container after all).
 */
async function imageFromLayer(
  services: BuildServices,
  state: StageState,
  command: readonly string[],
  build: () => Promise<CopyLayer | undefined>,
): Promise<{ id: string; raw: Buffer; layer: PendingLayer } | undefined> {
  const configs = services.imageConfigs;
  if (configs === undefined) return undefined;
  const parentRaw = await configs.store.get(state.imageId, services.signal);
  if (parentRaw === undefined) return undefined;
  // Built before `state.pending` changes: the layer's questions are answered from the images before it.
  const built = await build();
  if (built === undefined) return undefined;
  const diffId = `sha256:${createHash("sha256").update(built.tar).digest("hex")}`;
  const raw = metadataImageConfig({
    parentRaw,
    parentId: state.imageId,
    config: state.config,
    command,
    author: state.author,
    dockerVersion: configs.dockerVersion,
    created: new Date(),
    layerDiffId: diffId,
  });
  const id = await configs.store.remember(raw);
  state.pending ??= { base: { id: state.imageId, raw: parentRaw }, images: [] };
  return { id, raw, layer: { diffId, tar: built.tar, paths: built.paths } };
}

/**
 * Loads the stage's pending images (`state.pending`) in one request, then records them in the
 * build cache; `sibling` goes in the same request (see image.ts `imageChainArchive`), and so do
 * `beside` (a stage's final image made from the last of them) and the images the build put off
 * (`imageLoads`, image-loads.ts). The builder calls it before any step that
 * may use the stage's image on the engine and at the end of the stage; a build that fails before
 * then leaves none of them behind.
 */
export async function loadPendingImages(
  services: Pick<BuildServices, "engine" | "cache" | "signal" | "imageLoads">,
  state: StageState,
  sibling?: Buffer,
  beside: readonly ImageArchive[] = [],
): Promise<void> {
  const pending = state.pending;
  if (pending === undefined) return;
  const layers = new Map(pending.images.flatMap((image) => (image.layer === undefined ? [] : [[image.layer.diffId, image.layer.tar] as const])));
  const { archive } = imageChainArchive(pending.base, pending.images.map((image) => image.raw), sibling, layers);
  const archives = [archive, ...beside];
  await (services.imageLoads?.load(archives, services.signal) ?? loadArchives(services.engine, archives, services.signal));
  state.pending = undefined;
  for (const image of pending.images) await services.cache.store(image.key, configDigest(image.raw), image.parent);
}
