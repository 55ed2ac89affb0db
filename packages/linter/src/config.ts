import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type * as YamlModule from "yaml";
import type { Document, LineCounter } from "yaml";
import { type RuleRegistry, isBuildkitCheckName, isHadolintCode } from "./registry.js";
import { type LabelType, type PresetName, type RuleLevel, type Severity, severities } from "./types.js";

/** When findings make the run fail: at or above a severity; `ignore`/`none` (hadolint's) = any finding. */
export type FailureThreshold = Severity | "ignore" | "none";

export interface LintConfig {
  /** Level per rule id; rules not listed keep their default severity. */
  levels: Map<string, RuleLevel>;
  failureThreshold: FailureThreshold;
  noFail: boolean;
  /** Honour `# dfbuild-ignore`, `# hadolint ignore=` and `# check=skip=` comments. */
  inlineIgnores: boolean;
  trustedRegistries: string[];
  /** The rule set the levels start from (`recommended` unless configured). */
  preset: PresetName;
  /** hadolint's `label-schema`. */
  labelSchema: Map<string, LabelType>;
  /** hadolint's `strict-labels`. */
  strictLabels: boolean;
  /** The file the configuration came from, if any. */
  source: string | null;
}

export function defaultConfig(): LintConfig {
  return {
    levels: new Map(),
    failureThreshold: "info",
    noFail: false,
    inlineIgnores: true,
    trustedRegistries: [],
    preset: "recommended",
    labelSchema: new Map(),
    strictLabels: false,
    source: null,
  };
}

/** A configuration problem, located in its file: `.dfbuild.yaml:3:5: rules.foo: unknown rule`. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly code = "DFB_CONFIG_INVALID";
  constructor(
    readonly file: string,
    readonly key: string,
    readonly detail: string,
    readonly position?: { line: number; column: number },
  ) {
    super(`${file}${position ? `:${position.line}:${position.column}` : ""}: ${key ? `${key}: ` : ""}${detail}`);
  }
}

export const CONFIG_FILE_NAMES = [".dfbuild.yaml", ".dfbuild.yml"];
export const HADOLINT_CONFIG_FILE_NAMES = [".hadolint.yaml", ".hadolint.yml"];

const LEVELS: readonly RuleLevel[] = ["off", ...severities];
const THRESHOLDS: readonly FailureThreshold[] = [...severities, "ignore", "none"];
/** hadolint keys that configure hadolint rules dfbuild does not have (label schemas) or its output. */
const ACCEPTED_HADOLINT_KEYS = new Set(["label-schema", "strict-labels", "format", "formats", "no-color", "verbose"]);

type Path = (string | number)[];

type Yaml = typeof YamlModule;

class ConfigReader {
  private readonly lineCounter: LineCounter;
  private readonly doc: Document;
  private readonly isMap: Yaml["isMap"];
  private readonly isScalar: Yaml["isScalar"];

