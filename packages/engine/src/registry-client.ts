/**
 * A small client of the registry HTTP API (distribution's "API v2", the OCI distribution spec) for
 * what the engine's own push and pull cannot do: read and write a manifest that is not an image.
 * It reaches a registry the way the engine does (moby `registry/service_v2.go`,
 * `registry/config.go`): HTTPS with the system's roots plus `/etc/docker/certs.d/<host>/`;
 * for a registry the engine treats as insecure, HTTPS without verification first, then plain
 * HTTP. It authenticates as the engine does (`registry/auth.go`, distribution
 * `registry/client/auth/session.go`): the `/v2/` challenge says Basic or Bearer; Bearer tokens
 * come from the realm, with the credentials or a refresh (identity) token.
 */
import { createHash, type BinaryLike } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Dispatcher } from "undici";
import type * as UndiciParts from "./undici-parts.js";
import { RegistryError, type RegistryErrorCode } from "./errors.js";
import { DOCKER_HUB_DOMAIN, DOCKER_HUB_REGISTRY_HOST } from "./image-reference.js";
import type { RegistryAuth } from "./registry-auth.js";

/** undici's parts, loaded when a registry is first spoken to: a build that talks to none never loads them. */
let undiciParts: Promise<typeof UndiciParts> | undefined;
const undici = (): Promise<typeof UndiciParts> => (undiciParts ??= import("./undici-parts.js"));

export const MEDIA_TYPES = {
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
} as const;

/**
 * Every manifest type, as the engine asks: distribution 2.8 answers 404 for an OCI index or manifest
 * a request does not accept, and down-converts a Docker v2 manifest to schema 1 when only the OCI
 * types are listed (`registry/handlers/manifests.go`).
 */
const ACCEPT_ALL = Object.values(MEDIA_TYPES).join(", ");
/** distribution's limit for a manifest body (`registry/handlers/manifests.go` maxManifestBodySize). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const ERROR_BODY_LIMIT = 16 * 1024;
const CONNECT_TIMEOUT_MS = 15_000;
const RESPONSE_TIMEOUT_MS = 60_000;
/** Where the engine reads a registry's CA and client certificates (moby `registry/registry.go`). */
const CERTS_DIR = "/etc/docker/certs.d";

export interface RegistryClientOptions {
  /** The credentials for a registry, by its domain as references write it (`docker.io`, `127.0.0.1:5000`). */
  credentials: (domain: string) => Promise<RegistryAuth | undefined>;
  /** Whether the engine treats the registry as insecure (see `insecureRegistryMatcher`). */
  insecure: (domain: string) => boolean | Promise<boolean>;
  /** `/etc/docker/certs.d` unless a test says otherwise. */
  certsDir?: string;
  userAgent?: string;
}

/** A repository: the registry's domain and the path inside it. */
export interface Repository {
  domain: string;
  path: string;
}

export interface FetchedManifest {
  mediaType: string;
  /** `sha256:…` of the bytes. */
  digest: string;
  bytes: Buffer;
}

export interface RegistryCallOptions {
  signal?: AbortSignal | undefined;
}

interface Challenge {
  scheme: "basic" | "bearer";
  realm: string;
  service: string | undefined;
}

/** How a registry is reached, worked out once per registry. */
interface Endpoint {
  baseUrl: string;
  dispatcher: Dispatcher;
  challenge: Challenge | undefined;
}

/**
 * Talks to registries on behalf of one process. `close()` ends its connections. Errors are
 * `RegistryError`s whose messages name the registry, what was asked and what to do.
 */
export class RegistryClient {
  readonly #options: RegistryClientOptions;
  readonly #endpoints = new Map<string, Promise<Endpoint>>();
  readonly #tokens = new Map<string, string>();
  readonly #dispatchers: Dispatcher[] = [];

  constructor(options: RegistryClientOptions) {
    this.#options = options;
  }

