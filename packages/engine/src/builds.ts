import type { ApiClient } from "./api-client.js";
import { progressEvents } from "./progress.js";
import { tarStream, type TarSource } from "./tar-source.js";
import type { ProgressEvent } from "./types.js";

export interface EngineBuildOptions {
  signal?: AbortSignal | undefined;
  /** `1`: the classic builder; `2`: the engine's BuildKit (it needs no session for a context sent as the body). */
  version?: "1" | "2";
  /** `name:tag` for the result. */
  tag?: string;
  /** The Dockerfile's path inside the context (default `Dockerfile`). */
  dockerfile?: string;
  buildArgs?: Readonly<Record<string, string>>;
  labels?: Readonly<Record<string, string>>;
  target?: string;
  noCache?: boolean;
  pull?: boolean;
  /** `default`, `none`, `host` or a network name (BuildKit accepts `default`, `none` and `host`). */
  networkMode?: string;
  platform?: string;
}

/** The engine's own builders (`POST /build`): a reference to compare with, not how dfbuild builds. */
export class Builds {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  /**
   * Builds from a context tar and yields the engine's events; with BuildKit the image ID comes as
   * `{ id: "moby.image.id", aux: { ID } }`, with the classic builder as `{ aux: { ID } }`. Failures
   * are thrown as `EngineStreamError`s. The request is sent when iteration starts.
   */
  async *build(context: TarSource, options: EngineBuildOptions = {}): AsyncGenerator<ProgressEvent, void, undefined> {
    yield* progressEvents(this.#api, "POST", "/build", {
      query: {
        version: options.version,
        t: options.tag,
        dockerfile: options.dockerfile,
        buildargs: options.buildArgs === undefined ? undefined : JSON.stringify(options.buildArgs),
        labels: options.labels === undefined ? undefined : JSON.stringify(options.labels),
        target: options.target,
        nocache: options.noCache,
        pull: options.pull,
        networkmode: options.networkMode,
        platform: options.platform,
        rm: true,
        forcerm: true,
      },
      tar: tarStream(context),
      signal: options.signal,
    });
  }
}
