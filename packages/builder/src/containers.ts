/**
 * Build containers and their clean-up. Every container a build creates is registered before any
 * other call can fail, and removed with its anonymous volumes when its step ends — on success,
 * failure, engine error or cancellation alike (`docker build --rm` leaks the failed one; we do not).
 * What a build could not remove because its process was killed, the next build removes
 * (`removeLeftovers`): every container's name says which build, and so which process, made it.
 */
import { randomBytes } from "node:crypto";
import { type ContainerCreateBody, EngineError } from "@dfbuild/engine";
import type { BuildEngine } from "./build-engine.js";
import { currentOwner, ownerToken } from "./build-owner.js";

/**
 * The label that names the build on the volumes and temporary images it creates. Containers carry
 * the build in their name instead: a label on a container would be copied into the image committed
 * from it (`POST /commit` merges the container's labels into the config and keeps the container's
 * whole config as `ContainerConfig`, moby `daemon/commit.go`), and the name is not.
 */
export const BUILD_LABEL = "dfbuild.build";

/** `dfbuild-<build>-<n>`; `<build>` is the owner token and a random part (one process may run several builds). */
export const CONTAINER_NAME = /^\/?dfbuild-(([0-9a-f]{8}-\d+-\d+-\d+)-[0-9a-f]{6})-\d+$/;

/** How long clean-up may take per container once the build itself has been aborted. */
const CLEANUP_TIMEOUT_MS = 30_000;

export class ContainerSet {
  readonly #engine: BuildEngine;
  readonly #signal: AbortSignal | undefined;
  readonly #live = new Set<string>();
  /** Names the build: in its containers' names and in the `BUILD_LABEL` of its volumes and images. */
  readonly buildId = `${ownerToken(currentOwner())}-${randomBytes(3).toString("hex")}`;
  #counter = 0;

  constructor(engine: BuildEngine, signal: AbortSignal | undefined) {
    this.#engine = engine;
    this.#signal = signal;
  }

  /**
   * Creates a container named after the build, so a killed build's leftovers can be found; or
   * under a name of the caller's (a name the engine refuses twice serves as a lock).
   */
  async create(body: ContainerCreateBody, options: { name?: string } = {}): Promise<string> {
    const name = options.name ?? `dfbuild-${this.buildId}-${String(++this.#counter)}`;
    // Registered by name first: a create that the engine completes after we stopped waiting for it
    // (abort mid-request) still gets removed.
    this.#live.add(name);
    let created: { Id: string };
    try {
      created = await this.#engine.containers.create(body, { name, signal: this.#signal });
    } catch (error) {
      // An answer from the engine means it made nothing (a 409 is another's container by that name).
      if (error instanceof EngineError) this.#live.delete(name);
      throw error;
    }
    const { Id } = created;
    this.#live.delete(name);
    this.#live.add(Id);
    return Id;
  }

  /** Removes a container (forced, with its anonymous volumes); a container already gone is fine. */
  async remove(id: string): Promise<void> {
    await this.#engine.containers.remove(id, { force: true, volumes: true, signal: AbortSignal.timeout(CLEANUP_TIMEOUT_MS) }).catch((error: unknown) => {
      if (!(error instanceof EngineError && error.status === 404)) throw error;
    });
    this.#live.delete(id);
  }

  /** Removals `removeLater` started that have not ended yet. */
  readonly #removing = new Set<Promise<void>>();

  /**
   * Starts removing a container the build is done with, without waiting: the next step's requests
   * go to the engine meanwhile. A removal that fails leaves the container registered, so
   * `removeAll` tries again and reports it; nothing is leaked either way.
   */
  removeLater(id: string): void {
    const removing = this.remove(id).catch(() => undefined);
    this.#removing.add(removing);
    void removing.then(() => this.#removing.delete(removing));
  }

  /** Resolves once the removals `removeLater` started (and any they led to) have ended. */
  async removalsDone(): Promise<void> {
    while (this.#removing.size > 0) await Promise.all([...this.#removing]);
  }

  /**
   * Removes every container still registered, once the removals `removeLater` started have ended;
   * used at the end of every build, whether it succeeded, failed or was cancelled.
   */
  async removeAll(): Promise<unknown[]> {
    await this.removalsDone();
    const failures: unknown[] = [];
    for (const id of [...this.#live]) {
      try {
        await this.remove(id);
      } catch (error) {
        failures.push(error);
      }
    }
    return failures;
  }

  /**
   * Runs `use` with a new container and removes the container afterwards, whatever happens; with
   * `removeInBackground`, once `use` succeeded the removal goes on while the caller does (`removeLater`).
   * With `keep`, once `use` succeeded the container is the caller's to remove (`removeLater`; it
   * stays registered, so `removeAll` removes it if the caller does not).
   */
  async with<T>(body: ContainerCreateBody, use: (id: string) => Promise<T>, options: { removeInBackground?: boolean; keep?: boolean } = {}): Promise<T> {
    const id = await this.create(body);
    let result: T;
    try {
      result = await use(id);
    } catch (error) {
      // The step's own failure is the one to report; a container that would not go is retried by
      // `removeAll` at the end of the build.
      await this.remove(id).catch(() => undefined);
      throw error;
    }
    if (options.keep === true) return result;
    if (options.removeInBackground === true) this.removeLater(id);
    else await this.remove(id);
    return result;
  }
}
