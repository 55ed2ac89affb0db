import { fstatSync, statSync, writeSync } from "node:fs";
import type { CliIo } from "./io.js";

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** One line of a stream, for a prompt: reads until a newline or the end, then lets go of the stream. */
async function readLine(stream: NodeJS.ReadStream): Promise<string | null> {
  const { createInterface } = await import("node:readline");
  const lines = createInterface({ input: stream, terminal: false });
  try {
    for await (const line of lines) return line;
    return null;
  } finally {
    lines.close();
    stream.pause();
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes straight to a file descriptor, synchronously. `process.stdout` would do the same on Linux,
 * but creating it loads Node's stream modules, a few milliseconds of every pre-commit hook run.
 * A reader that went away (`dfbuild build | head`) makes writes fail with EPIPE: the output is
 * dropped and the run ends as it would have, cleaning up after itself. A descriptor another
 * process left non-blocking answers EAGAIN when its pipe is full: wait for the reader.
 */
function writer(fd: number): (data: string | Uint8Array) => void {
  let readerGone = false;
  return (data) => {
    if (readerGone || data.length === 0) return;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let written = 0;
    while (written < bytes.length) {
      try {
        written += writeSync(fd, bytes, written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EAGAIN") {
          Atomics.wait(pause, 0, 0, 1);
          continue;
        }
        if (code === "EPIPE") {
          readerGone = true;
          return;
        }
        throw error;
      }
    }
  };
}

/**
 * Whether standard output is a terminal. Only a character device can be one; /dev/null (where
 * hooks and CI often send output) is one too, and is told apart by its device number. Only for
 * the other character devices is Node's tty module loaded to ask.
 */
function stdoutIsTerminal(): boolean {
  let output;
  try {
    output = fstatSync(1);
  } catch {
    return false;
  }
  if (!output.isCharacterDevice()) return false;
  const devNull = statSync("/dev/null", { throwIfNoEntry: false });
  if (output.rdev === devNull?.rdev) return false;
  return process.stdout.isTTY;
}

/** The real process's IO. */
export function processIo(): CliIo {
  const isTTY = stdoutIsTerminal();
  const stdout = writer(1);
  return {
    stdout,
    stdoutBytes: stdout,
    stderr: writer(2),
    readStdin: () => readAll(process.stdin),
    readLine: () => readLine(process.stdin),
    stdinStream: () => process.stdin,
    cwd: process.cwd(),
    env: process.env,
    isTTY,
    // Asked only of a terminal: reading it loads the tty module.
    columns: isTTY ? process.stdout.columns : undefined,
  };
}
