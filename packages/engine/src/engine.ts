import { ApiClient, type SignalOption } from "./api-client.js";
import { Builds } from "./builds.js";
import { Containers } from "./containers.js";
import { resolveEndpoint, type EndpointOptions } from "./endpoint.js";
import { Images } from "./images.js";
import { DockerCredentials, registryOfReference, type RegistryAuth } from "./registry-auth.js";
import { Transport, type ConnectionStats, type RequestTiming } from "./transport.js";
import type { PingResult, SystemInfo, VersionInfo } from "./types.js";
import { Volumes } from "./volumes.js";

export interface EngineOptions extends EndpointOptions {
  /**
   * Speak exactly this API version instead of negotiating it; defaults to `DOCKER_API_VERSION`, as
   * with the Docker CLI.
   */
  apiVersion?: string;
  /** Where `docker login` keeps credentials (config.json); defaults to `DOCKER_CONFIG`, then `~/.docker`. */
  dockerConfigDir?: string;
  /** Called once each request is answered (or failed), with its timing: for `DFBUILD_TRACE_API` logs. */
  onRequest?: (timing: RequestTiming) => void;
}

/**
 * A Docker engine, reached over its local socket or TCP (with TLS). Creating one does no I/O beyond
 * reading certificate files; the first request negotiates the API version. Call `close()` when done.
 */
export class Engine {
  /** The engine's address, e.g. `unix:///var/run/docker.sock`, as it appears in error messages. */
  readonly host: string;
  readonly containers: Containers;
  readonly images: Images;
  readonly volumes: Volumes;
  /** The engine's own builders (`POST /build`). */
  readonly builds: Builds;
  readonly #api: ApiClient;
  readonly #credentials: DockerCredentials;

  constructor(options: EngineOptions = {}) {
    const env = options.env ?? process.env;
    const endpoint = resolveEndpoint(options);
    const fromEnv = env.DOCKER_API_VERSION === "" ? undefined : env.DOCKER_API_VERSION;
    const pinned =
      options.apiVersion !== undefined
        ? { version: options.apiVersion, source: "apiVersion" }
        : fromEnv !== undefined
          ? { version: fromEnv, source: "DOCKER_API_VERSION" }
          : undefined;
    this.#api = new ApiClient(new Transport(endpoint, options.onRequest), pinned);
    this.host = endpoint.display;
    this.containers = new Containers(this.#api);
    this.#credentials = new DockerCredentials({ configDir: options.dockerConfigDir, env });
    this.images = new Images(this.#api, this.#credentials);
    this.volumes = new Volumes(this.#api);
    this.builds = new Builds(this.#api);
  }

  /**
   * The credentials pulls and pushes of `reference` send, from the docker config as the docker CLI
   * finds them; `undefined` means anonymous. Answers are remembered for the engine's lifetime.
   */
  registryAuth(reference: string): Promise<RegistryAuth | undefined> {
    return this.#credentials.forRegistry(registryOfReference(reference));
  }

  /** `GET /_ping`: whether the engine answers, and the API version and OS it reports. */
  ping(options: SignalOption = {}): Promise<PingResult> {
    return this.#api.ping(options);
  }

  /** The API version requests use: the older of the engine's newest and this client's newest. */
  apiVersion(options: SignalOption = {}): Promise<string> {
    return this.#api.apiVersion(options);
  }

  version(options: SignalOption = {}): Promise<VersionInfo> {
    return this.#api.json("GET", "/version", { signal: options.signal });
  }

  info(options: SignalOption = {}): Promise<SystemInfo> {
    return this.#api.json("GET", "/info", { signal: options.signal });
  }

  /** Open connections and requests in flight: after every request has ended, `running` is 0. */
  connectionStats(): ConnectionStats {
    return this.#api.transport.stats();
  }

  /** Closes every connection once the requests in flight have ended; abort those first to end them now. */
  close(): Promise<void> {
    return this.#api.transport.close();
  }
}
