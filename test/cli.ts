import { run } from "dfbuild";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the dfbuild CLI in-process (the same code path as the binary). */
export async function runCli(args: string[], stdin: string | Uint8Array = "", cwd = process.cwd(), env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    readStdin: () => Promise.resolve(typeof stdin === "string" ? stdin : Buffer.from(stdin).toString("utf8")),
    // eslint-disable-next-line @typescript-eslint/require-await -- an async generator is the simplest AsyncIterable
    stdinStream: async function* () {
      yield typeof stdin === "string" ? Buffer.from(stdin, "utf8") : stdin;
    },
    cwd,
    env: { ...process.env, NO_COLOR: "1", ...env },
    isTTY: false,
  });
  return { code, stdout, stderr };
}
