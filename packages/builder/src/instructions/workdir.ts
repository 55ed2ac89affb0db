/** WORKDIR: the working directory, relative to the previous one (moby `dispatchWorkdir`). */
import type { WorkdirInstruction } from "@dfbuild/parser";
import { EngineError } from "@dfbuild/engine";
import { shellOf } from "../config.js";
import { type CopyLayer, type PathKind, madeDirectory, missingParents } from "../copy.js";
import { UnknownPath, layerPathKinds } from "../layer-paths.js";
import { goClean, goJoin } from "../paths.js";
import { commitStep, loadPendingImages } from "../step.js";
import type { StageState } from "../stage-state.js";
import { packEntries } from "../tar.js";
import type { BuildServices, Handler } from "./request.js";

export const dispatchWorkdir: Handler<WorkdirInstruction> = ({ state, instruction, services, word, fail }) => {
  const requested = word(instruction.path?.value ?? "");
  if (requested === "") fail("cannot normalize nothing");
  state.config.WorkingDir = requested.startsWith("/") ? requested : goJoin("/", state.config.WorkingDir, requested);
  // The engine creates the directory (0755 root) when it creates the container, as the classic
  // builder's container does (`ContainerCreateWorkdir` → `SetupWorkingDirectory`, which follows
  // symlinks and creates only what is missing); the history comment has one space
  // (`withCmdCommentString`). When the directory exists the commit's layer is empty, so the image
  // can be made without a container; when it is missing up to the top, the layer holds only the
  // directories made, and is built here (`workdirLayer`).
  const path = state.config.WorkingDir;
  const imageId = state.imageId;
  const command = [...shellOf(state.config), `#(nop) WORKDIR ${path}`];
  if (path === "/") return commitStep(services, state, { command, changesNoFile: true });
  // What the stage's image has at the path, its images still to load included (layer-paths.ts).
  const kinds = services.imageConfigs === undefined ? undefined : layerPathKinds(services, state);
  if (kinds === undefined) return commitStep(services, state, { command, changesNoFile: () => isDirectory(services, state, imageId, path) });
  const exists = async (): Promise<boolean> => {
    try {
      return (await kinds(path)) === "directory";
    } catch (error) {
      if (!(error instanceof UnknownPath)) throw error;
    }
    // Below a path a layer built here wrote: the engine is asked, once it has those layers.
    await loadPendingImages(services, state);
    return isDirectory(services, state, imageId, path);
  };
  return commitStep(services, state, { command, changesNoFile: exists, layer: () => workdirLayer(path, kinds) });
};

/**
 * The layer of a WORKDIR whose directory is missing up to the top: the directories the engine
 * makes for it (moby `container.SetupWorkingDirectory` → `MkdirAllAndChownNew(path, 0755, root)`),
 * as the commit records them; undefined when a directory on the way is there already (its copy-up
 * would be in the commit, with a time only the engine knows) or cannot be told.
 */
export async function workdirLayer(path: string, pathKind: (path: string) => Promise<PathKind>): Promise<CopyLayer | undefined> {
  let made: string[] | undefined;
  try {
    made = await missingParents(goClean(path), new Set(), pathKind);
  } catch (error) {
    if (error instanceof UnknownPath) return undefined;
    throw error;
  }
  if (made === undefined || made.length === 0) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of packEntries(made.map((directory) => madeDirectory(directory)))) chunks.push(Buffer.from(chunk));
  return { tar: Buffer.concat(chunks), paths: new Map(made.map((directory) => [directory, "directory"] as const)) };
}

/**
 * Whether `path` is a directory (after symlinks) in an image: asked of a never-started container
 * made from it with the root as its working directory, so that nothing is created by asking.
 */
async function isDirectory(services: BuildServices, state: StageState, image: string, path: string): Promise<boolean> {
  const body = { Image: image, Cmd: [...shellOf(state.config), "#(nop) "], Entrypoint: null, WorkingDir: "/", User: state.config.User, Env: state.config.Env };
  return services.containers.with(body, async (container) => {
    let target = path;
    // A chain of symlinks resolves in a few hops; the engine gives each hop's absolute target.
    for (let hop = 0; hop < 16; hop++) {
      try {
        const stat = await services.engine.containers.statPath(container, target, { signal: services.signal });
        if (stat.type !== "symlink") return stat.type === "directory";
        target = stat.linkTarget;
      } catch (error) {
        if (error instanceof EngineError && error.status === 404) return false;
        throw error;
      }
    }
    return false;
  }, { removeInBackground: true });
}
