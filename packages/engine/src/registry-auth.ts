/**
 * Registry credentials from the docker CLI's config, resolved the way the CLI resolves them for a
 * push or pull (docker/cli `cli/command/registry.go` ResolveAuthConfig, `cli/config/configfile/file.go`
 * GetAuthConfig and GetCredentialsStore, `cli/config/credentials/native_store.go`): a
 * `credHelpers` entry for the registry wins, then `credsStore`, then `auths`; helpers are the
 * `docker-credential-<name>` programs of docker/docker-credential-helpers, run with `get` and the
 * server's key on stdin.
 */
import { constants } from "node:fs";
import { access, readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { CredentialHelperError, EngineConfigError } from "./errors.js";
import { authKeyOf, DOCKER_HUB_DOMAIN } from "./image-reference.js";

/** Credentials for one registry, as the engine reads them from `X-Registry-Auth`. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  /** An OAuth refresh token (what `docker login` stores for some registries). */
  identitytoken?: string;
  /** A bearer token sent to the registry as is. */
  registrytoken?: string;
  serveraddress?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export interface RegistryAuthLookup {
  /** The Docker CLI config directory; defaults to `DOCKER_CONFIG`, then `~/.docker`. */
  configDir?: string;
  /** The environment: `DOCKER_CONFIG`, `HOME`, and the `PATH` credential helpers are found on. */
  env?: Env;
}

/**
 * The registry an image reference names, by the rule of Docker's reference grammar: the first path
 * component is a registry host when it has a `.` or `:`, is `localhost`, or has an upper-case letter;
 * otherwise the image is on Docker Hub (`docker.io`, also written `index.docker.io`).
 */
export function registryOfReference(reference: string): string {
  const slash = reference.indexOf("/");
  if (slash === -1) return DOCKER_HUB_DOMAIN;
  const first = reference.slice(0, slash);
  const isHost = /[.:]/.test(first) || first === "localhost" || first !== first.toLowerCase();
  if (!isHost || first === "index.docker.io") return DOCKER_HUB_DOMAIN;
  return first;
}

/**
 * The credentials for the registry of `reference`, or `undefined` for anonymous access (no config
 * file, no entry, or a helper that has none).
 */
export function readRegistryAuth(reference: string, lookup: RegistryAuthLookup = {}): Promise<RegistryAuth | undefined> {
  return new DockerCredentials(lookup).forRegistry(registryOfReference(reference));
}

interface LoadedConfig {
  file: string;
  auths: Map<string, RegistryAuth>;
  credsStore: string | undefined;
  credHelpers: Map<string, string>;
}

/** What a credential helper prints when it has nothing for the server (docker-credential-helpers credentials/error.go). */
const NOT_FOUND_MESSAGE = "credentials not found in native keychain";
/** The username a helper returns when its secret is an identity token (docker/cli native_store.go tokenUsername). */
const TOKEN_USERNAME = "<token>";

/**
 * The docker config's credentials for one process: the config file is read once, and each
 * registry's answer (a helper run can be slow, or prompt) is remembered.
 */
export class DockerCredentials {
  readonly #configDir: string;
  readonly #env: Env;
  #config: Promise<LoadedConfig> | undefined;
  readonly #answers = new Map<string, Promise<RegistryAuth | undefined>>();

  constructor(lookup: RegistryAuthLookup = {}) {
    this.#env = lookup.env ?? process.env;
    const fromEnv = this.#env.DOCKER_CONFIG === "" ? undefined : this.#env.DOCKER_CONFIG;
    this.#configDir = lookup.configDir ?? fromEnv ?? join(this.#env.HOME ?? homedir(), ".docker");
  }

  /** The config file read, `<dir>/config.json`. */
  get file(): string {
    return join(this.#configDir, "config.json");
  }

  /** Credentials for a registry given by its domain as in a reference (`docker.io`, `127.0.0.1:5000`). */
  forRegistry(domain: string): Promise<RegistryAuth | undefined> {
    let answer = this.#answers.get(domain);
    if (answer === undefined) {
      answer = this.#resolve(domain);
      this.#answers.set(domain, answer);
      // A failure is not remembered: the next call tries again (and reports again).
      answer.catch(() => this.#answers.delete(domain));
    }
    return answer;
  }

  async #resolve(domain: string): Promise<RegistryAuth | undefined> {
    const config = await this.#load();
    const key = authKeyOf(domain);
    const helper = config.credHelpers.get(key) ?? config.credsStore;
    if (helper !== undefined && helper !== "") return this.#fromHelper(helper, key);
    return config.auths.get(key) ?? [...config.auths].find(([stored]) => hostnameOf(stored) === key)?.[1];
  }

  async #fromHelper(helper: string, key: string): Promise<RegistryAuth | undefined> {
    const program = `docker-credential-${helper}`;
    const { code, stdout } = await runHelper(program, ["get"], key, this.#env);
    const output = stdout.trim();
    if (code !== 0) {
      if (output === NOT_FOUND_MESSAGE) return undefined;
      throw new CredentialHelperError(
        `the credential helper ${program} failed to get the credentials for ${key} (exit ${String(code)})${output === "" ? "" : `: ${output}`}; ` +
          `fix the helper or change ${describeSource(helper, key)} in ${this.file}`,
        { helper: program, serverAddress: key },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch (error) {
      throw new CredentialHelperError(`the credential helper ${program} printed something that is not JSON for ${key}: ${JSON.stringify(output.slice(0, 200))}`, {
        helper: program,
        serverAddress: key,
        cause: error,
      });
    }
    const record = isRecord(parsed) ? parsed : {};
    const username = typeof record.Username === "string" ? record.Username : "";
    const secret = typeof record.Secret === "string" ? record.Secret : "";
    if (username === TOKEN_USERNAME) return { identitytoken: secret, serveraddress: key };
    if (username === "" && secret === "") return undefined;
    return { username, password: secret, serveraddress: key };
  }

  #load(): Promise<LoadedConfig> {
    this.#config ??= loadConfig(this.file, this.#env);
    return this.#config;
  }
}

async function loadConfig(file: string, env: Env): Promise<LoadedConfig> {
  let text: string | undefined;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new EngineConfigError(`cannot read the docker config ${file}: ${String(error)}`, { cause: error });
    }
  }
  let config: unknown = {};
  if (text !== undefined) {
    try {
      config = JSON.parse(text);
    } catch (error) {
      throw new EngineConfigError(`the docker config ${file} is not valid JSON: ${String(error)}`, { cause: error });
    }
  }
  const record = isRecord(config) ? config : {};
  const auths = new Map<string, RegistryAuth>();
  if (isRecord(record.auths)) {
    for (const [key, entry] of Object.entries(record.auths)) {
      if (!isRecord(entry)) continue;
      const auth = authFromEntry(entry, key, file);
      if (auth !== undefined) auths.set(key, auth);
    }
  }
  const credHelpers = new Map<string, string>();
  if (isRecord(record.credHelpers)) {
    for (const [key, helper] of Object.entries(record.credHelpers)) if (typeof helper === "string") credHelpers.set(key, helper);
  }
  let credsStore = typeof record.credsStore === "string" && record.credsStore !== "" ? record.credsStore : undefined;
  // A config without any credentials (or no config at all) uses the platform's default helper when
  // it is installed (cli/config/config.go LoadDefaultConfigFile, credentials/default_store_linux.go).
  const hasAuth = "auths" in record || "credsStore" in record || "credHelpers" in record;
  if (!hasAuth) credsStore = await defaultStore(env);
  return { file, auths, credsStore, credHelpers };
}

/** `pass` when the `pass` program is installed, else `secretservice`; used only if its helper exists. */
async function defaultStore(env: Env): Promise<string | undefined> {
  const platformDefault = (await onPath("pass", env)) ? "pass" : "secretservice";
  return (await onPath(`docker-credential-${platformDefault}`, env)) ? platformDefault : undefined;
}

async function onPath(program: string, env: Env): Promise<boolean> {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    try {
      await access(join(dir, program), constants.X_OK);
      return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}

function describeSource(helper: string, key: string): string {
  return `credHelpers["${key}"] or credsStore ("${helper}")`;
}

/**
 * Runs a credential helper as docker-credential-helpers' client does: the input on stdin, stdout
 * captured, stderr passed through (a helper may explain itself there).
 */
function runHelper(program: string, args: readonly string[], input: string, env: Env): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    // node:child_process is loaded for a credential helper, not at every start.
    const child = process.getBuiltinModule("node:child_process").spawn(program, args, { env, stdio: ["pipe", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "ENOENT"
          ? `${program} is not on PATH; install it, or remove the credsStore/credHelpers entry naming it from the docker config`
          : `cannot run ${program}: ${error.message}`;
      reject(new CredentialHelperError(reason, { helper: program, serverAddress: input, cause: error }));
    });
    child.on("close", (code, signal) => {
      resolve({ code: code ?? (signal === null ? 1 : 128), stdout: Buffer.concat(chunks).toString("utf8") });
    });
    // A helper that exits without reading its input makes the write fail with EPIPE: its exit status says what happened.
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });
}

