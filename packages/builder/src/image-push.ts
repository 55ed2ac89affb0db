/**
 * `--push`: each `-t` tag pushed through the engine (`POST /images/{name}/push`), with the docker
 * config's credentials, once the build succeeded — what `docker buildx build --push` does with the
 * docker driver. Progress lines are rendered as the docker CLI renders them off a terminal
 * (docker/cli `pkg/jsonmessage` Display: `id: status`, progress bars left out).
 */
import { EngineClientError, type ProgressEvent, parseImageReference, repositoryName } from "@dfbuild/engine";
import type { BuildEngine } from "./build-engine.js";
import { BuildError } from "./errors.js";

export interface PushedTag {
  /** `name:tag` as given. */
  name: string;
  /** The manifest digest the registry stored. */
  digest: string;
  size: number;
}

/** A push failed: the registry refused, the credentials were wrong, the engine could not reach it. */
export class ImagePushError extends BuildError {
  readonly code = "DFB_PUSH";
  /** The `name:tag` whose push failed. */
  readonly reference: string;

  constructor(reference: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.reference = reference;
  }
}

/** Pushes every tag in order; the first failure stops the rest. */
export async function pushTags(
  engine: BuildEngine,
  tags: readonly string[],
  report: (text: string) => void,
  signal: AbortSignal | undefined,
): Promise<PushedTag[]> {
  const pushed: PushedTag[] = [];
  for (const name of tags) {
    const reference = parseImageReference(name);
    const tag = reference.tag ?? "latest";
    const repository = repositoryName(reference);
    let digest = "";
    let size = 0;
    try {
      for await (const event of engine.images.push(repository, { tag, signal })) {
        const line = progressLine(event);
        if (line !== undefined) report(line);
        const aux = event.aux;
        if (aux !== undefined && typeof aux.Digest === "string") {
          digest = aux.Digest;
          size = typeof aux.Size === "number" ? aux.Size : 0;
        }
      }
    } catch (error) {
      if (signal?.aborted === true) throw error;
      if (!(error instanceof EngineClientError)) throw error;
      throw new ImagePushError(name, `pushing ${name} failed: ${explainPushFailure(engineWords(error), reference.domain)}`, { cause: error });
    }
    if (digest === "") throw new ImagePushError(name, `pushing ${name} failed: the engine did not report the pushed manifest's digest`);
    pushed.push({ name, digest, size });
  }
  return pushed;
}

/**
 * The text the docker CLI prints for a progress line off a terminal, or undefined for the lines it
 * leaves out there (progress bars).
 */
export function progressLine(event: ProgressEvent): string | undefined {
  if (event.progressDetail?.current !== undefined || (typeof event.progress === "string" && event.progress !== "")) return undefined;
  const status = typeof event.status === "string" ? event.status : "";
  if (status === "") return undefined;
  return typeof event.id === "string" && event.id !== "" ? `${event.id}: ${status}` : status;
}

/** What the engine said, without the request it answered (the CLI prints the same for docker push). */
export function engineWords(error: EngineClientError): string {
  return "engineMessage" in error && typeof error.engineMessage === "string" ? error.engineMessage : error.message;
}

/** The engine's words, with what to do when they are about credentials. */
export function explainPushFailure(message: string, domain: string): string {
  if (/no basic auth credentials|authentication required|unauthorized|denied/i.test(message)) {
    return `${message} (run docker login ${domain}, or configure a credential helper for it in the docker config)`;
  }
  return message;
}
