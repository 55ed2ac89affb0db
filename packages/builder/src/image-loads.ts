/**
 * The builder's image loads, and those that can wait. Every `docker load` first unpacks its whole
 * archive in a process of its own (moby `image/tarexport/load.go` `Load`: `chrootarchive.Untar`, a
 * re-exec of the daemon) — the most a load of a config costs — so images loaded together cost it
 * once (image.ts `loadArchives`). An image nothing in the build reads before its end (the final
 * image of a stage other than the target, which `COPY --from` reads through its last step's image
 * or container, see build.ts) is put off (`defer`): it goes to the engine with the next load that
 * cannot wait (`load`: the target's own images, typically), or at the end of the build (`flush`),
 * or when something asks for it (`ensure`).
 */
import type { BuildEngine } from "./build-engine.js";
import { type ImageArchive, type RewrittenImage, loadArchives, loadRefused, loadRewritten } from "./image.js";

interface DeferredLoad {
  image: RewrittenImage;
  /** What follows once the engine has the image (the build cache records it). */
  loaded: () => Promise<void>;
  settle: { resolve: () => void; reject: (error: unknown) => void };
}

export class ImageLoads {
  readonly #engine: BuildEngine;
  readonly #waiting: DeferredLoad[] = [];
  /** Every image put off, by ID: settles once the engine has it (or its load failed). */
  readonly #settled = new Map<string, Promise<void>>();

  constructor(engine: BuildEngine) {
    this.#engine = engine;
  }

  /** Puts off the load of `image`; `loaded` runs once the engine has it. */
  defer(image: RewrittenImage, loaded: () => Promise<void>): void {
    let settle: DeferredLoad["settle"] = { resolve: () => undefined, reject: () => undefined };
    const settled = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Reported by whoever waits for it (`ensure`), or by the load that failed.
    settled.catch(() => undefined);
    this.#settled.set(image.id, settled);
    this.#waiting.push({ image, loaded, settle });
  }

  /** Whether `image` was put off and is not on the engine yet. */
  isWaiting(image: string): boolean {
    return this.#waiting.some((load) => load.image.id === image);
  }

  /**
   * Loads `archives` now, and every image put off so far in the same request. When the engine
   * refuses that request, `archives` are loaded alone (a link of an image put off may be what it
   * refused), and those put off beside them (`flush`). Any other failure is theirs too: they are not
   * loaded (the build stops).
   */
  async load(archives: readonly ImageArchive[], signal?: AbortSignal): Promise<void> {
    const taken = this.#waiting.splice(0);
    if (taken.length === 0) return loadArchives(this.#engine, archives, signal);
    try {
      await loadArchives(this.#engine, [...archives, ...taken.map((load) => load.image.archive)], signal);
    } catch (error) {
      if (!loadRefused(error, signal)) {
        for (const load of taken) load.settle.reject(error);
        throw error;
      }
      this.#waiting.unshift(...taken);
      let failure: { error: unknown } | undefined;
      try {
        await loadArchives(this.#engine, archives, signal);
      } catch (alone) {
        failure = { error: alone };
      }
      // Settles those put off whatever happened above; a failure of theirs is also told to who waits for them.
      try {
        await this.flush(signal);
      } catch (others) {
        failure ??= { error: others };
      }
      if (failure !== undefined) throw failure.error;
      return;
    }
    await this.#loaded(taken);
  }

  /**
   * Loads every image still put off, in one request; when the engine refuses it, each on its own
   * (`loadRewritten`: without its parent link if need be).
   */
  async flush(signal?: AbortSignal): Promise<void> {
    const taken = this.#waiting.splice(0);
    if (taken.length === 0) return;
    try {
      if (taken.length === 1 || !(await this.#together(taken, signal))) {
        const alone = { load: (archives: readonly ImageArchive[], loadSignal?: AbortSignal) => loadArchives(this.#engine, archives, loadSignal) };
        for (const { image } of taken) await loadRewritten(image, alone, signal);
      }
    } catch (error) {
      for (const load of taken) load.settle.reject(error);
      throw error;
    }
    await this.#loaded(taken);
  }

  /** Resolves once `image`, if it was put off, is on the engine (loading it now if it still waits). */
  async ensure(image: string, signal?: AbortSignal): Promise<void> {
    if (this.isWaiting(image)) await this.flush(signal);
    await this.#settled.get(image);
  }

  /** Loads the images in one request; false when the engine refuses it (then each goes on its own). */
  async #together(taken: readonly DeferredLoad[], signal?: AbortSignal): Promise<boolean> {
    try {
      await loadArchives(this.#engine, taken.map((load) => load.image.archive), signal);
      return true;
    } catch (error) {
      if (!loadRefused(error, signal)) throw error;
      return false;
    }
  }

  /** Runs what follows each load; every one settles, the first failure is thrown. */
  async #loaded(taken: readonly DeferredLoad[]): Promise<void> {
    const failures: unknown[] = [];
    for (const load of taken) {
      try {
        await load.loaded();
        load.settle.resolve();
      } catch (error) {
        load.settle.reject(error);
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}
