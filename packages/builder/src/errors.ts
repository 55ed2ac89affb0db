/** Where in the Dockerfile a failure belongs. */
export interface DockerfileLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * A build that cannot go on, with what a person needs to fix it: the message, the Dockerfile
 * location when there is one, and the exit status the CLI should end with (a failing RUN's own
 * exit code, as `docker build` does).
 */
export class BuildError extends Error {
  override readonly name = "BuildError";
  readonly location: DockerfileLocation | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { location?: DockerfileLocation; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.location = options.location;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** The build was stopped by its AbortSignal (Ctrl-C, SIGTERM); everything it created is gone. */
export class BuildCancelledError extends Error {
  override readonly name = "BuildCancelledError";
}
