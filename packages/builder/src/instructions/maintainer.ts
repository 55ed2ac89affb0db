/** MAINTAINER: the image's author (moby `dispatchMaintainer`); commits carry it from then on. */
import type { MaintainerInstruction } from "@dfbuild/parser";
import { metadataStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchMaintainer: Handler<MaintainerInstruction> = ({ state, instruction, services }) => {
  state.author = instruction.maintainer?.value ?? "";
  return metadataStep(services, state, `MAINTAINER ${state.author}`);
};
