/**
 * One Dockerfile instruction → one image, as the classic builder's evaluator hands each command to
 * its dispatcher (`builder/dockerfile/evaluator.go`): the handler comes from the table in
 * `instructions/`, gets the stage's state and the build's services, and its failures become
 * `BuildError`s at the instruction's position.
 */
import { EngineError } from "@dfbuild/engine";
import { type Instruction, expand } from "@dfbuild/parser";
import { CopyError } from "./copy.js";
import { BuildError } from "./errors.js";
import { type BuildServices, type DispatchRequest, HANDLERS, type Handler, dispatchLabelOption } from "./instructions/index.js";
import { type StageState, expansionEnv } from "./stage-state.js";

export class Dispatcher {
  readonly #services: BuildServices;

  constructor(services: BuildServices) {
    this.#services = services;
  }

  /** Runs one instruction; resolves to whether the cache was used. `at` locates errors (ONBUILD triggers). */
  async dispatch(state: StageState, instruction: Instruction, at: Instruction = instruction): Promise<boolean> {
    const location = this.#services.locate(at);
    try {
      if (instruction.type === "From" || instruction.type === "Unknown") {
        throw new BuildError(`unexpected ${instruction.keyword.name} instruction`, { location });
      }
      const fail = (message: string): never => {
        throw new BuildError(message, { location });
      };
      const request: DispatchRequest = {
        state,
        instruction,
        services: this.#services,
        location,
        fail,
        word: (value) => {
          const result = expand(value, expansionEnv(state), { escape: this.#services.escape });
          return result.ok ? result.value : fail(result.message);
        },
      };
      // The table pairs each type with its handler; TypeScript cannot follow that through the lookup.
      const handler = HANDLERS[instruction.type] as Handler<Instruction>;
      return await handler(request);
    } catch (error) {
      if (this.#services.signal?.aborted === true) throw error;
      // A failure from outside the instruction (pulling a `COPY --from` image) is still its failure.
      if (error instanceof BuildError && error.location === undefined) {
        throw error.locate(location);
      }
      if (error instanceof BuildError) throw error;
      if (error instanceof CopyError) {
        throw new BuildError(`${instruction.keyword.name} failed: ${error.message}`, { location, cause: error });
      }
      if (error instanceof EngineError || error instanceof Error) {
        throw new BuildError(error.message, { location, cause: error });
      }
      throw error;
    }
  }

  /** A `--label` option: a LABEL step of its own. */
  label(state: StageState, key: string, value: string): Promise<boolean> {
    return dispatchLabelOption(this.#services, state, key, value);
  }
}
