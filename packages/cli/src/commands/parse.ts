import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type Diagnostic, dump, parse } from "@dfbuild/parser";
import { type CliIo, UsageError } from "../io.js";

export const parseUsage = `Usage: dfbuild parse [--format json|dump] [--tokens] [FILE|-]

Parses a Dockerfile (stdin when FILE is - or absent).
  --format json   the typed AST and the diagnostics (default)
  --format dump   BuildKit's Node.Dump() format
  --tokens        include the lexer tokens in the JSON (the lossless tree)
Problems go to stderr as FILE:LINE:COL: message. Exit 1 when there is an error.`;

export async function readInput(file: string | undefined, io: CliIo): Promise<{ name: string; text: string }> {
  if (file === undefined || file === "-") return { name: "<stdin>", text: await io.readStdin() };
  try {
    return { name: file, text: await readFile(file, "utf8") };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new UsageError(`dfbuild: cannot read ${file}: ${reason}`);
  }
}

export function formatDiagnostic(name: string, diagnostic: Diagnostic): string {
  const { line, column } = diagnostic.range.start;
  const prefix = diagnostic.severity === "warning" ? "warning: " : "";
  return `${name}:${line}:${column}: ${prefix}${diagnostic.message}\n`;
}

export async function parseCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "json" },
      tokens: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(`${parseUsage}\n`);
    return 0;
  }
  if (values.format !== "json" && values.format !== "dump") {
    throw new UsageError(`dfbuild parse: unknown format "${values.format}" (expected json or dump)\n\n${parseUsage}`);
  }
  if (positionals.length > 1) throw new UsageError(`dfbuild parse: expected one FILE, got ${positionals.length}\n\n${parseUsage}`);
  const { name, text } = await readInput(positionals[0], io);
  const { ast, diagnostics } = parse(text);
  for (const diagnostic of diagnostics) io.stderr(formatDiagnostic(name, diagnostic));
  const parseFailed = diagnostics.some((d) => d.severity === "error" && d.stage === "parse");
  if (values.format === "dump") {
    // BuildKit has no tree to dump when its parser layer fails.
    if (!parseFailed) io.stdout(`${dump(ast)}\n`);
  } else {
    const omitTokens = !values.tokens;
    io.stdout(`${JSON.stringify({ ast, diagnostics }, (key, value: unknown) => (omitTokens && key === "tokens" ? undefined : value), 2)}\n`);
  }
  return diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}
