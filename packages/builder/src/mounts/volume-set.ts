/**
 * The volumes a build makes for one step (bind sources, secrets) and their clean-up: each is
 * named and labelled after the build, and removed when its step ends and again, for any still
 * left, when the build ends — on success, failure and cancellation alike. Cache-mount volumes are
 * not here: they outlive builds (see `cache-volumes.ts`).
 */
import { EngineError } from "@dfbuild/engine";
import type { BuildEngine } from "../build-engine.js";
import { BUILD_LABEL } from "../containers.js";

/** How long clean-up may take per volume once the build itself has been aborted. */
const CLEANUP_TIMEOUT_MS = 30_000;

export class VolumeSet {
  readonly #engine: BuildEngine;
  readonly #buildId: string;
  readonly #signal: AbortSignal | undefined;
  readonly #live = new Set<string>();
  #counter = 0;

  constructor(engine: BuildEngine, buildId: string, signal: AbortSignal | undefined) {
    this.#engine = engine;
    this.#buildId = buildId;
    this.#signal = signal;
  }

  /** Creates an empty local volume; `purpose` is a label that says what it holds. */
  async create(purpose: string): Promise<string> {
    const name = `dfbuild-${this.#buildId}-v${String(++this.#counter)}`;
    this.#live.add(name);
    await this.#engine.volumes.create({ Name: name, Labels: { [BUILD_LABEL]: this.#buildId, "dfbuild.purpose": purpose } }, { signal: this.#signal });
    return name;
  }

  /** Removes a volume; one already gone is fine. */
  async remove(name: string): Promise<void> {
    await this.#engine.volumes.remove(name, { force: true, signal: AbortSignal.timeout(CLEANUP_TIMEOUT_MS) }).catch((error: unknown) => {
      if (!(error instanceof EngineError && error.status === 404)) throw error;
    });
    this.#live.delete(name);
  }

  /** Removes every volume still registered; resolves to the failures. */
  async removeAll(): Promise<unknown[]> {
    const failures: unknown[] = [];
    for (const name of [...this.#live]) {
      try {
        await this.remove(name);
      } catch (error) {
        failures.push(error);
      }
    }
    return failures;
  }
}
