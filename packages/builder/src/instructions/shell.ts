/** SHELL: the shell of later shell-form commands and of the history's `#(nop)` prefix (moby `dispatchShell`). */
import type { ShellInstruction } from "@dfbuild/parser";
import { goList } from "../go-format.js";
import { metadataStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchShell: Handler<ShellInstruction> = ({ state, instruction, services, fail }) => {
  const command = instruction.command;
  if (command?.type !== "ExecForm") return fail("SHELL requires the arguments to be in JSON form");
  state.config.Shell = command.elements.map((element) => element.value);
  return metadataStep(services, state, `SHELL ${goList(state.config.Shell)}`);
};
