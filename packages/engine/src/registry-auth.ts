import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { EngineConfigError } from "./errors.js";

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

const DOCKER_HUB = "docker.io";
const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/**
 * The registry an image reference names, by the rule of Docker's reference grammar: the first path
 * component is a registry host when it has a `.` or `:`, is `localhost`, or has an upper-case letter;
 * otherwise the image is on Docker Hub (`docker.io`).
 */
export function registryOfReference(reference: string): string {
  const slash = reference.indexOf("/");
  if (slash === -1) return DOCKER_HUB;
  const first = reference.slice(0, slash);
  const isHost = /[.:]/.test(first) || first === "localhost" || first !== first.toLowerCase();
  return isHost ? normalizeRegistry(first) : DOCKER_HUB;
}

/** `https://index.docker.io/v1/` and `docker.io` name the same registry; so do `Reg.io` and `reg.io`. */
function normalizeRegistry(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "").toLowerCase();
  return DOCKER_HUB_ALIASES.has(host) ? DOCKER_HUB : host;
}

export interface RegistryAuthLookup {
  /** The Docker CLI config directory; defaults to `DOCKER_CONFIG`, then `~/.docker`. */
  configDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The credentials `docker login` stored for the registry of `reference` in the `auths` of the docker
 * config file, or `undefined` when there are none (a missing file means anonymous access).
 * Credential helpers (`credsStore`, `credHelpers`) are not consulted.
 */
export async function readRegistryAuth(
  reference: string,
  lookup: RegistryAuthLookup = {},
): Promise<RegistryAuth | undefined> {
  const env = lookup.env ?? process.env;
  const fromEnv = env.DOCKER_CONFIG === "" ? undefined : env.DOCKER_CONFIG;
  const configDir = lookup.configDir ?? fromEnv ?? join(homedir(), ".docker");
  const file = join(configDir, "config.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new EngineConfigError(`cannot read the docker config ${file}: ${String(error)}`, { cause: error });
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new EngineConfigError(`the docker config ${file} is not valid JSON: ${String(error)}`, { cause: error });
  }
  const auths = isRecord(config) ? config.auths : undefined;
  if (!isRecord(auths)) return undefined;

  const registry = registryOfReference(reference);
  const match = Object.entries(auths).find(([key]) => normalizeRegistry(key) === registry);
  if (match === undefined) return undefined;
  const [serveraddress, entry] = match;
  if (!isRecord(entry)) return undefined;
  return authFromEntry(entry, serveraddress, file);
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
    // The engine reads username and password, not `auth`, so the pair is decoded here.
    const decoded = Buffer.from(encoded, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon === -1) {
      throw new EngineConfigError(
        `the "auth" of ${serveraddress} in ${file} is not base64 of "username:password"`,
      );
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
