// Synchronous file access: the lint path is CPU-bound, and node:fs/promises costs milliseconds to load
// at every start of a pre-commit hook.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { parseArgs } from "node:util";
import {
  ConfigError,
  ConfigResolver,
  type FailureThreshold,
  type LintConfig,
  type LintResult,
  type RuleLevel,
  RuleRegistry,
  fixText,
  formatNames,
  formatters,
  isFormatName,
  lintText,
  loadConfigFile,
  severityRank,
} from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { type CliIo, UsageError } from "../io.js";
import { findDockerfiles } from "../lint-files.js";

export const lintUsage = `Usage: dfbuild lint [options] [PATH|GLOB|-]...

Checks Dockerfiles. A directory is searched for Dockerfile, Containerfile, *.Dockerfile and
Dockerfile.*; a glob is expanded; - reads standard input. Without PATH: the current directory.

Options:
  --format FORMAT            tty (default), json, sarif, checkstyle, gitlab, github, compact
  --fix                      apply automatic fixes to the files (stdin: print the fixed text)
  --config FILE              use FILE instead of the nearest .dfbuild.yaml / .hadolint.yaml
  --rule ID=LEVEL            set a rule (id or alias) to off, style, info, warning or error;
                             repeatable
  --failure-threshold LEVEL  fail only for findings at or above error, warning, info or style
                             (default: info, as hadolint)
  --no-color                 plain output (NO_COLOR is honoured too)

Exit status: 0 no finding at or above the threshold, 1 findings, 2 usage, configuration or
read error. "dfbuild rules" lists the rules.`;

const THRESHOLDS: readonly FailureThreshold[] = ["error", "warning", "info", "style", "ignore", "none"];
const LEVELS: readonly RuleLevel[] = ["off", "error", "warning", "info", "style"];

function parseRuleOptions(values: readonly string[], registry: RuleRegistry): Map<string, RuleLevel> {
  const levels = new Map<string, RuleLevel>();
  for (const value of values) {
    const equals = value.lastIndexOf("=");
    const name = equals === -1 ? value : value.slice(0, equals);
    const level = equals === -1 ? "" : value.slice(equals + 1);
    if (!(LEVELS as readonly string[]).includes(level)) {
      throw new UsageError(`dfbuild lint: --rule ${value}: expected ID=LEVEL with LEVEL one of ${LEVELS.join(", ")}`);
    }
    const resolved = registry.resolve(name);
    if (resolved.length === 0) throw new UsageError(`dfbuild lint: --rule ${value}: unknown rule "${name}".${registry.hint(name)} Run "dfbuild rules" for the list.`);
    for (const rule of resolved) levels.set(rule.meta.id, level as RuleLevel);
  }
  return levels;
}

function fails(result: LintResult, threshold: FailureThreshold): boolean {
  if (result.parseFailed) return true;
  if (threshold === "ignore" || threshold === "none") return result.findings.length > 0;
  const minimum = severityRank(threshold);
  return result.findings.some((finding) => severityRank(finding.severity) >= minimum);
}

export async function lintCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "tty" },
      fix: { type: "boolean", default: false },
      config: { type: "string" },
      rule: { type: "string", multiple: true, default: [] },
      "failure-threshold": { type: "string" },
      "no-color": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout(`${lintUsage}\n`);
    return 0;
  }
  const format = values.format;
  if (!isFormatName(format)) throw new UsageError(`dfbuild lint: unknown format "${format}" (expected ${formatNames.join(", ")})`);
  const threshold = values["failure-threshold"];
  if (threshold !== undefined && !(THRESHOLDS as readonly string[]).includes(threshold)) {
    throw new UsageError(`dfbuild lint: --failure-threshold ${threshold}: expected one of ${THRESHOLDS.join(", ")}`);
  }

  const registry = new RuleRegistry(rules);
  const ruleLevels = parseRuleOptions(values.rule, registry);
  const resolver = new ConfigResolver(registry);
  const explicit = values.config === undefined ? undefined : loadConfigFile(values.config, registry);
  // Awaited per file below; this only keeps a failure before the first file from going unhandled.
  explicit?.catch(() => undefined);
  const configFor = async (directory: string): Promise<LintConfig> => {
    try {
      const base = await (explicit ?? resolver.forDirectory(directory));
      return {
        ...base,
        levels: new Map([...base.levels, ...ruleLevels]),
        failureThreshold: (threshold as FailureThreshold | undefined) ?? base.failureThreshold,
      };
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`dfbuild lint: ${error.message}`);
      throw error;
    }
  };

  const files = await findDockerfiles(positionals, io.cwd);
  const results: LintResult[] = [];
  let failed = false;
  for (const file of files) {
    const isStdin = file === "-";
    let text: string;
    try {
      text = isStdin ? await io.readStdin() : readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`dfbuild lint: cannot read ${relative(io.cwd, file)}: ${(error as Error).message}`);
    }
    const config = await configFor(isStdin ? io.cwd : dirname(file));
    const options = { registry, config, filePath: isStdin ? "<stdin>" : file };
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

  const color = format === "tty" && !values["no-color"] && !io.env.NO_COLOR && io.isTTY;
  const report = formatters[format](results, { color, cwd: io.cwd, registry, version: "0.1.0" });
  // With --fix on stdin, stdout carries the fixed Dockerfile, so the report goes to stderr.
  if (values.fix && files.includes("-")) io.stderr(report);
  else io.stdout(report);
  return failed ? 1 : 0;
}
