// Synchronous file access, as in `dfbuild lint`: a pre-commit hook formats a few files and exits.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { FmtError, type FmtOptions, formatDockerfile } from "@dfbuild/fmt";
import { ConfigError, ConfigResolver, RuleRegistry, loadConfigFile, resolveConfig } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { type CliIo, UsageError } from "../io.js";
import { findDockerfiles } from "../lint-files.js";

export const fmtUsage = `Usage: dfbuild fmt [--check] [--config FILE] [PATH|GLOB|-]...

Formats Dockerfiles in place: instruction keywords and AS in one case, continuation lines
indented, one blank after each comma of an exec form, one blank line between stages. Nothing the
builder reads changes (BuildKit parses the output exactly as the input), and comments, parser
directives and heredoc bodies are kept as written. A directory is searched as by dfbuild lint;
- reads standard input and writes the result to standard output. Without PATH: the current
directory.

Options:
  --check        change nothing; list the files that are not formatted
  --config FILE  take the fmt: settings from FILE instead of the nearest .dfbuild.yaml

Settings (.dfbuild.yaml):
  fmt:
    keyword-case: upper              # upper, lower or preserve
    indent: 4                        # spaces, or tab
    blank-line-between-stages: true

Exit status: 0 done (with --check: every file is formatted), 1 with --check: some file is not,
2 usage, configuration, read or write error, or a file BuildKit cannot parse.`;

export async function fmtCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      check: { type: "boolean", default: false },
      config: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(`${fmtUsage}\n`);
    return 0;
  }
  const registry = new RuleRegistry(rules);
  const resolver = new ConfigResolver(registry);
  const explicit = values.config === undefined ? undefined : loadConfigFile(resolve(io.cwd, values.config), registry);
  // Awaited per file below; this only keeps a failure before the first file from going unhandled.
  explicit?.catch(() => undefined);
  const optionsFor = async (directory: string): Promise<FmtOptions> => {
    try {
      return resolveConfig([await (explicit ?? resolver.forDirectory(directory))]).fmt;
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`dfbuild fmt: ${error.message}`);
      throw error;
    }
  };

  const files = await findDockerfiles(positionals, io.cwd, "fmt");
  const unformatted: string[] = [];
  let failed = false;
  for (const file of files) {
    const isStdin = file === "-";
    const shown = isStdin ? "<stdin>" : relative(io.cwd, file);
    let text: string;
    try {
      text = isStdin ? await io.readStdin() : readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`dfbuild fmt: cannot read ${shown}: ${(error as Error).message}`);
    }
    let formatted: string;
    try {
      formatted = formatDockerfile(text, await optionsFor(isStdin ? io.cwd : dirname(file))).text;
    } catch (error) {
      if (!(error instanceof FmtError)) throw error;
      io.stderr(`${shown}:${error.message}\n`);
      failed = true;
      // A filter must not swallow its input: stdin that cannot be formatted comes out as it went in.
      if (isStdin && !values.check) io.stdout(text);
      continue;
    }
    if (values.check) {
      if (formatted !== text) unformatted.push(shown);
    } else if (isStdin) {
      io.stdout(formatted);
    } else if (formatted !== text) {
      try {
        writeFileSync(file, formatted);
      } catch (error) {
        throw new UsageError(`dfbuild fmt: cannot write ${shown}: ${(error as Error).message}`);
      }
    }
  }
  for (const name of unformatted) io.stdout(`${name}\n`);
  if (failed) return 2;
  return unformatted.length > 0 ? 1 : 0;
}
