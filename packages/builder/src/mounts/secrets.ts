/**
 * The secrets a build may mount, as `docker buildx build --secret` gives them: `id=ID` with
 * `src=PATH` (a file) or `env=VAR` (a variable of the client's environment); with neither, the
 * variable named like the id when it is set, else the file of that name (BuildKit
 * `session/secrets/secretsprovider/files.go` `NewStore`). Values are read when a step needs them.
 */
import { readFile, stat } from "node:fs/promises";

/** One `--secret` of the command line. */
export interface SecretSource {
  id: string;
  /** A file on the client. */
  file?: string;
  /** A variable of the client's environment. */
  env?: string;
}

/** BuildKit's limit on a secret (`MaxSecretSize`). */
const MAX_SECRET_SIZE = 500 * 1024;

export class SecretSpecError extends Error {
  override readonly name = "SecretSpecError";
  readonly code = "DFB_SECRET_SPEC";
}

/** Parses `id=ID[,src=PATH|,env=VAR][,type=file|env]` (buildx `parseSecret`; `source` is `src`). */
export function parseSecretSpec(text: string): SecretSource {
  let id = "";
  let file: string | undefined;
  let env: string | undefined;
  let type: string | undefined;
  for (const field of text.split(",")) {
    const equals = field.indexOf("=");
    if (equals === -1) throw new SecretSpecError(`invalid field '${field}' must be a key=value pair`);
    const key = field.slice(0, equals).toLowerCase();
    const value = field.slice(equals + 1);
    switch (key) {
      case "type":
        if (value !== "file" && value !== "env") throw new SecretSpecError(`unsupported secret type "${value}" (expected file or env)`);
        type = value;
        break;
      case "id":
        id = value;
        break;
      case "source":
      case "src":
        file = value;
        break;
      case "env":
        env = value;
        break;
      default:
        throw new SecretSpecError(`unexpected key '${key}' in '${field}'`);
    }
  }
  if (id === "") throw new SecretSpecError(`secret "${text}" has no id= (write id=NAME,src=FILE or id=NAME,env=VAR)`);
  // `type=env,src=VAR` names a variable.
  if (type === "env" && env === undefined) {
    env = file;
    file = undefined;
  }
  return { id, ...(file === undefined ? {} : { file }), ...(env === undefined ? {} : { env }) };
}

/** The build's secrets by id; a later `--secret` of the same id wins. */
export class SecretStore {
  readonly #sources = new Map<string, SecretSource>();
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(sources: readonly SecretSource[], env: Readonly<Record<string, string | undefined>>) {
    for (const source of sources) this.#sources.set(source.id, source);
    this.#env = env;
  }

  /** Checks each file can be read and is not too big, so a typo fails the build before any step. */
  async check(): Promise<void> {
    for (const source of this.#sources.values()) {
      const file = this.#file(source);
      if (file === undefined) continue;
      const info = await stat(file).catch((error: unknown) => {
        throw new SecretSpecError(`secret ${source.id}: cannot read ${file}: ${(error as Error).message}`);
      });
      if (info.size > MAX_SECRET_SIZE) throw new SecretSpecError(`secret ${source.id} too big. max size 500KB`);
    }
  }

  has(id: string): boolean {
    return this.#sources.has(id);
  }

  /** The secret's bytes, or undefined when no `--secret` gave it (or its variable is unset). */
  async value(id: string): Promise<Buffer | undefined> {
    const source = this.#sources.get(id);
    if (source === undefined) return undefined;
    const variable = source.env ?? (source.file === undefined && this.#env[source.id] !== undefined ? source.id : undefined);
    if (variable !== undefined) {
      const value = this.#env[variable];
      return value === undefined ? undefined : Buffer.from(value);
    }
    const file = this.#file(source);
    return file === undefined ? undefined : readFile(file);
  }

  #file(source: SecretSource): string | undefined {
    if (source.env !== undefined) return undefined;
    if (source.file !== undefined) return source.file;
    return this.#env[source.id] === undefined ? source.id : undefined;
  }
}
