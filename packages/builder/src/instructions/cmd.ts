/** CMD: the image's default command (moby `dispatchCmd`). */
import type { CmdInstruction } from "@dfbuild/parser";
import { goQuoteList } from "../go-format.js";
import { metadataStep } from "../step.js";
import { resolveCommandLine } from "./command-line.js";
import type { Handler } from "./request.js";

export const dispatchCmd: Handler<CmdInstruction> = ({ state, instruction, services }) => {
  const command = resolveCommandLine(state.config, instruction.command);
  state.config.Cmd = command;
  // `CMD []` does not count as a CMD for a later ENTRYPOINT (moby sets cmdSet only for arguments).
  const emptyExec = instruction.command?.type === "ExecForm" && instruction.command.elements.length === 0;
  if (command.length > 0 && instruction.command !== null && !emptyExec) state.cmdSet = true;
  return metadataStep(services, state, `CMD ${goQuoteList(command)}`);
};
