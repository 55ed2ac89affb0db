/**
 * Which engine to talk to, chosen exactly as the docker CLI chooses it (docker/cli
 * `cli/command/cli.go` resolveContextName, resolveDefaultDockerEndpoint; `cli/flags/options.go`;
 * `cli/context/docker/load.go`), so `dfbuild build` never builds on another machine than
 * `docker build` would:
 *
 * 1. `--context` and `-H` together are an error; more than one `-H` is an error.
 * 2. `--context NAME` → that context, whatever the environment says.
 * 3. `-H HOST`, else a non-empty `DOCKER_HOST` → the "default" context with that host.
 * 4. `DOCKER_CONTEXT`, else config.json's `currentContext` → that context ("default" allowed).
 * 5. Nothing → the local socket.
 *
 * The default context's TLS comes from `--tls`, `--tlsverify`, `--tlscacert/--tlscert/--tlskey`,
 * `DOCKER_TLS`, `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH`; a named context's from its own TLS files
 * and `SkipTLSVerify` alone (the flags and variables do not apply to it). Unix sockets never use TLS.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SOCKET_PATH, type TlsFiles, parseDockerHost } from "./endpoint.js";
import { EngineConfigError } from "./errors.js";

type Env = Readonly<Record<string, string | undefined>>;

export interface EngineSelectionOptions {
  /** `-H/--host`, as many as were given. */
  hosts?: readonly string[];
  /** `--context`. */
  context?: string;
  /** `--tls` when given. */
  tls?: boolean;
  /** `--tlsverify` when given, with its value: given at all, it turns TLS on. */
  tlsVerify?: boolean;
  /** `--tlscacert`, `--tlscert`, `--tlskey` when given. */
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** `--config`: where config.json and the context store are (not the default certificates). */
  configDir?: string;
  env?: Env;
  /** The home directory `~/.docker` is under; defaults to the user's. */
  homeDir?: string;
}

export interface EngineSelection {
  /** The host for `new Engine({ host })`, always with its scheme. */
  host: string;
  /** The TLS files for `new Engine({ tls })`, or `false` for none. */
  tls: TlsFiles | false;
  /** The docker context: "default" unless a named one was chosen. */
  contextName: string;
  /** What chose it, for messages: `-H`, `DOCKER_HOST`, `--context`, `DOCKER_CONTEXT`, `config.json` or `default`. */
  chosenBy: "-H" | "DOCKER_HOST" | "--context" | "DOCKER_CONTEXT" | "config.json" | "default";
  /** The local default socket, however it was named: nothing worth announcing. */
  isLocalDefault: boolean;
  /** One line naming the engine and how it was chosen, e.g. `tcp://10.0.0.5:2376 (docker context "ci")`. */
  description: string;
  /** Problems the docker CLI only warns about (a config.json it cannot read), to print. */
  warnings: string[];
}

const DEFAULT_CONTEXT = "default";

