import { Agent as HttpAgent, type AgentOptions as HttpAgentOptions, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions, request as httpRequest } from "node:http";
import type { Socket } from "node:net";
import { Readable, type Duplex } from "node:stream";
import { finished } from "node:stream/promises";
import type { Dispatcher, Pool as UndiciPool, buildConnector as BuildConnector } from "undici";
import type { Endpoint } from "./endpoint.js";
import {
  EngineClientError,
  EngineError,
  EngineProtocolError,
  EngineTlsError,
  EngineUnreachableError,
} from "./errors.js";

export interface TransportRequest {
  method: Dispatcher.HttpMethod;
  /** The full path as sent: API version prefix, path and query string. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: AbortSignal | undefined;
  /** Statuses outside 2xx that are answers, not failures (304 from start, for one). */
  accept?: readonly number[];
  /** Milliseconds to wait for the response headers; by default no limit (see the pool settings). */
  headersTimeout?: number;
}

/** A response body: a stream, which can also be read whole. */
export interface ResponseBody extends Readable {
  /** The whole body, as UTF-8 text. */
  text(): Promise<string>;
  /** Reads the body to its end, keeping nothing. */
  dump(): Promise<void>;
}

/** The engine's answer to a request: its status, headers (names in lower case) and body. */
export interface EngineResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: ResponseBody;
}

/** How many connections the client holds, for diagnostics and leak checks. */
export interface ConnectionStats {
  /** Keep-alive connections, busy or idle. */
  connected: number;
  /** Requests being answered. */
  running: number;
  /** Requests waiting for a connection. */
  pending: number;
  /** Connections handed over to an attach stream and still open. */
  attached: number;
}

/**
 * One request as the engine answered it, for a timing log (`EngineOptions.onRequest`): when it
 * was sent (ms since the process started, `performance.now()`), how long until the answer's
 * headers came, and the status (0 when no answer came: the connection failed or the caller aborted).
 */
export interface RequestTiming {
  method: string;
  /** The path as sent, with the API version and query string. */
  path: string;
  status: number;
  startMs: number;
  durationMs: number;
}

/** Errors raised by request bodies the caller supplied: theirs to see unchanged, whatever their code. */
const sourceFailures = new WeakSet<object>();

// Enough of an error body to quote; the engine's error bodies are one short JSON object.
const ERROR_BODY_LIMIT = 64 * 1024;
// A received TLS alert is looked up while the failed request is reported, a moment later.
const TLS_ALERT_MEMORY_MS = 10_000;
// The code of the error a request gets when the engine's headers do not come in time.
const HEADERS_TIMEOUT = "DFB_HEADERS_TIMEOUT";

/**
 * The connections to one engine. A plain one (the local socket, `tcp://` without TLS) is Node's
 * own HTTP client, whose parser is native: undici parses in WebAssembly, which it compiles at a
 * process's first request, and its dispatch machinery cost a fully cached build most of its CPU
 * time (a 20-step rebuild took ~75 ms more CPU with undici than with node:http on the same
 * requests). TLS goes through undici, loaded on first use, which keeps the engine's TLS alerts
 * (`#connectOptions`). Either way connections are kept alive and reused, and there is no limit
 * on their number: a builder holds long requests (wait, followed logs) while it sends others,
 * which must not queue behind them.
 */
export class Transport {
  readonly endpoint: Endpoint;
  /** Plain HTTP's keep-alive connections (idle ones do not keep the process alive: Node unrefs them). */
  readonly #agent: HttpAgent | undefined;
  /** Where plain HTTP connects: the socket, or the host and port. */
  readonly #target: Pick<RequestOptions, "socketPath" | "host" | "port">;
  /** TLS's undici pool, made on first use. */
  #pool: Promise<UndiciPool> | undefined;
  #poolMade: UndiciPool | undefined;
  /** Plain HTTP requests sent and not yet answered and read (or failed). */
  #running = 0;
  /** `close` calls waiting for `#running` to reach 0. */
  #idleWaiters: (() => void)[] = [];
  readonly #attached = new Set<Duplex>();
  /** TLS alerts the engine sent, by the local port of the connection that received them. */
  readonly #tlsAlerts = new Map<number, Error>();
  readonly #onRequest: ((timing: RequestTiming) => void) | undefined;

