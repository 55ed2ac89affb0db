/**
 * The machinery every step shares, as the classic builder's `commit`/`probeCache`/`create` in
 * `builder/dockerfile/internals.go`: probe the build cache; on a miss create the step's container,
 * let the instruction act on it, commit it with the stage's config, and remove it.
 */
import type { ContainerCreateBody } from "@dfbuild/engine";
import { stepKey } from "./cache.js";
import { commitBody, shellOf, withVolumes } from "./config.js";
import type { BuildServices } from "./instructions/request.js";
import type { StageState } from "./stage-state.js";

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
   * something to make (RUN's mounts). `release` runs once the container is gone, whatever happened.
   */
  prepare?: () => Promise<StepResources>;
}

export interface StepResources {
  /** Replaces `StepSpec.container`. */
  container: Partial<ContainerCreateBody>;
  commitEntrypoint?: string[] | null;
  release: () => Promise<void>;
}

/**
 * A metadata instruction: a never-started container whose Cmd is the classic `#(nop)` comment
 * (`withCmdComment`: the shell, `"#(nop) "`, then the comment, so history shows two spaces).
 */
export function metadataStep(services: BuildServices, state: StageState, comment: string): Promise<boolean> {
  return commitStep(services, state, { command: [...shellOf(state.config), "#(nop) ", comment] });
}

/** Probes the cache, else makes the step's image; updates `state.imageId`. Resolves to "was cached". */
export async function commitStep(services: BuildServices, state: StageState, spec: StepSpec): Promise<boolean> {
  const { engine, containers, cache, emit, signal } = services;
  const step = services.step();
  const stepConfig = withVolumes(state.config, state.volumes);
  const key = stepKey({ parent: state.imageId, command: spec.command, config: stepConfig, extra: { author: state.author, step: spec.extra ?? null } });
  if (!services.noCache && !state.cacheBusted) {
    // The probe lets a `--cache-from IMAGE` source match the step as the classic builder does.
    const hit = await cache.lookup(key, signal, { parent: state.imageId, command: spec.command, config: stepConfig });
    if (hit !== undefined) {
      emit({ type: "cache-hit", step });
      state.imageId = hit;
      state.changed = true;
      return true;
    }
  }
  state.cacheBusted = true;
  const resources = await spec.prepare?.();
  const body: ContainerCreateBody = {
    Image: state.imageId,
    Cmd: spec.command,
    Env: state.config.Env,
    User: state.config.User,
    WorkingDir: state.config.WorkingDir,
    ...(resources?.container ?? spec.container),
  };
  const commitEntrypoint = resources === undefined ? spec.commitEntrypoint : resources.commitEntrypoint;
  let created = "";
  let image: string;
  try {
    image = await containers.with(body, async (container) => {
      created = container;
      if (spec.silentContainer !== true) emit({ type: "container", step, id: container });
      await spec.act?.(container);
      const config = commitBody(state.config);
      if (commitEntrypoint !== undefined) config.Entrypoint = commitEntrypoint;
      const { Id } = await engine.containers.commit(container, { config, author: state.author === "" ? undefined : state.author, pause: false, signal });
      return Id;
    });
  } finally {
    await resources?.release();
  }
  if (spec.silentContainer !== true) emit({ type: "container-removed", step, id: created });
  await cache.store(key, image, state.imageId);
  state.imageId = image;
  state.changed = true;
  return false;
}
