import type { CacheMissReason } from "./cache-miss.js";

/**
 * What a build reports as it goes; renderers (plain, tty, json) turn these into output.
 *
 * Independent stages are built at the same time (build.ts), so the events of a step carry its
 * stage as `stage`: the stage's `AS` name, or its index for an unnamed stage ("" for the meta ARGs
 * before the first FROM). Steps keep the numbers a one-after-another build gives them (the
 * Dockerfile's order, as the classic builder's `Step N/M`), whatever order they run in.
 */
export type BuildEvent =
  /**
   * Before the first step: the stages this build runs (those the target needs, in the
   * Dockerfile's order), each with the stages it waits for, and whether two of them can run at
   * the same time (`concurrent`: then the events of their steps interleave).
   */
  | { type: "stages"; stages: { stage: string; index: number; dependsOn: string[] }[]; concurrent: boolean }
  /** A Dockerfile instruction starts: `Step N/M : TEXT`. Meta ARGs before the first FROM count too. */
  | { type: "step"; step: number; total: number; instruction: string; line: number; stage: string }
  /** Output of the engine or the builder that belongs to the current step, e.g. a pull. */
  | { type: "message"; step: number; stage: string; text: string }
  | { type: "cache-hit"; step: number; stage: string }
  /** A step missed the cache: why, as data (`reason`) and in one line (`text`; cache-miss.ts). */
  | { type: "cache-miss"; step: number; stage: string; reason: CacheMissReason; text: string }
  /** A build container was created (`---> Running in <id>`). */
  | { type: "container"; step: number; stage: string; id: string }
  /** Output of a RUN container, as it arrives. */
  | { type: "output"; step: number; stage: string; stream: "stdout" | "stderr"; data: string }
  | { type: "container-removed"; step: number; stage: string; id: string }
  /**
   * A step ended with an image (`---> <id>`); meta ARGs end without one, and so do steps folded
   * into the next image (`--fold-metadata`: `folded` is true).
   */
  | { type: "step-done"; step: number; stage: string; imageId: string | null; cached: boolean; folded?: true; durationMs: number }
  | { type: "triggers"; step: number; stage: string; count: number }
  /** A stage is built: its image, as `COPY --from` and the stages built on it use it. */
  | { type: "stage-done"; stage: string; imageId: string }
  | { type: "warning"; text: string }
  /** What the build does beyond its steps: cache import and export, `--push`, `--output`. */
  | { type: "info"; text: string }
  /**
   * While the build starts: what builds that no longer run had left on the engine was removed. `text`
   * says it in one line: `Removed 1 container and 1 volume left behind by builds that no longer run`.
   */
  | { type: "leftovers-removed"; containers: number; volumes: number; text: string }
  /**
   * The context sources of step `step` (a COPY or ADD) were read and hashed ahead of it, while
   * step `whileStep` (a RUN) ran: the step starts with its digests ready.
   */
  | { type: "sources-prepared"; step: number; stage: string; whileStep: number; durationMs: number }
  | { type: "built"; imageId: string; durationMs: number }
  | { type: "tagged"; name: string };

type WithoutStage<E> = E extends unknown ? Omit<E, "stage"> : never;

/** An event of a step as the step's code emits it: the builder adds the stage (`BuildEvent`). */
export type StepEvent = WithoutStage<Extract<BuildEvent, { stage: string }>>;