/** `$DOCKER_CONFIG`, else `~/.docker` (docker/cli `cli/config/config.go` Dir). */
function defaultConfigDir(env: Env, home: string): string {
  return nonEmpty(env.DOCKER_CONFIG) ?? join(home, ".docker");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

export function selectEngine(options: EngineSelectionOptions = {}): EngineSelection {
  const env = options.env ?? process.env;
  const home = options.homeDir ?? homedir();
  const configDir = options.configDir ?? defaultConfigDir(env, home);
  const hosts = options.hosts ?? [];
  const warnings: string[] = [];

  if (options.context !== undefined && options.context !== "" && hosts.length > 0) {
    throw new EngineConfigError("conflicting options: cannot specify both --host and --context");
  }
  if (hosts.length > 1) throw new EngineConfigError("specify only one -H");

  let contextName: string;
  let chosenBy: EngineSelection["chosenBy"];
  const fromEnv = nonEmpty(env.DOCKER_CONTEXT);
  if (options.context !== undefined && options.context !== "") {
    contextName = options.context;
    chosenBy = "--context";
  } else if (hosts.length > 0) {
    contextName = DEFAULT_CONTEXT;
    chosenBy = "-H";
  } else if (nonEmpty(env.DOCKER_HOST) !== undefined) {
    contextName = DEFAULT_CONTEXT;
    chosenBy = "DOCKER_HOST";
  } else if (fromEnv !== undefined) {
    contextName = fromEnv;
    chosenBy = "DOCKER_CONTEXT";
  } else {
    const current = currentContext(configDir, warnings);
    contextName = current ?? DEFAULT_CONTEXT;
    chosenBy = current === undefined ? "default" : "config.json";
  }

  if (contextName !== DEFAULT_CONTEXT) {
    const { host, tls } = namedContextEndpoint(configDir, contextName);
    const by = chosenBy === "--context" ? "" : chosenBy === "DOCKER_CONTEXT" ? ", from DOCKER_CONTEXT" : ", the current context in config.json";
    return { host, tls, contextName, chosenBy, isLocalDefault: host === `unix://${DEFAULT_SOCKET_PATH}`, description: `${host} (docker context "${contextName}"${by})`, warnings };
  }

  // The default context: flags and environment (docker/cli cli/flags/options.go).
  const verify = options.tlsVerify ?? nonEmpty(env.DOCKER_TLS_VERIFY) !== undefined;
  const tlsOn = options.tlsVerify !== undefined || verify || (options.tls ?? nonEmpty(env.DOCKER_TLS) !== undefined);
  const given = hosts[0] ?? nonEmpty(env.DOCKER_HOST);
  const source = hosts.length > 0 ? `-H ${String(given)}` : `DOCKER_HOST=${String(given)}`;
  const host = parseDockerHost(given, tlsOn, source);
  let tls: TlsFiles | false = false;
  if (tlsOn && !host.startsWith("unix://")) {
    // The defaults come from DOCKER_CERT_PATH, else DOCKER_CONFIG or ~/.docker: --config does not
    // move them (they are computed before the flags are parsed).
    const certDir = nonEmpty(env.DOCKER_CERT_PATH) ?? defaultConfigDir(env, home);
    const caFile = options.caFile ?? join(certDir, "ca.pem");
    // A default client certificate or key that does not exist is dropped silently; a client
    // certificate is sent only when both are there (SetDefaultOptions, TLSDataFromFiles).
    const certFile = options.certFile ?? existingFile(join(certDir, "cert.pem"));
    const keyFile = options.keyFile ?? existingFile(join(certDir, "key.pem"));
    const pair = certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : {};
    tls = { caFile, ...pair, verify };
  }
  const isLocalDefault = host === `unix://${DEFAULT_SOCKET_PATH}`;
  const by = chosenBy === "-H" ? "-H" : chosenBy === "DOCKER_HOST" ? "DOCKER_HOST" : chosenBy === "DOCKER_CONTEXT" || chosenBy === "config.json" ? 'docker context "default"' : "";
  const description = `${host}${tls === false ? "" : tls.verify === false ? ", TLS without verification" : ", TLS"}${by === "" ? "" : ` (${by})`}`;
  return { host, tls, contextName, chosenBy, isLocalDefault, description, warnings };
}

function existingFile(path: string): string | undefined {
  return existsSync(path) ? path : undefined;
}

/** config.json's `currentContext`; a file that cannot be read is a warning, as in the docker CLI. */
function currentContext(configDir: string, warnings: string[]): string | undefined {
  const file = join(configDir, "config.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    warnings.push(`WARNING: Error loading config file: ${file}: ${(error as Error).message}`);
    return undefined;
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    warnings.push(`WARNING: Error loading config file: ${file}: ${(error as Error).message}`);
    return undefined;
  }
  const current = (config as { currentContext?: unknown } | null)?.currentContext;
  return typeof current === "string" && current !== "" ? current : undefined;
}

interface ContextMeta {
  Name?: unknown;
  Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } };
}

/**
 * A named context from the store (docker/cli `cli/context/store`): its metadata at
 * `contexts/meta/<sha256 of the name>/meta.json` and its TLS files at
 * `contexts/tls/<sha256>/docker/{ca,cert,key}.pem`. It uses TLS iff it has TLS files or
 * `SkipTLSVerify`; without ca.pem the system's CAs are trusted; a client certificate needs both
 * files (`cli/context/docker/load.go` tlsConfig).
 */
function namedContextEndpoint(configDir: string, name: string): { host: string; tls: TlsFiles | false } {
  const id = createHash("sha256").update(name).digest("hex");
  const metaFile = join(configDir, "contexts", "meta", id, "meta.json");
  let text: string;
  try {
    text = readFileSync(metaFile, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new EngineConfigError(
        `context "${name}": context not found: open ${metaFile}: no such file or directory (create it with docker context create, or pick another with --context)`,
      );
    }
    throw new EngineConfigError(`context "${name}": cannot read ${metaFile}: ${(error as Error).message}`);
  }
  let meta: ContextMeta;
  try {
    meta = JSON.parse(text) as ContextMeta;
  } catch (error) {
    throw new EngineConfigError(`context "${name}": ${metaFile} is not valid JSON: ${(error as Error).message}`);
  }
  const endpoint = meta.Endpoints?.docker;
  if (endpoint === undefined) throw new EngineConfigError(`context "${name}": cannot find docker endpoint in context (${metaFile})`);
  const host = typeof endpoint.Host === "string" ? endpoint.Host : "";
  // The client takes the host as stored: it must have a scheme (moby client.ParseHostURL).
  if (!host.includes("://")) throw new EngineConfigError(`context "${name}": unable to parse docker host \`${host}\` (${metaFile})`);
  if (host.startsWith("unix://") || host.startsWith("npipe://")) return { host, tls: false };
  const tlsDir = join(configDir, "contexts", "tls", id, "docker");
  const caFile = existingFile(join(tlsDir, "ca.pem"));
  const certFile = existingFile(join(tlsDir, "cert.pem"));
  const keyFile = existingFile(join(tlsDir, "key.pem"));
  const skipVerify = endpoint.SkipTLSVerify === true;
  if (caFile === undefined && certFile === undefined && keyFile === undefined && !skipVerify) return { host, tls: false };
  const pair = certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : {};
  return { host, tls: { ...(caFile === undefined ? {} : { caFile }), ...pair, verify: !skipVerify } };
}
