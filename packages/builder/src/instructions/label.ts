/** LABEL: merges labels into the image's (moby `dispatchLabel`). */
import type { LabelInstruction } from "@dfbuild/parser";
import type { StageState } from "../stage-state.js";
import { metadataStep } from "../step.js";
import type { BuildServices, Handler } from "./request.js";

export const dispatchLabel: Handler<LabelInstruction> = ({ state, instruction, services, word }) => {
  const pairs = instruction.pairs.map((pair) => [word(pair.key.value), word(pair.value.value)] as const);
  state.config.Labels = { ...(state.config.Labels ?? {}) };
  for (const [key, value] of pairs) state.config.Labels[key] = value;
  return metadataStep(services, state, `LABEL ${pairs.map(([key, value]) => `${key}=${value}`).join(" ")}`);
};

/** A `--label` option of the build: a LABEL step of its own, as the classic builder appends them. */
export function dispatchLabelOption(services: BuildServices, state: StageState, key: string, value: string): Promise<boolean> {
  state.config.Labels = { ...(state.config.Labels ?? {}), [key]: value };
  return metadataStep(services, state, `LABEL ${key}=${value}`);
}
