import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { EngineConfigError, EngineTlsError, type TlsCertificateRole } from "./errors.js";

export const DEFAULT_SOCKET_PATH = "/var/run/docker.sock";

/** Certificate files for `tcp://` with TLS, as `DOCKER_CERT_PATH` holds them (ca.pem, cert.pem, key.pem). */
export interface TlsFiles {
  /**
   * The CA that signed the engine's certificate. Without one the system's CAs are trusted, as the
   * docker CLI does for a context that has no ca.pem.
   */
  caFile?: string;
  /** The client certificate presented to the engine; give it together with `keyFile`. */
  certFile?: string;
  keyFile?: string;
  /**
   * Whether the engine's certificate is checked (default true). `false` is the docker CLI's `--tls`
   * without `--tlsverify`, or a context's `SkipTLSVerify`.
   */
  verify?: boolean;
}

/** The files Docker's CLI reads from a certificate directory. */
export function tlsFilesIn(directory: string): TlsFiles {
  return {
    caFile: join(directory, "ca.pem"),
    certFile: join(directory, "cert.pem"),
    keyFile: join(directory, "key.pem"),
  };
}

export interface EndpointOptions {
  /** `unix:///path/docker.sock` or `tcp://host:port`; defaults to `DOCKER_HOST`, then the local socket. */
  host?: string;
  /**
   * TLS for a `tcp://` host. Defaults to the Docker CLI's environment: when `DOCKER_TLS_VERIFY` is set,
   * the files in `DOCKER_CERT_PATH` (or `~/.docker`). `false` forces plain TCP.
   */
  tls?: TlsFiles | false;
  /** Where to read `DOCKER_HOST`, `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH`; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface LoadedTls {
  files: TlsFiles;
  ca: Buffer | undefined;
  cert: Buffer | undefined;
  key: Buffer | undefined;
}

/** Where and how to reach an engine, resolved from options and environment. */
export interface Endpoint {
  /** The address as a person would write it: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`. */
  display: string;
  /** The URL origin undici connects to (for a socket, a placeholder host). */
  origin: string;
  socketPath: string | undefined;
  /** The host name or address the TLS certificate must match. */
  hostname: string | undefined;
  tls: LoadedTls | undefined;
}

export function resolveEndpoint(options: EndpointOptions = {}): Endpoint {
  const env = options.env ?? process.env;
  const fromEnv = options.host === undefined;
  const tlsFiles = options.tls === undefined ? tlsFilesFromEnv(env) : options.tls || undefined;
  const given = options.host ?? nonEmpty(env.DOCKER_HOST);
  const source = given === undefined ? "the default host" : fromEnv ? `DOCKER_HOST=${given}` : `host "${given}"`;
  const raw = parseDockerHost(given, tlsFiles !== undefined, source);
  const schemeEnd = raw.indexOf("://");
  const scheme = raw.slice(0, schemeEnd);
  const rest = raw.slice(schemeEnd + 3);

  if (scheme === "unix") {
    if (options.tls) {
      throw new EngineConfigError(`TLS applies to tcp:// hosts only, not to ${raw}`);
    }
    return {
      display: raw,
      origin: "http://localhost",
      socketPath: rest,
      hostname: undefined,
      tls: undefined,
    };
  }

  if (scheme === "tcp") {
    let url: URL;
    try {
      url = new URL(`http://${rest}`);
    } catch (error) {
      throw new EngineConfigError(`${source} is not a valid tcp:// address: expected tcp://host:port`, {
        cause: error,
      });
    }
    if (url.hostname === "" || url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
      throw new EngineConfigError(`${source} is not a valid tcp:// address: expected tcp://host:port`);
    }
    if (url.pathname !== "/" && url.pathname !== "") {
      throw new EngineConfigError(
        `${source} has a path (${url.pathname}); dfbuild supports tcp://host:port without a path`,
      );
    }
    const port = url.port === "" ? DEFAULT_TCP_PORT : url.port;
    const display = `tcp://${url.hostname}:${port}`;
    return {
      display,
      origin: `${tlsFiles ? "https" : "http"}://${url.hostname}:${port}`,
      socketPath: undefined,
      hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      tls: tlsFiles ? loadTls(tlsFiles, display) : undefined,
    };
  }

  const hint =
    scheme === "ssh" || scheme === "npipe" || scheme === "fd"
      ? `${scheme}:// hosts are not supported; `
      : `unknown scheme "${scheme}"; `;
  throw new EngineConfigError(`${source}: ${hint}dfbuild connects to unix:// and tcp:// hosts`);
}

/** docker/cli `opts/hosts.go`: the port of a tcp:// host that names none, TLS or not. */
const DEFAULT_TCP_PORT = "2375";

/**
 * The docker CLI's `ParseHost` (docker/cli `opts/hosts.go`): no host is the local socket, or
 * `tcp://localhost:2376` when TLS is on; a host without a scheme is tcp (`127.0.0.1:2375`,
 * `:2375`); `tcp://` alone is `tcp://localhost:2375`; `unix://` alone is the default socket. The
 * result always has a scheme; schemes dfbuild cannot speak are reported by the caller.
 */
export function parseDockerHost(value: string | undefined, tls: boolean, source = `host "${String(value)}"`): string {
  const host = (value ?? "").trim();
  if (host === "") return tls ? "tcp://localhost:2376" : `unix://${DEFAULT_SOCKET_PATH}`;
  const schemeEnd = host.indexOf("://");
  const scheme = schemeEnd === -1 ? "tcp" : host.slice(0, schemeEnd).toLowerCase();
  const rest = schemeEnd === -1 ? host : host.slice(schemeEnd + 3);
  if (scheme === "unix") {
    if (rest.includes("://")) throw new EngineConfigError(`${source}: invalid proto, expected unix: ${rest}`);
    return `unix://${rest === "" ? DEFAULT_SOCKET_PATH : rest}`;
  }
  if (scheme !== "tcp") return `${scheme}://${rest}`;
  if (rest.includes("://")) throw new EngineConfigError(`${source}: invalid proto, expected tcp: ${host}`);
  if (rest === "") return `tcp://localhost:${DEFAULT_TCP_PORT}`;
  // ":2375" and "[::1]:" name only a port or only a host: the other part is docker's default.
  const withHost = rest.startsWith(":") ? `localhost${rest}` : rest;
  return `tcp://${withHost.endsWith("]:") ? `${withHost}${DEFAULT_TCP_PORT}` : withHost}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/** The Docker CLI's rule: any non-empty `DOCKER_TLS_VERIFY` turns on verified TLS. */
function tlsFilesFromEnv(env: Readonly<Record<string, string | undefined>>): TlsFiles | undefined {
  if (nonEmpty(env.DOCKER_TLS_VERIFY) === undefined) return undefined;
  return tlsFilesIn(nonEmpty(env.DOCKER_CERT_PATH) ?? join(homedir(), ".docker"));
}

function loadTls(files: TlsFiles, display: string): LoadedTls {
  if ((files.certFile === undefined) !== (files.keyFile === undefined)) {
    throw new EngineTlsError(
      `TLS for ${display}: a client certificate needs both a certificate file and a key file (got ${
        files.certFile === undefined ? `only the key ${String(files.keyFile)}` : `only the certificate ${files.certFile}`
      })`,
      { host: display, certificate: "client", file: files.certFile ?? files.keyFile },
    );
  }
  const ca = files.caFile === undefined ? undefined : readPem(files.caFile, "ca", "CA certificate", display);
  const cert = files.certFile === undefined ? undefined : readPem(files.certFile, "client", "client certificate", display);
  const key = files.keyFile === undefined ? undefined : readPem(files.keyFile, "client", "client key", display);
  // Building the contexts now reports a malformed PEM, or a key that does not match its certificate,
  // before the first request and naming the file, instead of as an obscure handshake failure later.
  // Node silently ignores PEM blocks in `ca` that are not certificates, leaving nothing trusted.
  if (ca !== undefined && !ca.includes("-----BEGIN CERTIFICATE-----")) {
    throw new EngineTlsError(`TLS for ${display}: the CA certificate ${String(files.caFile)} contains no PEM certificate`, {
      host: display,
      certificate: "ca",
      file: files.caFile,
    });
  }
  if (ca !== undefined) tryContext(() => secureContext({ ca }), `the CA certificate ${String(files.caFile)}`, "ca", files.caFile, display);
  if (cert !== undefined && key !== undefined) {
    tryContext(
      () => secureContext({ cert, key }),
      `the client certificate ${String(files.certFile)} with key ${String(files.keyFile)}`,
      "client",
      files.certFile,
      display,
    );
  }
  return { files, ca, cert, key };
}

function tryContext(
  build: () => unknown,
  what: string,
  certificate: TlsCertificateRole,
  file: string | undefined,
  display: string,
): void {
  try {
    build();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EngineTlsError(`TLS for ${display}: ${what} cannot be used: ${reason}`, {
      host: display,
      certificate,
      file,
      cause: error,
    });
  }
}

function readPem(file: string, role: TlsCertificateRole, what: string, display: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(error);
    throw new EngineTlsError(`TLS for ${display}: cannot read the ${what} ${file}: ${why}`, {
      host: display,
      certificate: role,
      file,
      cause: error,
    });
  }
}

/** node:tls's `createSecureContext`, loaded only for an engine reached over TLS. */
function secureContext(options: { ca?: Buffer; cert?: Buffer; key?: Buffer }): unknown {
  return process.getBuiltinModule("node:tls").createSecureContext(options);
}
