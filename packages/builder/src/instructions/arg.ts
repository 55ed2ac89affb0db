/** ARG: declares build args in the stage's scope (moby `dispatchArg`); the history shows the defaults. */
import type { ArgInstruction } from "@dfbuild/parser";
import { metadataStep } from "../step.js";
import type { Handler } from "./request.js";

export const dispatchArg: Handler<ArgInstruction> = ({ state, instruction, services, word }) => {
  const parts: string[] = [];
  for (const definition of instruction.args) {
    const name = definition.name.value;
    const value = definition.value === null ? null : word(definition.value.value);
    state.args.declare(name, value);
    parts.push(value === null ? name : `${name}=${value}`);
  }
  return metadataStep(services, state, `ARG ${parts.join(" ")}`);
};