  constructor(endpoint: Endpoint, onRequest?: (timing: RequestTiming) => void) {
    this.endpoint = endpoint;
    this.#onRequest = onRequest;
    if (endpoint.tls === undefined) {
      // An empty TLS server name, which plain HTTP never uses: otherwise the agent works one out for
      // every request (`normalizeServerName` in Node's lib/_http_agent.js), testing the host with
      // its IPv6 pattern, a regular expression compiled on first use (~3 ms of a cached build).
      this.#agent = new HttpAgent({ keepAlive: true, servername: "" } as HttpAgentOptions);
      if (endpoint.socketPath !== undefined) this.#target = { socketPath: endpoint.socketPath };
      else {
        const url = new URL(endpoint.origin);
        // An IPv6 address is bracketed in a URL, not in a host to connect to.
        this.#target = { host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port: url.port === "" ? 80 : Number(url.port) };
      }
    } else this.#target = {};
  }

  /** undici's pool for a TLS engine, loaded and made on first use. */
  #undiciPool(): Promise<UndiciPool> {
    this.#pool ??= import("./undici-parts.js").then(({ Pool, buildConnector }) => {
      this.#poolMade = new Pool(this.endpoint.origin, {
        // No time limits by default: commits of big layers, pulls and waits legitimately take longer
        // than any fixed limit, and every call takes an AbortSignal (AbortSignal.timeout() for a limit).
        headersTimeout: 0,
        bodyTimeout: 0,
        connect: this.#connectOptions(buildConnector),
      });
      return this.#poolMade;
    });
    return this.#pool;
  }

  #connectOptions(buildConnector: typeof BuildConnector): UndiciPool.Options["connect"] {
    const { tls } = this.endpoint;
    if (tls === undefined) return {};
    const connectTls = buildConnector({ ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.files.verify !== false });
    // With TLS 1.3 the engine checks the client certificate after the client considers the
    // handshake done, and answers a bad one with an alert on the first request. undici reports
    // that request as "other side closed" and drops the alert, so the alert is kept here to say
    // what really happened.
    return (options, callback) => {
      connectTls(options, (...result) => {
        const [, socket] = result;
        socket?.once("error", (error: NodeJS.ErrnoException) => {
          const port = socket.localPort;
          if (port === undefined || typeof error.code !== "string" || !PEER_ALERT.test(error.code)) return;
          this.#tlsAlerts.set(port, error);
          setTimeout(() => this.#tlsAlerts.delete(port), TLS_ALERT_MEMORY_MS).unref();
        });
        callback(...result);
      });
    };
  }

  /** A plain HTTP request to the engine, counted in `#running` until `done` is called (once). */
  #plainRequest(agent: HttpAgent, method: string, path: string, headers: Record<string, string>, signal: AbortSignal | undefined): { outgoing: ClientRequest; done: () => void } {
    this.#running++;
    let counted = true;
    const done = (): void => {
      if (!counted) return;
      counted = false;
      this.#running--;
      if (this.#running > 0) return;
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const wake of waiters) wake();
    };
    try {
      const outgoing = httpRequest({ agent, method, path, headers, ...this.#target, ...(signal === undefined ? {} : { signal }) });
      return { outgoing, done };
    } catch (error) {
      // Refused before anything was sent (a path or header Node will not write): nothing runs.
      done();
      throw error;
    }
  }

  /**
   * `send` over plain HTTP, as undici's `request` answers: rejects when no answer comes (the
   * caller's abort, a failed connection, a failed upload source), and resolves with the answer's
   * body to read.
   */
  #sendPlain(agent: HttpAgent, request: TransportRequest): Promise<EngineResponse> {
    const { signal, body } = request;
    // An upload that ends early (the caller aborted, the connection failed, the engine answered
    // before reading it all) stops reading its source, which is not read again.
    const stopUpload = (): void => {
      if (body instanceof Readable && !body.readableEnded) body.destroy();
    };
    // Nothing is sent for a signal already aborted, and an upload's source is closed, as undici does.
    if (signal?.aborted === true) {
      stopUpload();
      return Promise.reject(signal.reason as Error);
    }
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...request.headers };
      if (typeof body === "string") headers["content-length"] = String(Buffer.byteLength(body));
      // Aborted once the answer came, its body fails with the abort. Listening before the request
      // is made runs this before Node's own handling of the request's signal, which dumps what is
      // left of the body (`ClientRequest.destroy` calls `res._dump()`, lib/_http_client.js): a body
      // that had all arrived would then end early without an error, and its reader (a tar being
      // extracted, a save being written) would take what it had got for the whole.
      let answer: IncomingMessage | undefined;
      const onAbort = (): void => {
        if (answer === undefined || answer.readableEnded) return;
        const reason: unknown = signal?.reason;
        answer.destroy(reason instanceof Error ? reason : new Error(String(reason)));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const unlisten = (): void => signal?.removeEventListener("abort", onAbort);
      let sending: { outgoing: ClientRequest; done: () => void };
      try {
        sending = this.#plainRequest(agent, request.method, request.path, headers, signal);
      } catch (error) {
        unlisten();
        stopUpload();
        // Thrown in the executor, it rejects the promise.
        throw error;
      }
      const { outgoing, done } = sending;
      let answered = false;
      const timer =
        request.headersTimeout === undefined
          ? undefined
          : setTimeout(() => {
              outgoing.destroy(Object.assign(new Error(`no answer in ${String(request.headersTimeout)} ms`), { code: HEADERS_TIMEOUT }));
            }, request.headersTimeout);
      // `on`, not `once`: a request can fail more than once (its socket, then its upload), and an
      // error event nobody listens to would end the process.
      outgoing.on("error", (error) => {
        clearTimeout(timer);
        if (answered) return;
        unlisten();
        stopUpload();
        done();
        reject(error);
      });
      outgoing.once("response", (message: IncomingMessage) => {
        clearTimeout(timer);
        answered = true;
        answer = message;
        // An answer received whole is over, read or not, as undici counts it: close() does not wait
        // for a reader that may never come, nor does its connection keep the process alive. Node
        // frees the connection only once the body has been read (`responseOnEnd`,
        // lib/_http_client.js), and says nothing when the parser completes the message: its
        // `complete` is looked at after each chunk the connection brings, and once the answer came.
        const { socket } = message;
        const whenComplete = (): void => {
          if (!message.complete) return;
          socket.off("data", whenComplete);
          // Read already: the connection went back to the agent, and may be another request's now.
          if (message.readableEnded) return;
          // Not while an upload is still being written to it.
          if (outgoing.writableFinished) socket.unref();
          done();
        };
        socket.on("data", whenComplete);
        const firstLook = setImmediate(whenComplete);
        message.once("close", () => {
          clearImmediate(firstLook);
          socket.off("data", whenComplete);
          unlisten();
          done();
        });
        resolve({ statusCode: message.statusCode ?? 0, headers: message.headers, body: readableBody(message) });
      });
      if (body instanceof Readable) {
        outgoing.once("close", stopUpload);
        body.once("error", (error) => outgoing.destroy(error));
        body.pipe(outgoing);
      } else outgoing.end(body);
    });
  }

  /** The TLS alert received on the connection a socket error came from, if any. */
  #tlsAlertBehind(error: unknown): Error | undefined {
    const socket = (error as { socket?: { localPort?: unknown } } | null)?.socket;
    if (typeof socket?.localPort !== "number") return undefined;
    const alert = this.#tlsAlerts.get(socket.localPort);
    this.#tlsAlerts.delete(socket.localPort);
    return alert;
  }

  #timed(request: Pick<TransportRequest, "method" | "path">, status: number, started: number): void {
    if (this.#onRequest === undefined) return;
    const now = performance.now();
    this.#onRequest({ method: request.method, path: request.path, status, startMs: started, durationMs: now - started });
  }

  /** Sends a request; resolves with the response when its status is 2xx or accepted. */
  async send(request: TransportRequest): Promise<EngineResponse> {
    if (request.body instanceof Readable) {
      // A file the caller's tar stream could not read fails with ENOENT too, which must not be
      // mistaken for a missing engine socket.
      request.body.once("error", (error: unknown) => {
        if (typeof error === "object" && error !== null) sourceFailures.add(error);
      });
    }
    let response: EngineResponse;
    const started = this.#onRequest === undefined ? 0 : performance.now();
    try {
      if (this.#agent !== undefined) response = await this.#sendPlain(this.#agent, request);
      else {
        const pool = await this.#undiciPool();
        response = await pool.request({
          method: request.method,
          path: request.path,
          headers: request.headers,
          body: request.body ?? null,
          signal: request.signal,
          ...(request.headersTimeout === undefined ? {} : { headersTimeout: request.headersTimeout }),
        });
      }
    } catch (error) {
      this.#timed(request, 0, started);
      throw this.translate(error, request);
    }
    const { statusCode } = response;
    this.#timed(request, statusCode, started);
    if ((statusCode >= 200 && statusCode < 300) || request.accept?.includes(statusCode) === true) {
      return response;
    }
    let text = "";
    try {
      if (request.method === "HEAD") await response.body.dump();
      else text = (await response.body.text()).slice(0, ERROR_BODY_LIMIT);
    } catch (error) {
      throw this.translate(error, request);
    }
    throw this.#responseError(statusCode, text, request);
  }

  /**
   * Sends a request that switches the connection to a raw stream (`Upgrade: tcp`, answered 101) and
   * resolves with that connection, which leaves the pool. Any other answer is read as an error.
   */
  async upgrade(request: TransportRequest): Promise<Duplex> {
    const { signal } = request;
    if (signal?.aborted === true) throw signal.reason;
    const started = this.#onRequest === undefined ? 0 : performance.now();
    const outcome = this.#agent !== undefined ? await this.#upgradePlain(this.#agent, request) : await this.#upgradeTls(await this.#undiciPool(), request);
    this.#timed(request, "failure" in outcome ? 0 : 101, started);
    if ("failure" in outcome) throw outcome.failure;
    return outcome.socket;
  }

  /** `upgrade` over plain HTTP: the connection leaves the agent once the engine switched it. */
  #upgradePlain(agent: HttpAgent, request: TransportRequest): Promise<{ socket: Duplex } | { failure: unknown }> {
    const { signal } = request;
    return new Promise((settleWith) => {
      const { outgoing, done } = this.#plainRequest(agent, request.method, request.path, { ...request.headers, connection: "Upgrade", upgrade: "tcp" }, undefined);
      let settled = false;
      const settle = (result: { socket: Duplex } | { failure: unknown }): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        done();
        settleWith(result);
      };
      const onAbort = (): void => {
        outgoing.destroy();
        settle({ failure: signal?.reason });
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      outgoing.on("error", (error) => {
        settle({ failure: this.translate(error, request) });
      });
      outgoing.once("upgrade", (_response: IncomingMessage, socket: Socket, head: Buffer) => {
        if (settled) {
          socket.destroy();
          return;
        }
        // What the engine sent right after its answer's headers is the stream's start.
        if (head.length > 0) socket.unshift(head);
        this.#attached.add(socket);
        socket.once("close", () => this.#attached.delete(socket));
        settle({ socket });
      });
      outgoing.once("response", (response: IncomingMessage) => {
        const body: Buffer[] = [];
        let bodyLength = 0;
        response.on("data", (chunk: Buffer) => {
          if (bodyLength < ERROR_BODY_LIMIT) {
            body.push(chunk);
            bodyLength += chunk.length;
          }
        });
        response.once("end", () => {
          settle({ failure: this.#notSwitched(response.statusCode ?? 0, Buffer.concat(body).toString("utf8"), request) });
        });
        response.once("error", (error) => {
          settle({ failure: this.translate(error, request) });
        });
      });
      outgoing.end();
    });
  }

  /** The failure of an upgrade the engine answered without switching protocols. */
  #notSwitched(status: number, text: string, request: TransportRequest): Error {
    return status >= 200 && status < 300
      ? new EngineProtocolError(
          `the engine at ${this.endpoint.display} answered ${status} to ${request.method} ${request.path} instead of switching to a raw stream (101)`,
        )
      : this.#responseError(status, text, request);
  }

  /** `upgrade` through undici (TLS). */
  #upgradeTls(pool: UndiciPool, request: TransportRequest): Promise<{ socket: Duplex } | { failure: unknown }> {
    const { signal } = request;
    return new Promise<{ socket: Duplex } | { failure: unknown }>((settleWith) => {
      let controller: Dispatcher.DispatchController | undefined;
      let settled = false;
      let status = 0;
      const body: Buffer[] = [];
      let bodyLength = 0;

      const settle = (result: { socket: Duplex } | { failure: unknown }): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener("abort", onAbort);
        settleWith(result);
      };
      const abortReason = (): Error => {
        const reason: unknown = signal?.reason;
        return reason instanceof Error ? reason : new Error(String(reason));
      };
      const onAbort = (): void => {
        controller?.abort(abortReason());
        settle({ failure: signal?.reason });
      };
      signal?.addEventListener("abort", onAbort, { once: true });

      const handler: Dispatcher.DispatchHandler = {
        onRequestStart: (started) => {
          controller = started;
          // Aborted while waiting for a connection: stop before anything is sent.
          if (settled) started.abort(abortReason());
        },
        onRequestUpgrade: (_controller, _status, _headers, socket) => {
          if (settled) {
            socket.destroy();
            return;
          }
          this.#attached.add(socket);
          socket.once("close", () => this.#attached.delete(socket));
          settle({ socket });
        },
        onResponseStart: (_controller, statusCode) => {
          status = statusCode;
        },
        onResponseData: (_controller, chunk) => {
          if (bodyLength < ERROR_BODY_LIMIT) {
            body.push(chunk);
            bodyLength += chunk.length;
          }
        },
        onResponseEnd: () => {
          settle({ failure: this.#notSwitched(status, Buffer.concat(body).toString("utf8"), request) });
        },
        onResponseError: (_controller, error) => {
          settle({ failure: this.translate(error, request) });
        },
      };
      pool.dispatch({ method: request.method, path: request.path, headers: request.headers, body: null, upgrade: "tcp" }, handler);
    });
  }

  /**
   * Turns a failure while sending or reading into the error a caller should see: the abort reason
   * when the caller aborted, a precise connection or TLS error, or the original error (say, one
   * raised by the caller's own upload stream).
   */
  translate(error: unknown, request: Pick<TransportRequest, "method" | "path" | "signal">): unknown {
    if (request.signal?.aborted === true) return request.signal.reason;
    if (error instanceof EngineClientError) return error;
    if (typeof error === "object" && error !== null && sourceFailures.has(error)) return error;
    const underlying = this.#tlsAlertBehind(error) ?? error;
    const failure = describeFailure(underlying);
    if (failure === undefined) return error;
    const { display } = this.endpoint;

    const tls = this.endpoint.tls;
    if (tls !== undefined) {
      const tlsError = tlsFailure(failure, this.endpoint, tls, underlying);
      if (tlsError !== undefined) return tlsError;
    }

    const details = { host: display, reason: failure.code, cause: error };
    switch (failure.code) {
      case "ENOENT":
      case "ECONNREFUSED":
        return new EngineUnreachableError(`cannot connect to the Docker engine at ${display} — is dockerd running?`, details);
      case "EACCES":
      case "EPERM":
        return new EngineUnreachableError(
          `cannot connect to the Docker engine at ${display} — permission denied: run as root or as a member of the docker group`,
          details,
        );
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return new EngineUnreachableError(
          `cannot connect to the Docker engine at ${display} — the host name ${String(this.endpoint.hostname)} does not resolve`,
          details,
        );
      case "ETIMEDOUT":
      case "EHOSTUNREACH":
      case "ENETUNREACH":
      case "UND_ERR_CONNECT_TIMEOUT":
        return new EngineUnreachableError(
          `cannot connect to the Docker engine at ${display} — no answer (${failure.code}); is the address right and the port open?`,
          details,
        );
      case "UND_ERR_HEADERS_TIMEOUT":
      case HEADERS_TIMEOUT:
        return new EngineUnreachableError(
          `the Docker engine at ${display} accepted the connection but did not answer ${request.method} ${request.path} in time`,
          details,
        );
      case "ECONNRESET":
      case "EPIPE":
      case "UND_ERR_SOCKET":
      case "UND_ERR_CLOSED":
        return new EngineUnreachableError(
          `the Docker engine at ${display} closed the connection during ${request.method} ${request.path}`,
          details,
        );
      default:
        return error;
    }
  }

  stats(): ConnectionStats {
    const agent = this.#agent;
    const pool = this.#poolMade?.stats;
    const connected = agent === undefined ? 0 : countOf(agent.sockets) + countOf(agent.freeSockets);
    const pending = agent === undefined ? 0 : countOf(agent.requests);
    return { connected: connected + (pool?.connected ?? 0), running: this.#running + (pool?.running ?? 0), pending: pending + (pool?.pending ?? 0), attached: this.#attached.size };
  }

  /** Waits for requests in flight, then closes every connection, attach streams included. */
  async close(): Promise<void> {
    for (const socket of this.#attached) socket.destroy();
    if (this.#running > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    this.#agent?.destroy();
    if (this.#pool !== undefined) await (await this.#pool).close();
  }

  #responseError(status: number, text: string, request: TransportRequest): Error {
    // A TLS listener answers plain HTTP with this fixed text (Go's net/http).
    if (status === 400 && text.includes("Client sent an HTTP request to an HTTPS server")) {
      return new EngineTlsError(
        `the engine at ${this.endpoint.display} expects TLS: pass --tlsverify with --tlscacert, --tlscert and --tlskey, or set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to a directory with ca.pem, cert.pem and key.pem`,
        { host: this.endpoint.display, certificate: undefined, file: undefined },
      );
    }
    return new EngineError({
      status,
      engineMessage: engineMessageOf(text),
      method: request.method,
      path: request.path,
      ...(request.method === "HEAD" && status === 404 ? { explanation: "no such container, or no such path in it" } : {}),
    });
  }
}

/** The `message` of the engine's JSON error body, or the body itself when it is not JSON. */
function engineMessageOf(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed === "object" && parsed !== null && "message" in parsed && typeof parsed.message === "string") {
      return parsed.message;
    }
  } catch {
    // Not JSON: older engines and proxies answer some errors in plain text.
  }
  return trimmed;
}

interface FailureDescription {
  code: string;
  message: string;
}

// System errors that mean "no connection" only when raised by these calls: an fs ENOENT is not a
// missing socket.
const CONNECTION_SYSCALLS = new Set(["connect", "getaddrinfo", "read", "write"]);

/**
 * The first error code found on the error or its causes (undici wraps socket errors), when it is
 * undici's, TLS's, or a system error raised by a network call.
 */
function describeFailure(error: unknown): FailureDescription | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const { code, message, syscall } = current as { code?: unknown; message?: unknown; syscall?: unknown };
    if (typeof code === "string") {
      const fromNetwork =
        code.startsWith("UND_ERR_") ||
        code.startsWith("ERR_") ||
        syscall === undefined ||
        (typeof syscall === "string" && CONNECTION_SYSCALLS.has(syscall));
      return fromNetwork ? { code, message: typeof message === "string" ? message : "" } : undefined;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const SERVER_NOT_SIGNED_BY_CA = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
]);

// OpenSSL turns a TLS alert received from the peer into ERR_SSL_<version>_ALERT_<name>.
const PEER_ALERT = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/;
const CLIENT_CERTIFICATE_ALERTS = new Set([
  "CERTIFICATE_REQUIRED",
  "BAD_CERTIFICATE",
  "UNKNOWN_CA",
  "CERTIFICATE_UNKNOWN",
  "CERTIFICATE_EXPIRED",
  "CERTIFICATE_REVOKED",
  "UNSUPPORTED_CERTIFICATE",
  "HANDSHAKE_FAILURE",
  "ACCESS_DENIED",
  "DECRYPT_ERROR",
]);

function tlsFailure(
  failure: FailureDescription,
  endpoint: Endpoint,
  tls: NonNullable<Endpoint["tls"]>,
  cause: unknown,
): EngineTlsError | undefined {
  const host = endpoint.display;
  const server = (message: string): EngineTlsError =>
    new EngineTlsError(message, { host, certificate: "server", file: undefined, cause });
  const { code } = failure;

  if (SERVER_NOT_SIGNED_BY_CA.has(code)) {
    return new EngineTlsError(
      tls.files.caFile === undefined
        ? `the server certificate of the engine at ${host} is not signed by a CA this system trusts, and no CA certificate was given (${code})`
        : `the server certificate of the engine at ${host} is not signed by the CA in ${tls.files.caFile} (${code})`,
      { host, certificate: "server", file: tls.files.caFile, cause },
    );
  }
  if (code === "CERT_HAS_EXPIRED") return server(`the server certificate of the engine at ${host} has expired (${code})`);
  if (code === "CERT_NOT_YET_VALID") return server(`the server certificate of the engine at ${host} is not valid yet (${code})`);
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return server(`the server certificate of the engine at ${host} is not issued for ${String(endpoint.hostname)}: ${failure.message}`);
  }
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || code === "ERR_SSL_PACKET_LENGTH_TOO_LONG") {
    return new EngineTlsError(
      `the engine at ${host} does not speak TLS on that port; is it a plain tcp:// endpoint? (${code})`,
      { host, certificate: undefined, file: undefined, cause },
    );
  }
  const alert = PEER_ALERT.exec(code)?.[1];
  if (alert !== undefined && CLIENT_CERTIFICATE_ALERTS.has(alert)) {
    const said = alert.toLowerCase().replaceAll("_", " ");
    if (tls.cert === undefined) {
      return new EngineTlsError(
        `the engine at ${host} requires a client certificate and none was presented: pass --tlscert and --tlskey, or put cert.pem and key.pem in DOCKER_CERT_PATH (TLS alert: ${said})`,
        { host, certificate: "client", file: undefined, cause },
      );
    }
    return new EngineTlsError(
      `the client certificate ${String(tls.files.certFile)} was rejected by the engine at ${host} (TLS alert: ${said}); is it signed by the CA the engine trusts (--tlscacert)?`,
      { host, certificate: "client", file: tls.files.certFile, cause },
    );
  }
  return undefined;
}

/** How many sockets or requests an agent's table holds (one list per connection name). */
function countOf(table: NodeJS.ReadOnlyDict<readonly unknown[]>): number {
  let count = 0;
  for (const list of Object.values(table)) count += list?.length ?? 0;
  return count;
}

/** An answer's body with `text` and `dump`, as undici's response bodies have them. */
function readableBody(message: IncomingMessage): ResponseBody {
  return Object.assign(message, {
    async text(): Promise<string> {
      const chunks: Buffer[] = [];
      for await (const chunk of message) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    async dump(): Promise<void> {
      message.resume();
      await finished(message);
    },
  });
}
