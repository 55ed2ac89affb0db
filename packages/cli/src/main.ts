import { type CliIo, UsageError } from "./io.js";

export type { CliIo } from "./io.js";

type Command = (argv: string[], io: CliIo) => Promise<number>;

interface CommandModule {
  run: Command;
  usage: string;
}

/**
 * Each command is loaded only when it runs, so `dfbuild lint` in a pre-commit hook never pays
 * for the builder (in the bundle, every command is a bundle of its own).
 */
const commands: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  lint: {
    summary: "check Dockerfiles for problems, optionally fixing them",
    load: async () => {
      const { lintCommand, lintUsage } = await import("./commands/lint.js");
      return { run: lintCommand, usage: lintUsage };
    },
  },
  fmt: {
    summary: "format Dockerfiles without changing what the builder reads",
    load: async () => {
      const { fmtCommand, fmtUsage } = await import("./commands/fmt.js");
      return { run: fmtCommand, usage: fmtUsage };
    },
  },
  rules: {
    summary: "list the lint rules with their aliases, severity and fixability",
    load: async () => {
      const { rulesCommand, rulesUsage } = await import("./commands/rules.js");
      return { run: rulesCommand, usage: rulesUsage };
    },
  },
  parse: {
    summary: "print a Dockerfile's AST or BuildKit dump",
    load: async () => {
      const { parseCommand, parseUsage } = await import("./commands/parse.js");
      return { run: parseCommand, usage: parseUsage };
    },
  },
  lsp: {
    summary: "run the Dockerfile language server for editors (--stdio)",
    load: async () => {
      const { lspCommand, lspUsage } = await import("./commands/lsp.js");
      return { run: lspCommand, usage: lspUsage };
    },
  },
  build: {
    summary: "build an image from a Dockerfile against a Docker engine",
    load: async () => {
      const { buildCommand, buildUsage } = await import("./commands/build.js");
      return { run: buildCommand, usage: buildUsage };
    },
  },
  prune: {
    summary: "remove the build cache and the dangling images dfbuild made",
    load: async () => {
      const { pruneCommand, pruneUsage } = await import("./commands/prune.js");
      return { run: pruneCommand, usage: pruneUsage };
    },
  },
};

const usage = `dfbuild — parse, lint and build Dockerfiles

Usage: dfbuild <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(7)} ${command.summary}`)
  .join("\n")}
  help    show help for a command

Run "dfbuild <command> --help" for a command's options.`;

/** Runs the CLI; resolves to the exit code. The one place where errors become messages. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    const command = topic === undefined ? undefined : commands[topic];
    io.stdout(`${command ? (await command.load()).usage : usage}\n`);
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.stdout("dfbuild 0.1.0\n");
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    io.stderr(`dfbuild: unknown command "${name}"\n\n${usage}\n`);
    return 2;
  }
  const command = await entry.load();
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