  /** The manifest at `reference` (a tag or digest), or `undefined` when the registry has none there. */
  async getManifest(repository: Repository, reference: string, options: RegistryCallOptions = {}): Promise<FetchedManifest | undefined> {
    const response = await this.#send(repository, "pull", "GET", `/v2/${repository.path}/manifests/${reference}`, {
      headers: { accept: ACCEPT_ALL },
      signal: options.signal,
      notFound: true,
    });
    if (response === undefined) return undefined;
    const bytes = await readLimited(response.body, MAX_MANIFEST_BYTES, () =>
      this.#error("DFB_REGISTRY_RESPONSE", repository, `the manifest ${repository.path}:${reference} is larger than ${String(MAX_MANIFEST_BYTES)} bytes`),
    );
    const digest = sha256(bytes);
    const mediaType = headerOf(response.headers, "content-type")?.split(";")[0]?.trim() ?? "";
    if (reference.startsWith("sha256:") && reference !== digest) {
      throw this.#error("DFB_REGISTRY_RESPONSE", repository, `the registry sent a manifest for ${repository.path}@${reference} whose digest is ${digest}`);
    }
    return { mediaType, digest, bytes };
  }

  /** Whether the registry has the manifest with this digest in the repository (a `HEAD`). */
  async hasManifest(repository: Repository, digest: string, options: RegistryCallOptions = {}): Promise<boolean> {
    const response = await this.#send(repository, "pull", "HEAD", `/v2/${repository.path}/manifests/${digest}`, {
      headers: { accept: ACCEPT_ALL },
      signal: options.signal,
      notFound: true,
    });
    if (response === undefined) return false;
    await response.body.dump();
    return true;
  }

  /** Stores a manifest under a tag (or its digest) and resolves to its digest. */
  async putManifest(repository: Repository, reference: string, mediaType: string, bytes: Buffer, options: RegistryCallOptions = {}): Promise<string> {
    const digest = sha256(bytes);
    const response = await this.#send(repository, "push", "PUT", `/v2/${repository.path}/manifests/${reference}`, {
      headers: { "content-type": mediaType },
      body: bytes,
      signal: options.signal,
      notFound: false,
    });
    await response?.body.dump();
    const stored = response === undefined ? undefined : headerOf(response.headers, "docker-content-digest");
    if (stored !== undefined && stored !== digest) {
      throw this.#error("DFB_REGISTRY_RESPONSE", repository, `the registry stored the manifest ${repository.path}:${reference} as ${stored}, not ${digest}`);
    }
    return digest;
  }

  /** Ends every connection. */
  async close(): Promise<void> {
    const dispatchers = this.#dispatchers.splice(0);
    await Promise.all(dispatchers.map((dispatcher) => dispatcher.close()));
  }

  /**
   * One request, authenticated: on a 401 the token for the request's scope is (re)fetched once.
   * Resolves to `undefined` for a 404 when `notFound` allows it.
   */
  async #send(
    repository: Repository,
    access: "pull" | "push",
    method: Dispatcher.HttpMethod,
    path: string,
    init: { headers: Record<string, string>; body?: Buffer; signal: AbortSignal | undefined; notFound: boolean },
  ): Promise<Dispatcher.ResponseData | undefined> {
    const endpoint = await this.#endpoint(repository.domain, init.signal);
    // A push needs pull too: distribution checks both for a PUT (token scopes are "pull,push").
    const scope = `repository:${repository.path}:${access === "push" ? "pull,push" : "pull"}`;
    let auth = await this.#authorization(repository.domain, endpoint, scope, false, init.signal);
    for (let attempt = 0; ; attempt++) {
      const response = await this.#request(repository.domain, endpoint, method, path, {
        headers: { ...init.headers, ...(auth === undefined ? {} : { authorization: auth }) },
        body: init.body,
        signal: init.signal,
      });
      const { statusCode } = response;
      if (statusCode >= 200 && statusCode < 300) return response;
      if (statusCode === 401 && attempt === 0 && endpoint.challenge?.scheme === "bearer") {
        // A cached token expired or lacked the scope: ask for a fresh one, once.
        await response.body.dump();
        auth = await this.#authorization(repository.domain, endpoint, scope, true, init.signal);
        continue;
      }
      const text = method === "HEAD" ? "" : await readError(response);
      if (method === "HEAD") await response.body.dump();
      if (statusCode === 404 && init.notFound) return undefined;
      throw await this.#responseError(repository, method, path, statusCode, text);
    }
  }

  async #responseError(repository: Repository, method: string, path: string, status: number, text: string): Promise<RegistryError> {
    const { code: registryCode, message } = distributionError(text);
    const said = message === undefined ? `HTTP ${String(status)}` : `${registryCode === undefined ? "" : `${registryCode.toLowerCase()}: `}${message}`;
    const what = `${method} ${path}`;
    if (status === 401 || status === 403) {
      const credentials = await this.#options.credentials(repository.domain).catch(() => undefined);
      const advice =
        credentials === undefined
          ? `it needs credentials: run docker login ${repository.domain} (or configure a credential helper for it)`
          : status === 401
            ? `it refused the stored credentials${credentials.username === undefined ? "" : ` of ${credentials.username}`}: run docker login ${repository.domain} again`
            : `the stored credentials${credentials.username === undefined ? "" : ` of ${credentials.username}`} may not ${method === "GET" || method === "HEAD" ? "read" : "write"} ${repository.path}`;
      return new RegistryError("DFB_REGISTRY_UNAUTHORIZED", `the registry ${repository.domain} answered ${said} to ${what}: ${advice}`, {
        registry: repository.domain,
        status,
        registryCode,
      });
    }
    return new RegistryError("DFB_REGISTRY_RESPONSE", `the registry ${repository.domain} answered ${said} to ${what}`, {
      registry: repository.domain,
      status,
      registryCode,
    });
  }

  /** How to reach a registry: the scheme that works, and its `/v2/` challenge. */
  #endpoint(domain: string, signal: AbortSignal | undefined): Promise<Endpoint> {
    let endpoint = this.#endpoints.get(domain);
    if (endpoint === undefined) {
      endpoint = this.#discover(domain, signal);
      this.#endpoints.set(domain, endpoint);
      endpoint.catch(() => this.#endpoints.delete(domain));
    }
    return endpoint;
  }

  async #discover(domain: string, signal: AbortSignal | undefined): Promise<Endpoint> {
    const host = domain === DOCKER_HUB_DOMAIN ? DOCKER_HUB_REGISTRY_HOST : domain;
    const insecure = await this.#options.insecure(domain);
    const candidates: { baseUrl: string; dispatcher: Dispatcher }[] = [];
    if (insecure) {
      candidates.push({ baseUrl: `https://${host}`, dispatcher: await this.#agent({ rejectUnauthorized: false }) });
      candidates.push({ baseUrl: `http://${host}`, dispatcher: await this.#agent({}) });
    } else {
      candidates.push({ baseUrl: `https://${host}`, dispatcher: await this.#agent(await this.#tlsOptions(host)) });
    }
    let lastFailure: unknown;
    for (const candidate of candidates) {
      let response: Dispatcher.ResponseData;
      try {
        response = await (await undici()).request(`${candidate.baseUrl}/v2/`, {
          method: "GET",
          headers: this.#headers({}),
          dispatcher: candidate.dispatcher,
          signal,
        });
      } catch (error) {
        if (signal?.aborted === true) throw signal.reason;
        // Only a failure to connect moves on to the next scheme (moby's fallback rule).
        lastFailure = error;
        continue;
      }
      await response.body.dump();
      if (response.statusCode !== 200 && response.statusCode !== 401) {
        throw new RegistryError(
          "DFB_REGISTRY_RESPONSE",
          `${candidate.baseUrl}/v2/ answered HTTP ${String(response.statusCode)}: it is not an image registry (distribution API v2)`,
          { registry: domain, status: response.statusCode },
        );
      }
      const challenge = response.statusCode === 401 ? parseChallenge(headerOf(response.headers, "www-authenticate")) : undefined;
      return { ...candidate, challenge };
    }
    const reason = describeConnectionFailure(lastFailure);
    const tried = candidates.map((candidate) => candidate.baseUrl).join(" and ");
    throw new RegistryError("DFB_REGISTRY_UNREACHABLE", `cannot reach the registry ${domain} (tried ${tried}): ${reason}`, {
      registry: domain,
      cause: lastFailure,
    });
  }

  /** The `Authorization` header for a scope: Basic credentials, or a Bearer token from the realm. */
  async #authorization(domain: string, endpoint: Endpoint, scope: string, refresh: boolean, signal: AbortSignal | undefined): Promise<string | undefined> {
    const challenge = endpoint.challenge;
    if (challenge === undefined) return undefined;
    const credentials = await this.#options.credentials(domain);
    if (challenge.scheme === "basic") {
      if (credentials?.username === undefined) return undefined;
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ""}`).toString("base64")}`;
    }
    if (credentials?.registrytoken !== undefined) return `Bearer ${credentials.registrytoken}`;
    const cacheKey = `${domain} ${scope}`;
    const cached = this.#tokens.get(cacheKey);
    if (cached !== undefined && !refresh) return `Bearer ${cached}`;
    const token = await this.#fetchToken(domain, endpoint, challenge, scope, credentials, signal);
    this.#tokens.set(cacheKey, token);
    return `Bearer ${token}`;
  }

  /** distribution's token flows (`docs/spec/auth/token.md`, `oauth.md`), as the engine sends them. */
  async #fetchToken(
    domain: string,
    endpoint: Endpoint,
    challenge: Challenge,
    scope: string,
    credentials: RegistryAuth | undefined,
    signal: AbortSignal | undefined,
  ): Promise<string> {
    const url = new URL(challenge.realm);
    let response: Dispatcher.ResponseData;
    try {
      if (credentials?.identitytoken !== undefined) {
        const form = new URLSearchParams({ client_id: "docker", grant_type: "refresh_token", refresh_token: credentials.identitytoken, scope });
        if (challenge.service !== undefined) form.set("service", challenge.service);
        response = await (await undici()).request(url, {
          method: "POST",
          headers: this.#headers({ "content-type": "application/x-www-form-urlencoded" }),
          body: form.toString(),
          dispatcher: endpoint.dispatcher,
          signal,
        });
      } else {
        if (challenge.service !== undefined) url.searchParams.set("service", challenge.service);
        url.searchParams.set("scope", scope);
        const headers: Record<string, string> = {};
        if (credentials?.username !== undefined) {
          url.searchParams.set("account", credentials.username);
          headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password ?? ""}`).toString("base64")}`;
        }
        response = await (await undici()).request(url, { method: "GET", headers: this.#headers(headers), dispatcher: endpoint.dispatcher, signal });
      }
    } catch (error) {
      if (signal?.aborted === true) throw signal.reason;
      throw new RegistryError("DFB_REGISTRY_UNREACHABLE", `cannot reach the token server ${url.origin} of the registry ${domain}: ${describeConnectionFailure(error)}`, {
        registry: domain,
        cause: error,
      });
    }
    const text = await readError(response);
    if (response.statusCode === 401 || response.statusCode === 403) {
      const who = credentials === undefined ? "anonymous access" : "the stored credentials";
      throw new RegistryError(
        "DFB_REGISTRY_UNAUTHORIZED",
        `the token server of ${domain} refused ${who} for ${scope} (HTTP ${String(response.statusCode)}): run docker login ${domain}`,
        { registry: domain, status: response.statusCode },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const record = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
    const token = typeof record.token === "string" ? record.token : typeof record.access_token === "string" ? record.access_token : undefined;
    if (response.statusCode !== 200 || token === undefined || token === "") {
      throw new RegistryError("DFB_REGISTRY_RESPONSE", `the token server of ${domain} answered HTTP ${String(response.statusCode)} without a token for ${scope}`, {
        registry: domain,
        status: response.statusCode,
      });
    }
    return token;
  }

  async #request(
    domain: string,
    endpoint: Endpoint,
    method: Dispatcher.HttpMethod,
    path: string,
    init: { headers: Record<string, string>; body?: Buffer | undefined; signal: AbortSignal | undefined },
  ): Promise<Dispatcher.ResponseData> {
    try {
      return await (await undici()).request(`${endpoint.baseUrl}${path}`, {
        method,
        headers: this.#headers(init.headers),
        body: init.body,
        dispatcher: endpoint.dispatcher,
        signal: init.signal,
      });
    } catch (error) {
      if (init.signal?.aborted === true) throw init.signal.reason;
      throw new RegistryError("DFB_REGISTRY_UNREACHABLE", `the registry ${domain} did not answer ${method} ${path}: ${describeConnectionFailure(error)}`, {
        registry: domain,
        cause: error,
      });
    }
  }

  #headers(extra: Record<string, string>): Record<string, string> {
    return { "user-agent": this.#options.userAgent ?? "dfbuild", ...extra };
  }

  async #agent(tls: { rejectUnauthorized?: boolean; ca?: string[]; cert?: string; key?: string }): Promise<Dispatcher> {
    const { Agent } = await undici();
    const agent = new Agent({
      connect: { timeout: CONNECT_TIMEOUT_MS, ...tls },
      headersTimeout: RESPONSE_TIMEOUT_MS,
      bodyTimeout: RESPONSE_TIMEOUT_MS,
    });
    this.#dispatchers.push(agent);
    return agent;
  }

  /** The system's roots plus the engine's per-registry files: `*.crt` CAs, a `*.cert`/`*.key` client pair. */
  async #tlsOptions(host: string): Promise<{ ca?: string[]; cert?: string; key?: string }> {
    const dir = join(this.#options.certsDir ?? CERTS_DIR, host);
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      return {};
    }
    const read = (name: string): Promise<string> => readFile(join(dir, name), "utf8");
    const cas = await Promise.all(names.filter((name) => name.endsWith(".crt")).map(read));
    const options: { ca?: string[]; cert?: string; key?: string } = {};
    if (cas.length > 0) options.ca = [...process.getBuiltinModule("node:tls").rootCertificates, ...cas];
    const cert = names.find((name) => name.endsWith(".cert"));
    if (cert !== undefined) {
      const key = `${cert.slice(0, -".cert".length)}.key`;
      if (names.includes(key)) {
        options.cert = await read(cert);
        options.key = await read(key);
      }
    }
    return options;
  }

  #error(code: RegistryErrorCode, repository: Repository, message: string): RegistryError {
    return new RegistryError(code, message, { registry: repository.domain });
  }
}

