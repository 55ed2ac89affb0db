/** Where in the Dockerfile a failure belongs. */
export interface DockerfileLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * A build that cannot go on, with what a person needs to fix it: the message, the Dockerfile
 * location when there is one, and the exit status the CLI should end with (a failing RUN's own
 * exit code, as `docker build` does). Kinds of failure a tool may want to tell apart are
 * subclasses with a stable `code`.
 */
export class BuildError extends Error {
  override readonly name: string = "BuildError";
  readonly exitCode: number;
  #location: DockerfileLocation | undefined;

  constructor(message: string, options: { location?: DockerfileLocation; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.#location = options.location;
    this.exitCode = options.exitCode ?? 1;
  }

  get location(): DockerfileLocation | undefined {
    return this.#location;
  }

  /** Places a failure that happened outside the Dockerfile's reading (a download, a pull) at its instruction. */
  locate(location: DockerfileLocation): this {
    this.#location ??= location;
    return this;
  }
}

/** The build was stopped by its AbortSignal (Ctrl-C, SIGTERM); everything it created is gone. */
export class BuildCancelledError extends Error {
  override readonly name = "BuildCancelledError";
}

/**
 * A `RUN --mount` the build cannot make: a value BuildKit refuses (`DFB_MOUNT_INVALID`), a
 * required secret that no `--secret` gives (`DFB_MOUNT_SECRET_NOT_FOUND`), an SSH agent that no
 * `--ssh` gives or the engine cannot reach (`DFB_MOUNT_SSH_UNAVAILABLE`).
 */
export class MountError extends BuildError {
  override readonly name = "MountError";
  readonly code: "DFB_MOUNT_INVALID" | "DFB_MOUNT_SECRET_NOT_FOUND" | "DFB_MOUNT_SSH_UNAVAILABLE";

  constructor(message: string, location: DockerfileLocation, code: MountError["code"] = "DFB_MOUNT_INVALID") {
    super(message, { location });
    this.code = code;
  }
}

/** `# syntax=` names a frontend other than the standard `docker/dockerfile` 1.x. */
export class FrontendError extends BuildError {
  override readonly name = "FrontendError";
  readonly code = "DFB_FRONTEND_UNSUPPORTED";
}

/** `ADD --checksum` does not match what was downloaded (or the commit checked out). */
export class ChecksumError extends BuildError {
  override readonly name = "ChecksumError";
  readonly code = "DFB_CHECKSUM_MISMATCH";
}

/**
 * The engine went away in the middle of the build (its daemon stopped or crashed, the connection
 * dropped): the message says at which step, what was lost and how to go on. Containers and
 * volumes the build could not remove are left to the next build's clean-up (`leftovers.ts`).
 */
export class EngineLostError extends BuildError {
  override readonly name = "EngineLostError";
  readonly code = "DFB_ENGINE_LOST";
}

/**
 * `--fold-metadata` could not put the folded steps' history entries back into the final image:
 * the last image's history is shorter than the stage's steps that made images (an image the cache
 * gave was not made the way its key says). Rebuilding with `--no-cache` makes the chain anew.
 */
export class FoldedHistoryError extends BuildError {
  override readonly name = "FoldedHistoryError";
  readonly code = "DFB_FOLDED_HISTORY";
}
