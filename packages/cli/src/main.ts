import { buildCommand, buildUsage } from "./commands/build.js";
import { parseCommand, parseUsage } from "./commands/parse.js";
import { type CliIo, UsageError } from "./io.js";

export type { CliIo } from "./io.js";

const usage = `dfbuild — parse, lint and build Dockerfiles

Usage: dfbuild <command> [options]

Commands:
  parse   print a Dockerfile's AST or BuildKit dump
  build   build an image from a Dockerfile against a Docker engine
  help    show help for a command

Run "dfbuild <command> --help" for a command's options.`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { run: Command; usage: string }> = {
  parse: { run: parseCommand, usage: parseUsage },
  build: { run: buildCommand, usage: buildUsage },
};

/** Runs the CLI; resolves to the exit code. The one place where errors become messages. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    const command = topic === undefined ? undefined : commands[topic];
    io.stdout(`${command ? command.usage : usage}\n`);
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout("dfbuild 0.1.0\n");
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`dfbuild: unknown command "${name}"\n\n${usage}\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof TypeError && "code" in error && typeof error.code === "string" && error.code.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(`dfbuild ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`dfbuild ${name}: internal error: ${message}\nPlease report this with the command you ran.\n`);
    return 70;
  }
}
