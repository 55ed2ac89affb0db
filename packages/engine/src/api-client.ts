import type { Duplex, Readable } from "node:stream";
import type { Dispatcher } from "undici";
import { compareApiVersions, isApiVersion, NEWEST_API_VERSION, OLDEST_API_VERSION } from "./api-version.js";
import { EngineConfigError, EngineProtocolError, EngineVersionError } from "./errors.js";
import type { EngineResponse, Transport, TransportRequest } from "./transport.js";
import type { PingResult, VersionInfo } from "./types.js";

/** Every method takes one: aborting stops the request, closes its connection and rejects with the signal's reason. */
export interface SignalOption {
  signal?: AbortSignal | undefined;
}

export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface CallOptions extends SignalOption {
  query?: Query;
  /** A JSON body, sent as `application/json`. */
  json?: unknown;
  /** A tar body, streamed as `application/x-tar`. */
  tar?: Readable;
  headers?: Record<string, string>;
  accept?: readonly number[];
}

// The engine answers /_ping at once; a listener that accepts and then says nothing is not an engine.
const NEGOTIATION_TIMEOUT_MS = 30_000;

/** Sends versioned requests: negotiates the API version once, then prefixes every path with it. */
export class ApiClient {
  readonly transport: Transport;
  readonly #pinnedVersion: string | undefined;
  #negotiation: Promise<string> | undefined;

  /** `pinned.source` names where the version came from, for messages (`DOCKER_API_VERSION`). */
  constructor(transport: Transport, pinned: { version: string; source: string } | undefined) {
    const pinnedVersion = pinned?.version;
    if (pinned !== undefined) {
      if (!isApiVersion(pinned.version)) {
        throw new EngineConfigError(`${pinned.source} "${pinned.version}" is not an API version of the form 1.41`);
      }
      if (compareApiVersions(pinned.version, OLDEST_API_VERSION) < 0) {
        throw new EngineConfigError(
          `${pinned.source} ${pinned.version} is older than the oldest API version dfbuild speaks (${OLDEST_API_VERSION}, Docker 20.10)`,
        );
      }
    }
    this.transport = transport;
    this.#pinnedVersion = pinnedVersion;
  }

  get host(): string {
    return this.transport.endpoint.display;
  }

