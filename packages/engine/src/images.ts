import type { Readable } from "node:stream";
import { segment, type ApiClient, type SignalOption } from "./api-client.js";
import { progressEvents } from "./progress.js";
import { tarStream, type TarSource } from "./tar-source.js";
import { type DockerCredentials, encodeRegistryAuth, registryOfReference, type RegistryAuth } from "./registry-auth.js";
import type { Filters, ImageDeleteResponseItem, ImageHistoryEntry, ImageInspect, ImageSummary, ProgressEvent } from "./types.js";

export interface ListImagesOptions extends SignalOption {
  /** Include intermediate images (those without tags that other images build on). */
  all?: boolean;
  filters?: Filters;
  digests?: boolean;
}

export interface TagImageOptions extends SignalOption {
  repo: string;
  tag?: string;
}

export interface RemoveImageOptions extends SignalOption {
  force?: boolean;
  /** Keep untagged parents. */
  noprune?: boolean;
}

export interface PullOptions extends SignalOption {
  /** `os[/arch[/variant]]`. */
  platform?: string;
  /**
   * Credentials for the image's registry. By default they come from the docker config, as the
   * docker CLI finds them (`credHelpers`, `credsStore`, `auths`); `null` pulls anonymously.
   */
  auth?: RegistryAuth | null;
}

export interface PushOptions extends SignalOption {
  /**
   * The tag to push. Required: without one the engine pushes every local tag of the repository
   * (moby `distribution/push.go`), which is never what a build means.
   */
  tag: string;
  /** Credentials, as for a pull; `null` pushes anonymously. */
  auth?: RegistryAuth | null;
}

export interface ImportOptions extends SignalOption {
  repo?: string;
  tag?: string;
  /** The history entry's comment. */
  message?: string;
  /** Dockerfile instructions applied to the new image's config, e.g. `CMD ["/bin/sh"]`. */
  changes?: string[];
  platform?: string;
}

export class Images {
  readonly #api: ApiClient;
  readonly #credentials: DockerCredentials;

  constructor(api: ApiClient, credentials: DockerCredentials) {
    this.#api = api;
    this.#credentials = credentials;
  }

  inspect(name: string, options: SignalOption = {}): Promise<ImageInspect> {
    return this.#api.json("GET", `/images/${segment(name)}/json`, { signal: options.signal });
  }

  list(options: ListImagesOptions = {}): Promise<ImageSummary[]> {
    return this.#api.json("GET", "/images/json", {
      query: {
        all: options.all,
        digests: options.digests,
        filters: options.filters === undefined ? undefined : JSON.stringify(options.filters),
      },
      signal: options.signal,
    });
  }

  history(name: string, options: SignalOption = {}): Promise<ImageHistoryEntry[]> {
    return this.#api.json("GET", `/images/${segment(name)}/history`, { signal: options.signal });
  }

  async tag(name: string, options: TagImageOptions): Promise<void> {
    await this.#api.none("POST", `/images/${segment(name)}/tag`, {
      query: { repo: options.repo, tag: options.tag },
      signal: options.signal,
    });
  }

  remove(name: string, options: RemoveImageOptions = {}): Promise<ImageDeleteResponseItem[]> {
    return this.#api.json("DELETE", `/images/${segment(name)}`, {
      query: { force: options.force, noprune: options.noprune },
      signal: options.signal,
    });
  }

  /**
   * Pulls an image, yielding the engine's progress events; the request is sent when iteration starts.
   * A reference without a tag pulls `latest` (never every tag).
   */
  async *pull(reference: string, options: PullOptions = {}): AsyncGenerator<ProgressEvent, void, undefined> {
    const { name, tag } = splitReference(reference);
    const auth = options.auth === undefined ? await this.#credentials.forRegistry(registryOfReference(reference)) : options.auth;
    yield* progressEvents(this.#api, "POST", "/images/create", {
      query: { fromImage: name, tag, platform: options.platform },
      headers: auth === null || auth === undefined ? {} : { "x-registry-auth": encodeRegistryAuth(auth) },
      signal: options.signal,
    });
  }

  /**
   * Pushes `name:tag` (`POST /images/{name}/push`), yielding the engine's progress events; the
   * request is sent when iteration starts. The event with `aux.Digest` names the manifest pushed.
   * Failures after the push started (a refused credential, a layer the registry rejects) arrive
   * in-band and throw an `EngineStreamError`.
   */
  async *push(name: string, options: PushOptions): AsyncGenerator<ProgressEvent, void, undefined> {
    const auth = options.auth === undefined ? await this.#credentials.forRegistry(registryOfReference(name)) : options.auth;
    yield* progressEvents(this.#api, "POST", `/images/${segment(name)}/push`, {
      query: { tag: options.tag },
      // A 20.10 engine answers 400 "Bad parameters and missing X-Registry-Auth" to a push with
      // neither this header nor a JSON body, so anonymous is sent as `{}` (docker/cli does the same).
      headers: { "x-registry-auth": encodeRegistryAuth(auth ?? {}) },
      signal: options.signal,
    });
  }

  /**
   * Creates an image with one layer from a tar stream of a root filesystem, streaming it, and yields
   * the engine's progress events; the last one's `status` is the new image's ID. The request is
   * sent when iteration starts.
   */
  async *import(
    tar: TarSource,
    options: ImportOptions = {},
  ): AsyncGenerator<ProgressEvent, void, undefined> {
    yield* progressEvents(this.#api, "POST", "/images/create", {
      query: {
        fromSrc: "-",
        repo: options.repo,
        tag: options.tag,
        message: options.message,
        changes: options.changes,
        platform: options.platform,
      },
      tar: tarStream(tar),
      signal: options.signal,
    });
  }

  /**
   * Exports images as a docker-archive tar (`GET /images/get`): every layer, each config and a
   * manifest. Read the stream to the end or destroy it: the connection is held until then.
   */
  async save(names: readonly string[], options: SignalOption = {}): Promise<Readable> {
    const request = await this.#api.prepare("GET", "/images/get", { query: { names }, signal: options.signal });
    const response = await this.#api.transport.send(request);
    return response.body;
  }

  /**
   * Loads images from a docker-archive tar (`POST /images/load`), streaming it, and yields the
   * engine's progress events (`stream: "Loaded image ID: sha256:…"`). Layers the engine already has
   * are not read from the archive, so a manifest and config alone can re-create an image whose
   * layers exist. The request is sent when iteration starts.
   */
  async *load(tar: TarSource, options: SignalOption = {}): AsyncGenerator<ProgressEvent, void, undefined> {
    yield* progressEvents(this.#api, "POST", "/images/load", {
      query: { quiet: true },
      tar: tarStream(tar),
      signal: options.signal,
    });
  }
}

/**
 * Splits `name[:tag][@digest]` into the engine's `fromImage` and `tag` parameters. Sending no tag
 * would make the engine pull every tag of the repository.
 */
export function splitReference(reference: string): { name: string; tag: string } {
  const at = reference.indexOf("@");
  if (at !== -1) return { name: reference.slice(0, at), tag: reference.slice(at + 1) };
  const colon = reference.lastIndexOf(":");
  // A colon before the last slash belongs to a registry host's port (localhost:5000/app).
  if (colon > reference.lastIndexOf("/")) return { name: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { name: reference, tag: "latest" };
}
