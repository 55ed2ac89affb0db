/** WORKDIR: the working directory, relative to the previous one (moby `dispatchWorkdir`). */
import type { WorkdirInstruction } from "@dfbuild/parser";
import { shellOf } from "../config.js";
import { goJoin } from "../paths.js";
import { commitStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchWorkdir: Handler<WorkdirInstruction> = ({ state, instruction, services, word, fail }) => {
  const requested = word(instruction.path?.value ?? "");
  if (requested === "") fail("cannot normalize nothing");
  state.config.WorkingDir = requested.startsWith("/") ? requested : goJoin("/", state.config.WorkingDir, requested);
  // The engine creates the directory (0755 root) when it creates the container, as the classic
  // builder's container does; the history comment has one space (`withCmdCommentString`).
  return commitStep(services, state, { command: [...shellOf(state.config), `#(nop) WORKDIR ${state.config.WorkingDir}`] });
};
