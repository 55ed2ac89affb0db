/** ONBUILD: a trigger stored in the image for the builds that start from it (moby `dispatchOnbuild`). */
import type { OnbuildInstruction } from "@dfbuild/parser";
import { metadataStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchOnbuild: Handler<OnbuildInstruction> = ({ state, instruction, services }) => {
  const expression = instruction.original.replace(/^\s*ONBUILD\s*/i, "");
  state.config.OnBuild = [...(state.config.OnBuild ?? []), expression];
  return metadataStep(services, state, `ONBUILD ${expression}`);
};
