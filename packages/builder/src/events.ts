import type { CacheMissReason } from "./cache-miss.js";

/** What a build reports as it goes; renderers (plain, tty, json) turn these into output. */
export type BuildEvent =
  /** A Dockerfile instruction starts: `Step N/M : TEXT`. Meta ARGs before the first FROM count too. */
  | { type: "step"; step: number; total: number; instruction: string; line: number; stage: string }
  /** Output of the engine or the builder that belongs to the current step, e.g. a pull. */
  | { type: "message"; step: number; text: string }
  | { type: "cache-hit"; step: number }
  /** A step missed the cache: why, as data (`reason`) and in one line (`text`; cache-miss.ts). */
  | { type: "cache-miss"; step: number; reason: CacheMissReason; text: string }
  /** A build container was created (`---> Running in <id>`). */
  | { type: "container"; step: number; id: string }
  /** Output of a RUN container, as it arrives. */
  | { type: "output"; step: number; stream: "stdout" | "stderr"; data: string }
  | { type: "container-removed"; step: number; id: string }
  /**
   * A step ended with an image (`---> <id>`); meta ARGs end without one, and so do steps folded
   * into the next image (`--fold-metadata`: `folded` is true).
   */
  | { type: "step-done"; step: number; imageId: string | null; cached: boolean; folded?: true; durationMs: number }
  | { type: "triggers"; step: number; count: number }
  | { type: "warning"; text: string }
  /** What the build does beyond its steps: cache import and export, `--push`, `--output`. */
  | { type: "info"; text: string }
  /**
   * Before the build: what builds that no longer run had left on the engine was removed. `text`
   * says it in one line: `Removed 1 container and 1 volume left behind by builds that no longer run`.
   */
  | { type: "leftovers-removed"; containers: number; volumes: number; images: number; text: string }
  | { type: "built"; imageId: string; durationMs: number }
  | { type: "tagged"; name: string };
