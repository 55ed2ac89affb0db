/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  /** Standard input as bytes (a tar for `build -`); without it, stdin is read as text. */
  stdinStream?: () => AsyncIterable<Uint8Array>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour, live progress). */
  isTTY: boolean;
  /** The terminal's width in columns, when stdout is one and says. */
  columns?: number;
  /** One line of stdin, without its newline; null at its end (a prompt's answer). Without it, the first line of readStdin. */
  readLine?: () => Promise<string | null>;
  /** Bytes to stdout (a tar for `build --output -`); without it, binary output is refused. */
  stdoutBytes?: (data: Uint8Array) => void;
}

const USAGE_ERROR = Symbol.for("dfbuild.UsageError");

/**
 * A failure the user can fix: printed as is, no stack trace. In the bundled CLI the command table
 * and each command are separate bundles with a copy of this class each, so `instanceof` checks a
 * brand shared through the global symbol registry instead of the class identity.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly [USAGE_ERROR] = true;

  static override [Symbol.hasInstance](value: unknown): value is UsageError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[USAGE_ERROR] === true;
  }

  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
