/** ENTRYPOINT: the image's entrypoint; it clears a CMD inherited from the base (moby `dispatchEntrypoint`). */
import type { EntrypointInstruction } from "@dfbuild/parser";
import { goQuoteList } from "../go-format.js";
import { metadataStep } from "../step.js";
import { resolveCommandLine } from "./command-line.js";
import type { Handler } from "./request.js";

export const dispatchEntrypoint: Handler<EntrypointInstruction> = ({ state, instruction, services }) => {
  state.config.Entrypoint = resolveCommandLine(state.config, instruction.command);
  if (!state.cmdSet) state.config.Cmd = null;
  return metadataStep(services, state, `ENTRYPOINT ${goQuoteList(state.config.Entrypoint)}`);
};
