/** USER: the user later steps and the image run as; not checked at build time (moby `dispatchUser`). */
import type { UserInstruction } from "@dfbuild/parser";
import { metadataStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchUser: Handler<UserInstruction> = ({ state, instruction, services, word }) => {
  state.config.User = word(instruction.user?.value ?? "");
  return metadataStep(services, state, `USER ${state.config.User}`);
};
