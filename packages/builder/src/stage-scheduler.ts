/**
 * Runs a build's stages as a graph rather than a list: a stage starts once the stages it must
 * start from are done (its FROM stage: the builder's `dependsOn`), and at most `limit` stages run
 * at once; each stage runs its own steps in order. What a stage needs of other stages later (a
 * `COPY --from`, a `RUN --mount from`, a base stage's ONBUILD) it waits for when it gets there,
 * with `wait`, giving up its place meanwhile, so its steps before that run beside those stages. BuildKit solves a Dockerfile the same way (`dockerfile2llb` turns each stage
 * into a branch of one LLB graph, and the solver runs independent vertices in parallel, bounded by
 * buildkitd's `max-parallelism`); the classic builder runs every stage one after another
 * (`dispatchDockerfileWithCancellation`).
 *
 * The first stage to fail cancels the others (their signal aborts) and, once every stage has
 * stopped, is the build's error: nothing runs any more when the caller cleans up.
 */

/** A stage to run: its index in the Dockerfile, the indexes it needs done first, and its work. */
export interface StageTask<T> {
  index: number;
  dependsOn: readonly number[];
  run: () => Promise<T>;
}

export class StageScheduler<T> {
  readonly #limit: number;
  readonly #cancel = new AbortController();
  /** Aborts when a stage failed (or the caller's signal aborts): what every stage's work listens to. */
  readonly signal: AbortSignal;
  readonly #done = new Map<number, Promise<T>>();
  readonly #waiting: (() => void)[] = [];
  #running = 0;
  #failure: { error: unknown } | undefined;

  constructor(limit: number, signal?: AbortSignal) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`the number of stages built at once must be a whole number of at least 1, not ${String(limit)}`);
    this.#limit = limit;
    this.signal = signal === undefined ? this.#cancel.signal : AbortSignal.any([signal, this.#cancel.signal]);
  }

  /**
   * Runs the tasks, given in the Dockerfile's order (a stage only ever depends on earlier ones);
   * resolves to each one's result by index, or rejects with the first failure once all stopped.
   */
  async run(tasks: readonly StageTask<T>[]): Promise<Map<number, T>> {
    for (const task of tasks) {
      const done = this.#start(task);
      // Observed by allSettled below; a dependent awaits it too.
      done.catch(() => undefined);
      this.#done.set(task.index, done);
    }
    const settled = await Promise.allSettled(this.#done.values());
    if (this.#failure !== undefined) throw this.#failure.error;
    const results = new Map<number, T>();
    const indexes = [...this.#done.keys()];
    for (const [position, outcome] of settled.entries()) {
      // A stage that never started rejects only because one it needs failed, which is recorded.
      if (outcome.status === "rejected") throw outcome.reason;
      results.set(indexes[position] ?? -1, outcome.value);
    }
    return results;
  }

  /**
   * From inside a running stage: waits until the given stages are done, without holding a place
   * that one of them may need to run (ONBUILD triggers of a base image may name any earlier stage).
   */
  waitFor(indexes: readonly number[]): Promise<void> {
    return this.wait(this.#settled(indexes));
  }

  /**
   * From inside a running stage: waits for `work` (another stage's result, or part of it) without
   * holding a place meanwhile — the stage it waits for may need one — and takes one again after.
   */
  async wait<R>(work: Promise<R>): Promise<R> {
    this.#release();
    try {
      return await work;
    } finally {
      await this.#acquire();
    }
  }

  /** The outcome of a stage of the graph `run` was given (rejects as the stage does). */
  done(index: number): Promise<T> {
    const done = this.#done.get(index);
    if (done === undefined) return Promise.reject(new Error(`stage ${String(index)} is not part of this build`));
    return done;
  }

  async #start(task: StageTask<T>): Promise<T> {
    await this.#settled(task.dependsOn);
    await this.#acquire();
    try {
      this.signal.throwIfAborted();
      return await task.run();
    } catch (error) {
      // What fails after the first failure (or a cancellation) is its consequence, not news.
      if (this.#failure === undefined) {
        this.#failure = { error };
        this.#cancel.abort(error);
      }
      throw error;
    } finally {
      this.#release();
    }
  }

  async #settled(indexes: readonly number[]): Promise<void> {
    for (const index of indexes) {
      const done = this.#done.get(index);
      if (done === undefined) throw new Error(`stage ${String(index)} is not part of this build`);
      await done;
    }
  }

  /** A place among the `limit` running stages, first come first served. */
  #acquire(): Promise<void> {
    if (this.#running < this.#limit) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#running--;
    else next();
  }
}
