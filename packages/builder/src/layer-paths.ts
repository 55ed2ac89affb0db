/**
 * What a stage's current image has at a path, for a COPY whose layer the builder builds itself
 * (copy.ts `copyLayer`) and so has no container of that image to ask. The stage's images the
 * engine does not have yet (`StageState.pending`) are its last image on the engine plus layers
 * built here: a path one of those layers wrote is answered from what it wrote; any other is asked
 * of a container made from the image on the engine (`statPath`, moby `daemon/archive.go`
 * `ContainerStatPath`, as the step's own container would be asked), made once per stage and image
 * — as soon as a COPY of the stage is reached, so that it is ready while the COPY still waits for
 * the stage it copies from — unless the step that made the image left its container, committed
 * and with nothing mounted into it, which is asked instead (`keepPathProbe`). An answer the engine gave
 * is kept across builds by image and path (image-path-kinds.ts): a base image is asked once.
 */
import { EngineError } from "@dfbuild/engine";
import type { ContainerSet } from "./containers.js";
import type { PathKind } from "./copy.js";
import type { BuildServices } from "./instructions/request.js";
import { goClean, goDir } from "./paths.js";
import type { StageState } from "./stage-state.js";

/** What a layer built here writes at a path: a directory, another file, or a symlink. */
export type WrittenKind = PathKind | "symlink";

/** A question the layers built here cannot answer exactly: the copy takes a container instead. */
export class UnknownPath extends Error {
  override readonly name = "UnknownPath";
}

/** The stage's container for asking about paths of `image`; a container for another image is let go. */
function probeContainer(services: Pick<BuildServices, "containers">, state: StageState, image: string): Promise<string> {
  if (state.pathProbe?.image !== image) {
    if (state.pathProbe !== undefined) endPathProbe(services.containers, state);
    // Never started: it only gives access to the image's files (as copy.ts `ImageReader`).
    const container = services.containers.create({ Image: image, Entrypoint: ["/dfbuild-path-probe"], Cmd: null });
    // A failure is met by the question that needs the container.
    container.catch(() => undefined);
    state.pathProbe = { image, container };
  }
  return Promise.resolve(state.pathProbe.container);
}

/** Removes the stage's probe container, in the background (the stage's end, or another image). */
export function endPathProbe(containers: ContainerSet, state: StageState): void {
  const probe = state.pathProbe;
  if (probe === undefined) return;
  state.pathProbe = undefined;
  // A step's container kept as the probe goes at once: before the next step's container is made.
  if (typeof probe.container === "string") containers.removeLater(probe.container);
  else {
    probe.container.then(
      (id) => {
        containers.removeLater(id);
      },
      () => undefined,
    );
  }
}

/**
 * Makes a step's committed container the stage's probe container of the image its commit made.
 * Stopped (or never started) and with nothing mounted into it, it reads as a container made from
 * that image would: its image's layers and its read-write layer, which the commit keeps (moby
 * `daemon/commit.go`), and the engine's init layer, which a probe container has as well.
 */
export function keepPathProbe(containers: ContainerSet, state: StageState, image: string, container: string): void {
  endPathProbe(containers, state);
  state.pathProbe = { image, container };
}

/**
 * Makes the probe container of the stage's image on the engine now, for the questions to come —
 * unless an earlier build asked about paths of that image, whose answers are kept: then a
 * container is made only if a question finds none.
 */
export async function preparePathProbe(services: Pick<BuildServices, "containers" | "imagePathKinds">, state: StageState): Promise<void> {
  const image = state.pending?.base.id ?? state.imageId;
  if (await services.imagePathKinds?.asked(image)) return;
  // The stage may have moved on meanwhile: a probe of another image must not replace its own.
  if ((state.pending?.base.id ?? state.imageId) === image) void probeContainer(services, state, image);
}

/**
 * What the stage's current image has at a path, following a symlink as the classic builder's
 * stat does; rejects with `UnknownPath` below a path a layer built here wrote (or at a symlink it
 * wrote), which the image on the engine cannot answer for.
 */
export function layerPathKinds(services: Pick<BuildServices, "containers" | "engine" | "signal" | "imagePathKinds">, state: StageState): (path: string) => Promise<PathKind> {
  const image = state.pending?.base.id ?? state.imageId;
  const written = new Map<string, WrittenKind>();
  for (const pending of state.pending?.images ?? []) for (const [path, kind] of pending.layer?.paths ?? []) written.set(path, kind);
  const answers = new Map<string, Promise<PathKind>>();
  return (path) => {
    const clean = goClean(path);
    const known = written.get(clean);
    if (known === "symlink") return Promise.reject(new UnknownPath(clean));
    if (known !== undefined) return Promise.resolve(known);
    for (let parent = goDir(clean); parent !== "/"; parent = goDir(parent)) if (written.has(parent)) return Promise.reject(new UnknownPath(clean));
    let answer = answers.get(clean);
    if (answer === undefined) {
      answer = imagePathKind(services, state, image, clean);
      answers.set(clean, answer);
    }
    return answer;
  };
}

/** What `path` of `image` is: as an earlier build found it (image-path-kinds.ts), else asked of the stage's probe container. */
async function imagePathKind(services: Pick<BuildServices, "containers" | "engine" | "signal" | "imagePathKinds">, state: StageState, image: string, path: string): Promise<PathKind> {
  const kept = await services.imagePathKinds?.get(image, path);
  if (kept !== undefined) return kept;
  // A dangling symlink is "other" here: the copy's layer must not make a directory over it (copy.ts `missingParents`).
  const kind = await statKind(services, await probeContainer(services, state, image), path, { dangling: "other" });
  await services.imagePathKinds?.set(image, path, kind);
  return kind;
}

/**
 * What a path of a container is, following a symlink as the classic builder's stat does; a symlink
 * to nothing is "missing", or what `dangling` says.
 */
export async function statKind(services: Pick<BuildServices, "engine" | "signal">, container: string, path: string, { dangling = "missing" }: { dangling?: PathKind } = {}): Promise<PathKind> {
  const { engine, signal } = services;
  let stat;
  try {
    stat = await engine.containers.statPath(container, path, { signal });
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return "missing";
    throw error;
  }
  if (stat.type !== "symlink" || stat.linkTarget === "") return stat.type === "directory" ? "directory" : "other";
  try {
    return (await engine.containers.statPath(container, stat.linkTarget, { signal })).type === "directory" ? "directory" : "other";
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return dangling;
    throw error;
  }
}
