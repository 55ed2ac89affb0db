/** What a stage has built so far: the state every instruction handler reads and updates. */
import type { StageArgs } from "./args.js";
import { type ImageConfig, envMap } from "./config.js";
import type { WrittenKind } from "./layer-paths.js";
import type { StageHistoryItem } from "./metadata-fold.js";

export interface StageState {
  name: string;
  /** The current image: the last step's. */
  imageId: string;
  /** The image the stage started from, as others see it: the stage's result if it adds nothing. */
  baseImageId: string;
  /** Whether any step made (or reused) an image on top of the base. */
  changed: boolean;
  /** The config the image should have, without the Dockerfile's VOLUMEs (see `volumes`). */
  config: ImageConfig;
  /**
   * VOLUMEs the Dockerfile declared: kept out of intermediate images so that COPY into them
   * persists and RUN writes under them are dropped, as in the classic builder (a container made
   * from an image with Volumes would write COPY's files into an anonymous volume).
   */
  volumes: string[];
  /** A CMD with arguments appeared in this stage: ENTRYPOINT then keeps it. */
  cmdSet: boolean;
  author: string;
  args: StageArgs;
  /** After the first miss every later step misses, as in the classic builder (`imageprobe.go`). */
  cacheBusted: boolean;
  /**
   * The stage's steps ignore the cache (`--no-cache`, or `--no-cache-filter` naming it): its RUNs
   * start their cache mounts empty, as BuildKit detaches them for a step that ignores the cache.
   */
  ignoreCache: boolean;
  platform: { os: string; architecture: string; variant?: string };
  /** The step that made (or found) `imageId`: its cache key and the image it started from. */
  lastStep?: { key: string; parent: string; image: string };
  /**
   * `imageId` is a stage's final image standing in for a step image (`CacheRecord.final`): its
   * config has the VOLUMEs, so a later step's container is made from a copy without them.
   */
  finalImage?: boolean;
  /**
   * The stage's steps in order, and those of the stage it starts from (`FROM <stage>`): which
   * made an image and which were folded (`--fold-metadata`, metadata-fold.ts), for the history
   * of its final image.
   */
  history?: StageHistoryItem[];
  /** The last step was folded: it ended without an image of its own. */
  stepFolded?: boolean;
  /**
   * Images of metadata steps made from their configs (and of COPY steps with layers built here)
   * that the engine does not have yet, in step order, the first a child of `base`: loaded
   * together, in one request, before anything needs them (step.ts `loadPendingImages`). Their IDs
   * are their configs' digests, known before the load.
   */
  pending?: PendingImages;
  /**
   * A container of the stage's image on the engine, asked what paths are by COPY steps whose
   * layers are built here (layer-paths.ts): never started, or the committed container of the step
   * that made the image (`keepPathProbe`); removed when the stage ends.
   */
  pathProbe?: { image: string; container: string | Promise<string> };
}

export interface PendingImages {
  /** The image the first pending one is a child of, and its stored config. */
  base: { id: string; raw: Buffer };
  /** Each image's stored config, the cache key of its step and the image the step started from. */
  images: { raw: Buffer; key: string; parent: string; layer?: PendingLayer }[];
}

/** A COPY's layer built here (copy.ts `copyLayer`), sent with its image's load. */
export interface PendingLayer {
  diffId: string;
  tar: Buffer;
  /** What it writes where (layer-paths.ts answers later COPYs from it). */
  paths: ReadonlyMap<string, WrittenKind>;
}

/**
 * The variables a word of an instruction is expanded with: the image's environment and the build
 * args in effect that it does not shadow (moby `dispatch` in `evaluator.go`).
 */
export function expansionEnv(state: StageState): Map<string, string> {
  const env = envMap(state.config.Env);
  for (const [name, value] of state.args.effective(state.config.Env)) env.set(name, value);
  return env;
}
