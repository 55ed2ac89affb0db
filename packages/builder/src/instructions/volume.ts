/** VOLUME: declared mount points (moby `dispatchVolume`), added to the image's config when the stage ends. */
import type { VolumeInstruction } from "@dfbuild/parser";
import { goList } from "../go-format.js";
import { metadataStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchVolume: Handler<VolumeInstruction> = ({ state, instruction, services, word, fail }) => {
  const paths = instruction.paths.map((path) => word(path.value));
  for (const path of paths) {
    if (path === "") fail("VOLUME specified can not be an empty string");
    if (!state.volumes.includes(path)) state.volumes.push(path);
  }
  return metadataStep(services, state, `VOLUME ${goList(paths)}`);
};
