// Synchronous file access: the lint path is CPU-bound, and node:fs/promises costs milliseconds to load
// at every start of a pre-commit hook.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import {
  ConfigError,
  type ConfigLayer,
  ConfigResolver,
  FAILURE_THRESHOLDS,
  type FailureThreshold,
  type FormatName,
  type LintConfig,
  type LintResult,
  PresetSyntaxError,
  RULE_LEVELS,
  type RuleLevel,
  RuleRegistry,
  applyHadolintLists,
  configFromEnvironment,
  emptyLayer,
  fixText,
  formatNames,
  isFormatName,
  lintText,
  loadConfigFile,
  parsePreset,
  parseRequiredLabel,
  reportChunks,
  resolveConfig,
  setLevelByName,
  severityRank,
} from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { type CliIo, UsageError } from "../io.js";
import { findDockerfiles } from "../lint-files.js";
import { budgetFor } from "../v8-budget.js";

/**
 * The `.dockerignore` a build of this Dockerfile would use, taking its directory as the build
 * context: `<Dockerfile>.dockerignore` beside it first, then the context's `.dockerignore` (the
 * order BuildKit's dockerui reads them in). The CopyIgnoredFile check needs it.
 */
function dockerignoreFor(file: string): { dockerignore?: string } {
  for (const candidate of [`${file}.dockerignore`, join(dirname(file), ".dockerignore")]) {
    try {
      return { dockerignore: readFileSync(candidate, "utf8") };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw new UsageError(`dfbuild lint: cannot read ${candidate}: ${(error as Error).message}`);
    }
  }
  return {};
}

export const lintUsage = `Usage: dfbuild lint [options] [PATH|GLOB|-]...

Checks Dockerfiles. A directory is searched for Dockerfiles (Dockerfile, Containerfile,
Dockerfile.*, Dockerfile-*, *.Dockerfile …, not templates such as Dockerfile.j2); a glob is
expanded; - reads standard input. Without PATH: the current directory.

Options:
  -f, --format FORMAT        tty (default), json, sarif, checkstyle, gitlab, github, compact
      --fix                  apply automatic fixes to the files (stdin: print the fixed text)
  -c, --config FILE          use FILE instead of the nearest .dfbuild.yaml / .hadolint.yaml
      --preset NAME[@VER]    recommended (default), strict or hadolint, e.g. recommended@1
      --rule ID=LEVEL        set a rule (id or alias) to off, style, info, warning or error;
                             repeatable
  -t, --failure-threshold LEVEL
                             fail only for findings at or above error, warning, info or style
                             (default: info, as hadolint)
      --no-fail              exit 0 whatever is found
      --no-color             plain output (NO_COLOR is honoured too)

hadolint's options work too: --ignore CODE, --error/--warning/--info/--style CODE,
--trusted-registry REGISTRY, --require-label LABEL:TYPE, --strict-labels,
--disable-ignore-pragma (and its HADOLINT_* environment variables).

Exit status: 0 no finding at or above the threshold, 1 findings, 2 usage, configuration or
read error. "dfbuild rules" lists the rules.`;

/** hadolint's output format names, where dfbuild has the same report under another name. */
const HADOLINT_FORMATS: Readonly<Record<string, FormatName>> = { gitlab_codeclimate: "gitlab", gnu: "compact" };

function formatName(name: string, where: string): FormatName {
  const mapped = HADOLINT_FORMATS[name] ?? name;
  if (isFormatName(mapped)) return mapped;
  throw new UsageError(`dfbuild lint: ${where}: unknown format "${name}" (expected ${formatNames.join(", ")})`);
}

function usage(detail: string): never {
  throw new UsageError(`dfbuild lint: ${detail}`);
}

