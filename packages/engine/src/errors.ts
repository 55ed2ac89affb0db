/**
 * Every error this package throws on purpose. Each class has a stable `code` to match on, sets
 * `name`, keeps the underlying error as `cause`, and has a message that says what failed and what to
 * do without needing a stack trace. An aborted call rejects with the signal's own `reason` instead.
 */

export type EngineErrorCode =
  | "DFB_ENGINE_RESPONSE"
  | "DFB_ENGINE_STREAM"
  | "DFB_ENGINE_UNREACHABLE"
  | "DFB_ENGINE_TLS"
  | "DFB_ENGINE_VERSION"
  | "DFB_ENGINE_CONFIG"
  | "DFB_ENGINE_PROTOCOL"
  | "DFB_CREDENTIAL_HELPER"
  | RegistryErrorCode;

/** Why a request to an image registry failed. */
export type RegistryErrorCode =
  /** No connection could be made (refused, DNS, TLS handshake, timeout). */
  | "DFB_REGISTRY_UNREACHABLE"
  /** The registry wants credentials, or refused the ones given (401, 403). */
  | "DFB_REGISTRY_UNAUTHORIZED"
  /** Any other answer the request cannot go on with. */
  | "DFB_REGISTRY_RESPONSE";

/** The base of every error thrown by `@dfbuild/engine`. */
export abstract class EngineClientError extends Error {
  abstract readonly code: EngineErrorCode;
}

export interface EngineErrorDetails {
  /** HTTP status the engine answered with. */
  status: number;
  /** The engine's own message (the `message` of its JSON error body, or its text body). */
  engineMessage: string;
  method: string;
  /** The request path as sent, with the API version prefix and query string. */
  path: string;
  /** Said instead of the engine's message when it sent none (HEAD answers have no body). */
  explanation?: string;
  cause?: unknown;
}

/** The engine answered a request with a non-2xx status. */
export class EngineError extends EngineClientError {
  override readonly name = "EngineError";
  readonly code = "DFB_ENGINE_RESPONSE";
  readonly status: number;
  readonly engineMessage: string;
  readonly method: string;
  readonly path: string;

  constructor(details: EngineErrorDetails) {
    const answered = `the engine answered ${details.status} to ${details.method} ${details.path}`;
    super(
      details.engineMessage === ""
        ? `${answered}${details.explanation === undefined ? " with no message" : `: ${details.explanation}`}`
        : `${details.engineMessage} (${answered})`,
      { cause: details.cause },
    );
    this.status = details.status;
    this.engineMessage = details.engineMessage;
    this.method = details.method;
    this.path = details.path;
  }
}

/**
 * The engine reported a failure inside a response it had already started with 200: a progress
 * stream's `errorDetail` line (pull, import) or an error frame in a log stream.
 */
export class EngineStreamError extends EngineClientError {
  override readonly name = "EngineStreamError";
  readonly code = "DFB_ENGINE_STREAM";
  readonly engineMessage: string;
  readonly method: string;
  readonly path: string;

  constructor(details: { engineMessage: string; method: string; path: string }) {
    super(`${details.engineMessage} (reported by the engine while answering ${details.method} ${details.path})`);
    this.engineMessage = details.engineMessage;
    this.method = details.method;
    this.path = details.path;
  }
}

/** No connection to the engine could be made, or the engine dropped it. */
export class EngineUnreachableError extends EngineClientError {
  override readonly name = "EngineUnreachableError";
  readonly code = "DFB_ENGINE_UNREACHABLE";
  /** The engine's address, e.g. `unix:///var/run/docker.sock`. */
  readonly host: string;
  /** The system or undici error code behind it, e.g. `ECONNREFUSED`, when there is one. */
  readonly reason: string | undefined;

  constructor(message: string, details: { host: string; reason: string | undefined; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.host = details.host;
    this.reason = details.reason;
  }
}

/** Which certificate a TLS failure is about. */
export type TlsCertificateRole = "ca" | "server" | "client";

/** The TLS connection to the engine failed, or the certificates could not be loaded. */
export class EngineTlsError extends EngineClientError {
  override readonly name = "EngineTlsError";
  readonly code = "DFB_ENGINE_TLS";
  readonly host: string;
  /** The certificate at fault; none when TLS itself is missing on one side. */
  readonly certificate: TlsCertificateRole | undefined;
  /** The file the certificate came from, when it came from one. */
  readonly file: string | undefined;

  constructor(
    message: string,
    details: { host: string; certificate: TlsCertificateRole | undefined; file: string | undefined; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.host = details.host;
    this.certificate = details.certificate;
    this.file = details.file;
  }
}

/** The engine's API version range and ours do not overlap. */
export class EngineVersionError extends EngineClientError {
  override readonly name = "EngineVersionError";
  readonly code = "DFB_ENGINE_VERSION";
  readonly host: string;
  /** The newest API version the engine speaks. */
  readonly engineApiVersion: string;
  /** The oldest API version the engine accepts, when it said. */
  readonly engineMinApiVersion: string | undefined;

  constructor(
    message: string,
    details: { host: string; engineApiVersion: string; engineMinApiVersion: string | undefined },
  ) {
    super(message);
    this.host = details.host;
    this.engineApiVersion = details.engineApiVersion;
    this.engineMinApiVersion = details.engineMinApiVersion;
  }
}

/** The client was configured wrongly: a malformed host, an unreadable docker config file. */
export class EngineConfigError extends EngineClientError {
  override readonly name = "EngineConfigError";
  readonly code = "DFB_ENGINE_CONFIG";
}

/** The engine answered something this client cannot make sense of. */
export class EngineProtocolError extends EngineClientError {
  override readonly name = "EngineProtocolError";
  readonly code = "DFB_ENGINE_PROTOCOL";
}

/** A docker credential helper (`docker-credential-<name>`) could not be run or failed. */
export class CredentialHelperError extends EngineClientError {
  override readonly name = "CredentialHelperError";
  readonly code = "DFB_CREDENTIAL_HELPER";
  /** The program, e.g. `docker-credential-pass`. */
  readonly helper: string;
  /** The server key the helper was asked about. */
  readonly serverAddress: string;

  constructor(message: string, details: { helper: string; serverAddress: string; cause?: unknown }) {
    super(message, { cause: details.cause });
    this.helper = details.helper;
    this.serverAddress = details.serverAddress;
  }
}

/** A request to an image registry (distribution API v2) failed. */
export class RegistryError extends EngineClientError {
  override readonly name = "RegistryError";
  readonly code: RegistryErrorCode;
  /** The registry host, e.g. `127.0.0.1:5000` or `registry-1.docker.io`. */
  readonly registry: string;
  /** The HTTP status, when the registry answered. */
  readonly status: number | undefined;
  /** The first distribution error code of the answer (`MANIFEST_UNKNOWN`, `DENIED`…), when there is one. */
  readonly registryCode: string | undefined;

  constructor(
    code: RegistryErrorCode,
    message: string,
    details: { registry: string; status?: number; registryCode?: string; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.code = code;
    this.registry = details.registry;
    this.status = details.status;
    this.registryCode = details.registryCode;
  }
}