  async ping(options: SignalOption & { headersTimeout?: number } = {}): Promise<PingResult> {
    const response = await this.transport.send({ method: "GET", path: "/_ping", signal: options.signal, ...timeout(options) });
    await response.body.dump();
    const header = (name: string): string | undefined => {
      const value = response.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    return {
      apiVersion: header("api-version"),
      osType: header("ostype"),
      experimental: header("docker-experimental") === "true",
      builderVersion: header("builder-version"),
    };
  }

  /** The API version requests use: pinned, or negotiated once with the engine. */
  apiVersion(options: SignalOption = {}): Promise<string> {
    if (this.#pinnedVersion !== undefined) return Promise.resolve(this.#pinnedVersion);
    if (this.#negotiation === undefined) {
      const negotiation = this.#negotiate();
      this.#negotiation = negotiation;
      // A failed negotiation (engine down) is retried by the next call, not cached.
      negotiation.catch(() => {
        if (this.#negotiation === negotiation) this.#negotiation = undefined;
      });
    }
    // The negotiation is shared, so one caller's abort must not fail the others: each caller stops
    // waiting on its own signal while the negotiation goes on.
    return untilAborted(this.#negotiation, options.signal);
  }

  async #negotiate(): Promise<string> {
    const ping = await this.ping({ headersTimeout: NEGOTIATION_TIMEOUT_MS });
    let engineVersion = ping.apiVersion;
    let engineMinimum: string | undefined;
    if (engineVersion === undefined || !isApiVersion(engineVersion) || compareApiVersions(engineVersion, NEWEST_API_VERSION) > 0) {
      // Either the ping did not say, or the engine is newer than us and we must know its minimum.
      const version = await this.#unversioned<VersionInfo>("/version");
      engineVersion = version.ApiVersion;
      engineMinimum = version.MinAPIVersion;
      if (!isApiVersion(engineVersion)) {
        throw new EngineProtocolError(`the engine at ${this.host} reports API version "${engineVersion}"`);
      }
    }
    if (compareApiVersions(engineVersion, OLDEST_API_VERSION) < 0) {
      throw new EngineVersionError(
        `the Docker engine at ${this.host} speaks API ${engineVersion}, older than the ${OLDEST_API_VERSION} (Docker 20.10) dfbuild needs: upgrade the engine`,
        { host: this.host, engineApiVersion: engineVersion, engineMinApiVersion: engineMinimum },
      );
    }
    if (compareApiVersions(engineVersion, NEWEST_API_VERSION) <= 0) return engineVersion;
    if (engineMinimum !== undefined && isApiVersion(engineMinimum) && compareApiVersions(engineMinimum, NEWEST_API_VERSION) > 0) {
      throw new EngineVersionError(
        `the Docker engine at ${this.host} accepts API ${engineMinimum} or newer, and dfbuild speaks at most ${NEWEST_API_VERSION}: upgrade dfbuild`,
        { host: this.host, engineApiVersion: engineVersion, engineMinApiVersion: engineMinimum },
      );
    }
    return NEWEST_API_VERSION;
  }

  async #unversioned<T>(path: string): Promise<T> {
    const request = { method: "GET", path, headersTimeout: NEGOTIATION_TIMEOUT_MS } as const;
    const response = await this.transport.send(request);
    return parseJson(await readText(response, request, this.transport), request.method, path) as T;
  }

  async json<T>(method: Dispatcher.HttpMethod, path: string, options: CallOptions = {}): Promise<T> {
    const request = await this.prepare(method, path, options);
    const response = await this.transport.send(request);
    return parseJson(await readText(response, request, this.transport), method, request.path) as T;
  }

  /** Sends a request whose answer has no useful body. */
  async none(method: Dispatcher.HttpMethod, path: string, options: CallOptions = {}): Promise<void> {
    const request = await this.prepare(method, path, options);
    const response = await this.transport.send(request);
    try {
      await response.body.dump();
    } catch (error) {
      throw this.transport.translate(error, request);
    }
  }

  async upgrade(method: Dispatcher.HttpMethod, path: string, options: CallOptions = {}): Promise<{ socket: Duplex; path: string }> {
    const request = await this.prepare(method, path, options);
    return { socket: await this.transport.upgrade(request), path: request.path };
  }

  /** The request as it will be sent: versioned path, query string, body and content type. */
  async prepare(method: Dispatcher.HttpMethod, path: string, options: CallOptions = {}): Promise<TransportRequest> {
    const headers: Record<string, string> = { ...options.headers };
    let body: TransportRequest["body"];
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.tar !== undefined) {
      // Not just a nicety: an upload sent as a form is eaten by the engine's form parser.
      headers["content-type"] = "application/x-tar";
      body = options.tar;
    }
    return {
      method,
      path: `/v${await this.apiVersion(options)}${path}${queryString(options.query)}`,
      headers,
      body,
      signal: options.signal,
      accept: options.accept,
    };
  }
}

async function readText(response: EngineResponse, request: TransportRequest, transport: Transport): Promise<string> {
  try {
    return await response.body.text();
  } catch (error) {
    throw transport.translate(error, request);
  }
}

function parseJson(text: string, method: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EngineProtocolError(`the engine answered ${method} ${path} with a body that is not JSON: ${text.slice(0, 200)}`, {
      cause: error,
    });
  }
}

function timeout(options: { headersTimeout?: number }): Pick<TransportRequest, "headersTimeout"> {
  return options.headersTimeout === undefined ? {} : { headersTimeout: options.headersTimeout };
}

export function queryString(query: Query | undefined): string {
  if (query === undefined) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === "boolean") params.append(key, value ? "1" : "0");
    else if (typeof value === "number") params.append(key, String(value));
    else if (typeof value === "string") params.append(key, value);
    else for (const item of value) params.append(key, item);
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

/** Settles as `promise` does, or rejects with the signal's reason when it aborts first. */
async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) throw signal.reason;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<{ aborted: true }>((resolve) => {
    onAbort = () => {
      resolve({ aborted: true });
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    const outcome = await Promise.race([promise.then((value) => ({ aborted: false as const, value })), aborted]);
    if (outcome.aborted) throw signal.reason;
    return outcome.value;
  } finally {
    if (onAbort !== undefined) signal.removeEventListener("abort", onAbort);
  }
}

/** Encodes an ID or a name such as `dfbuild-test/busybox:latest` for a request path. */
export function segment(value: string): string {
  // Slashes, colons and at-signs stay as the Docker CLI sends them, so paths in messages stay readable.
  return encodeURIComponent(value).replace(/%(?:2F|3A|40)/gi, (escaped) => decodeURIComponent(escaped));
}