/** The command line's settings, as one configuration layer above the files and the environment. */
function commandLineLayer(values: ParsedValues, registry: RuleRegistry): ConfigLayer {
  const layer = emptyLayer("command line");
  if (values.preset !== undefined) {
    try {
      layer.preset = parsePreset(values.preset);
    } catch (error) {
      if (error instanceof PresetSyntaxError) usage(`--preset ${values.preset}: ${error.message}`);
      throw error;
    }
  }
  const codes = (option: string, list: readonly string[]) =>
    list.map((name) => ({ name, where: `--${option} ${name}`, fail: (detail: string) => usage(`--${option} ${name}: ${detail}`) }));
  applyHadolintLists(layer, registry, {
    ignored: codes("ignore", values.ignore),
    error: codes("error", values.error),
    warning: codes("warning", values.warning),
    info: codes("info", values.info),
    style: codes("style", values.style),
  });
  // --rule comes after hadolint's lists: the readable spelling wins when both name a rule.
  for (const value of values.rule) {
    const equals = value.lastIndexOf("=");
    const name = equals === -1 ? value : value.slice(0, equals);
    const level = equals === -1 ? "" : value.slice(equals + 1);
    if (!(RULE_LEVELS as readonly string[]).includes(level)) usage(`--rule ${value}: expected ID=LEVEL with LEVEL one of ${RULE_LEVELS.join(", ")}`);
    setLevelByName(layer, registry, name, level as RuleLevel, `--rule ${value}`, (detail) => usage(`--rule ${value}: ${detail}`));
  }
  const threshold = values["failure-threshold"];
  if (threshold !== undefined) {
    if (!(FAILURE_THRESHOLDS as readonly string[]).includes(threshold)) usage(`--failure-threshold ${threshold}: expected one of ${FAILURE_THRESHOLDS.join(", ")}`);
    layer.failureThreshold = threshold as FailureThreshold;
  }
  if (values["no-fail"]) layer.noFail = true;
  if (values["disable-ignore-pragma"]) layer.inlineIgnores = false;
  if (values["strict-labels"]) layer.strictLabels = true;
  layer.trustedRegistries.push(...values["trusted-registry"]);
  for (const label of values["require-label"]) {
    const [name, type] = parseRequiredLabel(label, (detail) => usage(`--require-label ${label}: ${detail}`));
    layer.labelSchema.set(name, type);
  }
  return layer;
}

function fails(result: LintResult, threshold: FailureThreshold): boolean {
  // A parse error is an `error` finding (parse-error, hadolint's DL1000): it fails the run unless
  // the configuration lowered or switched off parse-error, so the exit code always matches the report.
  if (threshold === "ignore" || threshold === "none") return result.findings.length > 0;
  const minimum = severityRank(threshold);
  return result.findings.some((finding) => severityRank(finding.severity) >= minimum);
}

interface LintOption {
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly default?: unknown;
}

/**
 * What Node's parseArgs makes of a command line of file names and long options (`--fix`,
 * `--preset strict`, `--rule ID=LEVEL`), without parseArgs, whose first call costs every start
 * ~3M instructions (compiling Node's parse_args module); undefined for anything else (short
 * options, `--name=value`, `--`, an unknown option, a value that looks like an option), which goes
 * to parseArgs. As parseArgs reads it (argsToTokens, storeOption and the defaults in
 * https://github.com/nodejs/node/blob/v20.19.0/lib/internal/util/parse_args/parse_args.js): an
 * argument not starting with "-", or "-" alone, is a positional; a boolean option is true; a string
 * option takes the next argument, a repeatable one adds it to a new list; options not given take
 * their defaults.
 */
function simpleLintArgs(argv: readonly string[], options: Readonly<Record<string, LintOption>>): { values: Record<string, unknown>; positionals: string[] } | undefined {
  const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? "";
    if (arg === "-" || !arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const option = arg.startsWith("--") && Object.hasOwn(options, name) ? options[name] : undefined;
    if (option === undefined) return undefined;
    if (option.type === "boolean") {
      values[name] = true;
      continue;
    }
    const value = argv[index + 1];
    // parseArgs rejects a value that looks like an option ("--preset --fix"), and a missing one.
    if (value === undefined || (value !== "-" && value.startsWith("-"))) return undefined;
    index++;
    if (option.multiple) ((values[name] ??= []) as string[]).push(value);
    else values[name] = value;
  }
  for (const [name, option] of Object.entries(options)) if (values[name] === undefined && option.default !== undefined) values[name] = option.default;
  return { values, positionals };
}

export function parseLintArgs(argv: string[]) {
  const list = { type: "string", multiple: true, default: [] as string[] } as const;
  const config = {
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", short: "f" },
      fix: { type: "boolean", default: false },
      config: { type: "string", short: "c" },
      preset: { type: "string" },
      rule: list,
      "failure-threshold": { type: "string", short: "t" },
      "no-fail": { type: "boolean", default: false },
      "no-color": { type: "boolean", default: false },
      ignore: list,
      error: list,
      warning: list,
      info: list,
      style: list,
      "trusted-registry": list,
      "require-label": list,
      "strict-labels": { type: "boolean", default: false },
      "disable-ignore-pragma": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  } as const;
  return (simpleLintArgs(argv, config.options) as ReturnType<typeof parseArgs<typeof config>> | undefined) ?? parseArgs(config);
}