/** `ConvertToHostname` of docker/cli: the key without scheme and path. */
function hostnameOf(key: string): string {
  return key.replace(/^https?:\/\//, "").split("/")[0] ?? "";
}

function authFromEntry(entry: Record<string, unknown>, serveraddress: string, file: string): RegistryAuth | undefined {
  const text = (key: string): string | undefined => {
    const value = entry[key];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const identitytoken = text("identitytoken");
  if (identitytoken !== undefined) return { identitytoken, serveraddress };
  const registrytoken = text("registrytoken");
  if (registrytoken !== undefined) return { registrytoken, serveraddress };

  const encoded = text("auth");
  if (encoded !== undefined) {
    // The engine reads username and password, not `auth`, so the pair is decoded here; the CLI
    // rejects an `auth` without a colon or with an empty user (configfile/file.go decodeAuth).
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) {
      throw new EngineConfigError(`the "auth" of ${serveraddress} in ${file} is not base64 of "username:password"; run docker login ${serveraddress} again`);
    }
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress };
  }
  const username = text("username");
  const password = text("password");
  if (username !== undefined || password !== undefined) return { username, password, serveraddress };
  return undefined;
}

/**
 * The `X-Registry-Auth` header value: URL-safe base64 of the JSON, with padding. The engine decodes
 * it with Go's padded URL alphabet and, for a pull, silently ignores a header it cannot decode, so
 * unpadded base64url would quietly pull anonymously.
 */
export function encodeRegistryAuth(auth: RegistryAuth): string {
  return Buffer.from(JSON.stringify(auth), "utf8").toString("base64").replaceAll("+", "-").replaceAll("/", "_");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
