/** WORKDIR: the working directory, relative to the previous one (moby `dispatchWorkdir`). */
import type { WorkdirInstruction } from "@dfbuild/parser";
import { EngineError } from "@dfbuild/engine";
import { shellOf } from "../config.js";
import { goJoin } from "../paths.js";
import { commitStep } from "../step.js";
import type { StageState } from "../stage-state.js";
import type { BuildServices, Handler } from "./request.js";

export const dispatchWorkdir: Handler<WorkdirInstruction> = ({ state, instruction, services, word, fail }) => {
  const requested = word(instruction.path?.value ?? "");
  if (requested === "") fail("cannot normalize nothing");
  state.config.WorkingDir = requested.startsWith("/") ? requested : goJoin("/", state.config.WorkingDir, requested);
  // The engine creates the directory (0755 root) when it creates the container, as the classic
  // builder's container does (`ContainerCreateWorkdir` → `SetupWorkingDirectory`, which follows
  // symlinks and creates only what is missing); the history comment has one space
  // (`withCmdCommentString`). When the directory exists the commit's layer is empty, so the image
  // can be made without a container.
  const path = state.config.WorkingDir;
  const imageId = state.imageId;
  return commitStep(services, state, {
    command: [...shellOf(state.config), `#(nop) WORKDIR ${path}`],
    changesNoFile: path === "/" ? true : () => isDirectory(services, state, imageId, path),
  });
};

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
