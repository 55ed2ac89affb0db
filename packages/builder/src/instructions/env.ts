/** ENV: sets variables in the image's environment, in place or appended (moby `dispatchEnv`). */
import type { EnvInstruction } from "@dfbuild/parser";
import { setEnv } from "../config.js";
import { metadataStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchEnv: Handler<EnvInstruction> = ({ state, instruction, services, word }) => {
  // Every value is expanded against the environment before this instruction.
  const pairs = instruction.pairs.map((pair) => [word(pair.key.value), word(pair.value.value)] as const);
  for (const [key, value] of pairs) setEnv(state.config.Env, key, value);
  return metadataStep(services, state, `ENV ${pairs.map(([key, value]) => `${key}=${value}`).join(" ")}`);
};