/**
 * Whether the engine treats a registry as insecure, from its `GET /info` `RegistryConfig`: an
 * `IndexConfigs` entry decides, otherwise the host's addresses against `InsecureRegistryCIDRs`
 * (127.0.0.0/8 by default). moby `registry/config.go` isSecureIndex.
 */
export function insecureRegistryMatcher(
  registryConfig: { InsecureRegistryCIDRs?: string[] | null; IndexConfigs?: Record<string, { Secure?: boolean }> | null } | undefined,
  resolve: (host: string) => Promise<string[]>,
): (domain: string) => Promise<boolean> {
  return async (domain) => {
    const indexConfig = registryConfig?.IndexConfigs?.[domain];
    if (indexConfig !== undefined) return indexConfig.Secure === false;
    const host = domain.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
    let addresses: string[];
    try {
      addresses = await resolve(host);
    } catch {
      // An unresolvable host is secure, as in moby (the lookup error is ignored).
      return false;
    }
    const cidrs = registryConfig?.InsecureRegistryCIDRs ?? ["127.0.0.0/8", "::1/128"];
    return addresses.some((address) => cidrs.some((cidr) => inCidr(address, cidr)));
  };
}

/** Whether an IPv4 or IPv6 address lies in a CIDR block. */
export function inCidr(address: string, cidr: string): boolean {
  const [base = "", bitsText = ""] = cidr.split("/");
  const a = addressBytes(address);
  const b = addressBytes(base);
  if (a === undefined || b?.length !== a.length) return false;
  const bits = bitsText === "" ? a.length * 8 : Number(bitsText);
  for (let bit = 0; bit < bits; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((a[byte] ?? 0) & mask) !== ((b[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function addressBytes(address: string): number[] | undefined {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) {
    const parts = address.split(".").map(Number);
    return parts.every((part) => part <= 255) ? parts : undefined;
  }
  if (!address.includes(":")) return undefined;
  const mapped = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  let text = address;
  if (mapped !== null) {
    const v4 = addressBytes(mapped[2] ?? "") ?? [0, 0, 0, 0];
    text = `${mapped[1] ?? ""}${((v4[0] ?? 0) * 256 + (v4[1] ?? 0)).toString(16)}:${((v4[2] ?? 0) * 256 + (v4[3] ?? 0)).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const missing = 8 - headGroups.length - tailGroups.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return undefined;
  const groups = [...headGroups, ...Array<string>(missing).fill("0"), ...tailGroups];
  const bytes: number[] = [];
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    const value = Number.parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

/** The `WWW-Authenticate` challenge: `Basic realm="…"` or `Bearer realm="…",service="…",scope="…"`. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (match === null) return undefined;
  const scheme = (match[1] ?? "").toLowerCase();
  if (scheme !== "basic" && scheme !== "bearer") return undefined;
  const parameters = new Map<string, string>();
  for (const parameter of (match[2] ?? "").matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g)) {
    parameters.set((parameter[1] ?? "").toLowerCase(), (parameter[2] ?? parameter[3] ?? "").replace(/\\(.)/g, "$1"));
  }
  return { scheme, realm: parameters.get("realm") ?? "", service: parameters.get("service") };
}

/** The first error of a distribution error body (`{"errors":[{"code","message","detail"}]}`). */
function distributionError(text: string): { code: string | undefined; message: string | undefined } {
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[]; message?: unknown };
    const first = parsed.errors?.[0];
    if (first !== undefined) {
      return { code: typeof first.code === "string" ? first.code : undefined, message: typeof first.message === "string" ? first.message : undefined };
    }
    if (typeof parsed.message === "string") return { code: undefined, message: parsed.message };
  } catch {
    // Not JSON: quoted as text below.
  }
  const trimmed = text.trim();
  return { code: undefined, message: trimmed === "" ? undefined : trimmed.slice(0, 300) };
}

function describeConnectionFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${code === undefined || error.message.includes(code) ? "" : ` (${code})`}${cause}`;
}

async function readError(response: Dispatcher.ResponseData): Promise<string> {
  try {
    const text = await response.body.text();
    return text.slice(0, ERROR_BODY_LIMIT);
  } catch {
    return "";
  }
}

async function readLimited(body: Dispatcher.ResponseData["body"], limit: number, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > limit) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function headerOf(headers: Dispatcher.ResponseData["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function sha256(data: BinaryLike): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}