  constructor(
    private readonly file: string,
    text: string,
    private readonly registry: RuleRegistry,
    yaml: Yaml,
  ) {
    this.isMap = yaml.isMap;
    this.isScalar = yaml.isScalar;
    this.lineCounter = new yaml.LineCounter();
    this.doc = yaml.parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: true });
    const [error] = this.doc.errors;
    if (error) {
      const position = error.linePos?.[0];
      const reason = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "");
      throw new ConfigError(file, "", `invalid YAML: ${reason}`, position ? { line: position.line, column: position.col } : undefined);
    }
  }

  /** Throws, pointing at the value at `path` (or at its key, for problems with the key itself). */
  fail(path: Path, detail: string, at: "key" | "value" = "value"): never {
    let node: unknown = path.length > 0 ? this.doc.getIn(path, true) : this.doc.contents;
    if (at === "key" && path.length > 0) {
      const parent = path.length > 1 ? this.doc.getIn(path.slice(0, -1), true) : this.doc.contents;
      if (this.isMap(parent)) node = parent.items.find((pair) => this.isScalar(pair.key) && pair.key.value === path[path.length - 1])?.key;
    }
    const offset = node && typeof node === "object" && "range" in node && Array.isArray(node.range) ? (node.range[0] as number) : undefined;
    const position = offset === undefined ? undefined : this.lineCounter.linePos(offset);
    throw new ConfigError(this.file, path.join("."), detail, position ? { line: position.line, column: position.col } : undefined);
  }

  read(): LintConfig {
    const config = defaultConfig();
    config.source = this.file;
    const root = this.doc.contents;
    if (root === null || (this.isScalar(root) && root.value === null)) return config;
    if (!this.isMap(root)) this.fail([], "expected a mapping of settings (rules:, ignored:, failure-threshold: …)");
    const data = this.doc.toJS() as Record<string, unknown>;
    for (const item of root.items) {
      const key = this.isScalar(item.key) ? String(item.key.value) : "";
      const value = data[key];
      switch (key) {
        case "rules":
          this.readRules(value, config);
          break;
        case "ignored":
          for (const [i, name] of this.stringList(["ignored"], value).entries()) this.setLevel(config, ["ignored", i], name, "off");
          break;
        case "override":
          this.readOverride(value, config);
          break;
        case "failure-threshold":
          config.failureThreshold = this.oneOf(["failure-threshold"], value, THRESHOLDS);
          break;
        case "trustedRegistries":
        case "trusted-registries":
          config.trustedRegistries = typeof value === "string" ? [value] : this.stringList([key], value);
          break;
        case "disable-ignore-pragma":
          config.inlineIgnores = !this.bool([key], value);
          break;
        case "no-fail":
          config.noFail = this.bool([key], value);
          break;
        default:
          if (!ACCEPTED_HADOLINT_KEYS.has(key)) {
            this.fail([key], `unknown setting (expected rules, ignored, override, failure-threshold, trustedRegistries, disable-ignore-pragma or no-fail)`, "key");
          }
      }
    }
    return config;
  }

  private readRules(value: unknown, config: LintConfig): void {
    if (value === null || value === undefined) return;
    if (typeof value !== "object" || Array.isArray(value)) this.fail(["rules"], "expected a mapping of rule id to off, style, info, warning or error");
    for (const [name, level] of Object.entries(value as Record<string, unknown>)) {
      this.setLevel(config, ["rules", name], name, this.oneOf(["rules", name], level, LEVELS), "key");
    }
  }

  private readOverride(value: unknown, config: LintConfig): void {
    if (value === null || value === undefined) return;
    if (typeof value !== "object" || Array.isArray(value)) this.fail(["override"], "expected a mapping of error/warning/info/style to lists of rules");
    for (const [severity, list] of Object.entries(value as Record<string, unknown>)) {
      const level = this.oneOf(["override", severity], severity, severities);
      for (const [i, name] of this.stringList(["override", severity], list).entries()) this.setLevel(config, ["override", severity, i], name, level);
    }
  }

  private setLevel(config: LintConfig, path: Path, name: string, level: RuleLevel, at: "key" | "value" = "value"): void {
    const rules = this.registry.resolve(name);
    // hadolint codes and BuildKit checks dfbuild has no rule for are accepted, so configs migrate as-is.
    if (rules.length === 0 && !isHadolintCode(name) && !isBuildkitCheckName(name)) {
      this.fail(path, `unknown rule "${name}".${this.registry.hint(name)} Run "dfbuild rules" for the list.`, at);
    }
    for (const rule of rules) config.levels.set(rule.meta.id, level);
  }

  private stringList(path: Path, value: unknown): string[] {
    if (value === null || value === undefined) return [];
    if (!Array.isArray(value)) this.fail(path, "expected a list");
    return value.map((item, i) => {
      if (typeof item !== "string") this.fail([...path, i], "expected a string");
      return item;
    });
  }

  private oneOf<T extends string>(path: Path, value: unknown, allowed: readonly T[]): T {
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    return this.fail(path, `expected one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  }

  private bool(path: Path, value: unknown): boolean {
    if (typeof value !== "boolean") this.fail(path, `expected true or false, got ${JSON.stringify(value)}`);
    return value;
  }
}

/** Parses a configuration file's text; rejects with `ConfigError` naming the file and key. */
export async function parseConfig(text: string, file: string, registry: RuleRegistry): Promise<LintConfig> {
  // Loaded on demand: most lint runs have no configuration file, and a hook's start-up counts.
  const yaml = await import("yaml");
  return new ConfigReader(file, text, registry, yaml).read();
}

/** Reads a configuration file; rejects with `ConfigError` when it is missing or invalid. */
export async function loadConfigFile(file: string, registry: RuleRegistry): Promise<LintConfig> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new ConfigError(file, "", `cannot read the configuration: ${reason}`);
  }
  return parseConfig(text, file, registry);
}

function findUp(start: string, names: readonly string[]): string | null {
  let directory = resolve(start);
  for (;;) {
    for (const name of names) {
      const candidate = join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
}

/**
 * Finds the configuration for files in a directory: the nearest `.dfbuild.yaml` walking up, else
 * the nearest `.hadolint.yaml` (so hadolint users migrate as they are). Results are cached.
 */
export class ConfigResolver {
  private readonly cache = new Map<string, Promise<LintConfig>>();

  constructor(private readonly registry: RuleRegistry) {}

  forDirectory(directory: string): Promise<LintConfig> {
    const file = findUp(directory, CONFIG_FILE_NAMES) ?? findUp(directory, HADOLINT_CONFIG_FILE_NAMES);
    if (!file) return Promise.resolve(defaultConfig());
    let config = this.cache.get(file);
    if (!config) {
      config = loadConfigFile(file, this.registry);
      this.cache.set(file, config);
    }
    return config;
  }
}

export function isConfigFileName(path: string): boolean {
  return [...CONFIG_FILE_NAMES, ...HADOLINT_CONFIG_FILE_NAMES].includes(basename(path));
}