type ParsedValues = ReturnType<typeof parseLintArgs>["values"];

export async function lintCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseLintArgs(argv);
  if (values.help) {
    io.stdout(`${lintUsage}\n`);
    return 0;
  }
  const registry = new RuleRegistry(rules);
  const commandLine = commandLineLayer(values, registry);
  const configError = (error: unknown): never => {
    if (error instanceof ConfigError) usage(error.message);
    throw error;
  };
  let environment: ConfigLayer | null = null;
  try {
    environment = configFromEnvironment(io.env, registry);
  } catch (error) {
    configError(error);
  }
  const resolver = new ConfigResolver(registry);
  const explicit = values.config === undefined ? undefined : loadConfigFile(values.config, registry);
  // Awaited per file below; this only keeps a failure before the first file from going unhandled.
  explicit?.catch(() => undefined);
  const resolveFor = async (directory: string): Promise<LintConfig> => {
    try {
      const file = await (explicit ?? resolver.forDirectory(directory));
      // hadolint's precedence: environment < configuration file < command line.
      return resolveConfig([environment, file, commandLine]);
    } catch (error) {
      return configError(error);
    }
  };
  // One search up the directories and one resolved configuration per directory: the run's own
  // (the working directory) is usually the one of the file named too, and a directory's files
  // share theirs.
  const configs = new Map<string, Promise<LintConfig>>();
  const configFor = (directory: string): Promise<LintConfig> => {
    let config = configs.get(directory);
    if (config === undefined) {
      config = resolveFor(directory);
      configs.set(directory, config);
    }
    return config;
  };

  // The run's own settings (report format, colour) come from the configuration that applies here.
  const runConfig = await configFor(io.cwd);
  const format = values.format !== undefined ? formatName(values.format, "--format") : runConfig.format !== null ? formatName(runConfig.format, "format") : "tty";

  const files = await findDockerfiles(positionals, io.cwd);
  const results: LintResult[] = [];
  const warnings = new Set(runConfig.warnings);
  let failed = false;
  let charsRead = 0;
  for (const file of files) {
    const isStdin = file === "-";
    let text: string;
    try {
      text = isStdin ? await io.readStdin() : readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`dfbuild lint: cannot read ${relative(io.cwd, file)}: ${(error as Error).message}`);
    }
    charsRead += text.length;
    budgetFor(charsRead);
    const config = await configFor(isStdin ? io.cwd : dirname(file));
    for (const warning of config.warnings) warnings.add(warning);
    const options = { registry, config, filePath: isStdin ? "<stdin>" : file, ...(isStdin ? {} : dockerignoreFor(file)) };
    let result: LintResult;
    if (values.fix) {
      const fixed = fixText(text, options);
      // Stdin is a filter: the text comes out whether or not anything changed.
      if (isStdin) io.stdout(fixed.output);
      else if (fixed.fixed) {
        try {
          writeFileSync(file, fixed.output);
        } catch (error) {
          throw new UsageError(`dfbuild lint: cannot write the fixes to ${relative(io.cwd, file)}: ${(error as Error).message}`);
        }
      }
      result = fixed;
    } else {
      result = lintText(text, options);
    }
    results.push(result);
    if (!config.noFail && fails(result, config.failureThreshold)) failed = true;
  }
  // A rule that was on but could not run (no shellcheck program) is said once, not per file.
  for (const result of results) for (const { id, reason } of result.unavailableRules ?? []) warnings.add(`the ${id} rule is on but did not run: ${reason}.`);
  for (const warning of warnings) io.stderr(`dfbuild lint: warning: ${warning}\n`);

  const color = format === "tty" && !values["no-color"] && runConfig.color !== false && !io.env.NO_COLOR && io.isTTY;
  // With --fix on stdin, stdout carries the fixed Dockerfile, so the report goes to stderr.
  const toStderr = values.fix && files.includes("-");
  // Written as it is made: a report of 300,000 findings is never one string in memory.
  for (const chunk of reportChunks(format, results, { color, cwd: io.cwd, registry, version: "0.1.0" })) {
    if (toStderr) io.stderr(chunk);
    else io.stdout(chunk);
  }
  return failed ? 1 : 0;
}
