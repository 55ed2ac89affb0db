import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { DEFAULT_FMT_OPTIONS, type FmtOptions, readFmtOptions } from "@dfbuild/fmt";
import type * as YamlModule from "yaml";
import type { Document, LineCounter } from "yaml";
import { DEFAULT_PRESET, PresetSyntaxError, type PresetChoice, parsePreset } from "./presets.js";
import { type RuleRegistry, isBuildkitCheckName, isHadolintCode } from "./registry.js";
import { type LabelType, type PresetName, type RuleLevel, type Severity, severities } from "./types.js";

/** When findings make the run fail: at or above a severity; `ignore`/`none` (hadolint's) = any finding. */
export type FailureThreshold = Severity | "ignore" | "none";

export const FAILURE_THRESHOLDS: readonly FailureThreshold[] = [...severities, "ignore", "none"];
export const RULE_LEVELS: readonly RuleLevel[] = ["off", ...severities];
export const LABEL_TYPES: readonly LabelType[] = ["text", "url", "spdx", "rfc3339", "semver", "hash", "email"];

export interface LintConfig {
  /** Level per rule id, as configured; rules not listed take their preset's level. */
  levels: Map<string, RuleLevel>;
  /**
   * Level per code for rules that report several codes of their own (ShellCheck's `SC2086`),
   * from hadolint's `ignored`/`override` lists and inline pragmas naming such codes.
   */
  codeLevels: Map<string, RuleLevel>;
  failureThreshold: FailureThreshold;
  noFail: boolean;
  /** Honour `# dfbuild-ignore`, `# hadolint ignore=` and `# check=skip=` comments. */
  inlineIgnores: boolean;
  trustedRegistries: string[];
  /** The rule set the levels start from. */
  preset: PresetName;
  /** The preset's version: rules a later version added stay off (`latest`: the running release's). */
  presetVersion: number | "latest";
  /** hadolint's `label-schema`. */
  labelSchema: Map<string, LabelType>;
  /** hadolint's `strict-labels`. */
  strictLabels: boolean;
  /** The output format a configuration asks for (the command line wins), or null. */
  format: string | null;
  /** `no-color: true` in a configuration (false), or null when unset. */
  color: boolean | null;
  /** The `fmt:` section: `dfbuild fmt`'s options. */
  fmt: FmtOptions;
  /** Where the settings came from, lowest precedence first (files, `environment`, `command line`). */
  sources: string[];
  /** Settings accepted but without effect, each a sentence naming where it was set. */
  warnings: string[];
}

export function defaultConfig(): LintConfig {
  return {
    levels: new Map(),
    codeLevels: new Map(),
    failureThreshold: "info",
    noFail: false,
    inlineIgnores: true,
    trustedRegistries: [],
    preset: DEFAULT_PRESET.name,
    presetVersion: DEFAULT_PRESET.version,
    labelSchema: new Map(),
    strictLabels: false,
    format: null,
    color: null,
    fmt: { ...DEFAULT_FMT_OPTIONS },
    sources: [],
    warnings: [],
  };
}

/**
 * The settings of one source: a configuration file, hadolint's environment variables, or the
 * command line. Unset fields leave the lower sources' values; lists and maps add up, as in
 * hadolint (app/Main.hs: environment < file < command line).
 */
export interface ConfigLayer {
  source: string;
  preset?: PresetChoice;
  levels: Map<string, RuleLevel>;
  codeLevels: Map<string, RuleLevel>;
  failureThreshold?: FailureThreshold;
  noFail?: boolean;
  inlineIgnores?: boolean;
  trustedRegistries: string[];
  labelSchema: Map<string, LabelType>;
  strictLabels?: boolean;
  format?: string;
  color?: boolean;
  fmt?: FmtOptions;
  warnings: string[];
}

export function emptyLayer(source: string): ConfigLayer {
  return { source, levels: new Map(), codeLevels: new Map(), trustedRegistries: [], labelSchema: new Map(), warnings: [] };
}

/** Combines layers, lowest precedence first, over the defaults. */
export function resolveConfig(layers: readonly (ConfigLayer | null | undefined)[]): LintConfig {
  const config = defaultConfig();
  for (const layer of layers) {
    if (!layer) continue;
    config.sources.push(layer.source);
    if (layer.preset) {
      config.preset = layer.preset.name;
      config.presetVersion = layer.preset.version;
    }
    for (const [id, level] of layer.levels) config.levels.set(id, level);
    for (const [code, level] of layer.codeLevels) config.codeLevels.set(code, level);
    if (layer.failureThreshold !== undefined) config.failureThreshold = layer.failureThreshold;
    if (layer.noFail !== undefined) config.noFail = layer.noFail;
    if (layer.inlineIgnores !== undefined) config.inlineIgnores = layer.inlineIgnores;
    config.trustedRegistries.push(...layer.trustedRegistries.filter((registry) => !config.trustedRegistries.includes(registry)));
    for (const [label, type] of layer.labelSchema) config.labelSchema.set(label, type);
    if (layer.strictLabels !== undefined) config.strictLabels = layer.strictLabels;
    if (layer.format !== undefined) config.format = layer.format;
    if (layer.color !== undefined) config.color = layer.color;
    if (layer.fmt !== undefined) config.fmt = layer.fmt;
    config.warnings.push(...layer.warnings);
  }
  return config;
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

/** hadolint's configuration file names (those it looks for in the current and home directories). */
function isHadolintFileName(file: string): boolean {
  return /^\.?hadolint\.ya?ml$/.test(basename(file));
}

/**
 * What a rule name in a configuration means: dfbuild rules, a code one of them reports
 * (ShellCheck's SC codes), or a hadolint code / BuildKit check this dfbuild has no rule for.
 */
export type ResolvedName = { kind: "rules"; ids: string[] } | { kind: "code"; code: string } | { kind: "unimplemented" } | { kind: "unknown"; hint: string };

export function resolveRuleName(registry: RuleRegistry, name: string): ResolvedName {
  const rules = registry.resolve(name);
  if (rules.length > 0) return { kind: "rules", ids: rules.map((rule) => rule.meta.id) };
  if (/^SC\d{4}$/i.test(name)) return { kind: "code", code: name.toUpperCase() };
  if (isHadolintCode(name) || isBuildkitCheckName(name)) return { kind: "unimplemented" };
  return { kind: "unknown", hint: `${registry.hint(name)} Run "dfbuild rules" for the list.` };
}

/** The sentence for a name dfbuild has no rule for yet. */
export function unimplementedWarning(name: string): string {
  return `${name} names a ${isHadolintCode(name) ? "hadolint rule" : "BuildKit check"} this dfbuild has no rule for yet; the setting has no effect.`;
}

/**
 * Sets a level by name in a layer. Throws `fail(detail)` for a name nothing knows; records a
 * warning for a hadolint code or BuildKit check dfbuild does not implement.
 */
export function setLevelByName(layer: ConfigLayer, registry: RuleRegistry, name: string, level: RuleLevel, where: string, fail: (detail: string) => never): void {
  const resolved = resolveRuleName(registry, name);
  switch (resolved.kind) {
    case "rules":
      for (const id of resolved.ids) layer.levels.set(id, level);
      return;
    case "code":
      layer.codeLevels.set(resolved.code, level);
      return;
    case "unimplemented":
      layer.warnings.push(`${where}: ${unimplementedWarning(name)}`);
      return;
    case "unknown":
      fail(`unknown rule "${name}".${resolved.hint}`);
  }
}

/**
 * hadolint's severity lists, applied as hadolint applies them (src/Hadolint/Lint.hs): `style`,
 * then `info`, `warning` and `error`, so the more severe list wins, and `ignored` over all.
 */
export function applyHadolintLists(
  layer: ConfigLayer,
  registry: RuleRegistry,
  lists: Partial<Record<Severity | "ignored", readonly { name: string; where: string; fail: (detail: string) => never }[]>>,
): void {
  for (const key of ["style", "info", "warning", "error", "ignored"] as const) {
    for (const { name, where, fail } of lists[key] ?? []) setLevelByName(layer, registry, name, key === "ignored" ? "off" : key, where, fail);
  }
}

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

  private position(path: Path, at: "key" | "value"): { line: number; column: number } | undefined {
    let node: unknown = path.length > 0 ? this.doc.getIn(path, true) : this.doc.contents;
    if (at === "key" && path.length > 0) {
      const parent = path.length > 1 ? this.doc.getIn(path.slice(0, -1), true) : this.doc.contents;
      if (this.isMap(parent)) node = parent.items.find((pair) => this.isScalar(pair.key) && pair.key.value === path[path.length - 1])?.key;
    }
    const offset = node && typeof node === "object" && "range" in node && Array.isArray(node.range) ? (node.range[0] as number) : undefined;
    if (offset === undefined) return undefined;
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, column: col };
  }

  /** Throws, pointing at the value at `path` (or at its key, for problems with the key itself). */
  fail(path: Path, detail: string, at: "key" | "value" = "value"): never {
    throw new ConfigError(this.file, path.join("."), detail, this.position(path, at));
  }

  private where(path: Path, at: "key" | "value" = "value"): string {
    const position = this.position(path, at);
    return `${this.file}${position ? `:${position.line}:${position.column}` : ""}: ${path.join(".")}`;
  }

  read(): ConfigLayer {
    const layer = emptyLayer(this.file);
    // A hadolint configuration alone means hadolint's rule set, severities and verdicts: a team
    // migrating sees what hadolint showed it (a `preset:` key or --preset chooses otherwise).
    if (isHadolintFileName(this.file)) layer.preset = { name: "hadolint", version: 1 };
    const root = this.doc.contents;
    if (root === null || (this.isScalar(root) && root.value === null)) return layer;
    if (!this.isMap(root)) this.fail([], "expected a mapping of settings (preset:, rules:, ignored:, failure-threshold: …)");
    const data = this.doc.toJS() as Record<string, unknown>;
    const lists: Partial<Record<Severity | "ignored", { name: string; where: string; fail: (detail: string) => never }[]>> = {};
    const listEntry = (path: Path, name: string) => ({ name, where: this.where(path), fail: (detail: string) => this.fail(path, detail) });
    for (const item of root.items) {
      const key = this.isScalar(item.key) ? String(item.key.value) : "";
      const value = data[key];
      switch (key) {
        case "preset":
          if (typeof value !== "string") this.fail([key], `expected a preset name such as recommended, strict@1 or hadolint, got ${JSON.stringify(value)}`);
          try {
            layer.preset = parsePreset(value);
          } catch (error) {
            if (error instanceof PresetSyntaxError) this.fail([key], error.message);
            throw error;
          }
          break;
        case "rules":
          this.readRules(value, layer);
          break;
        case "ignored":
          lists.ignored = this.stringList([key], value).map((name, i) => listEntry([key, i], name));
          break;
        case "override":
          this.readOverride(value, lists, listEntry);
          break;
        case "failure-threshold":
          layer.failureThreshold = this.oneOf([key], value, FAILURE_THRESHOLDS);
          break;
        case "trustedRegistries":
        case "trusted-registries":
          layer.trustedRegistries = typeof value === "string" ? [value] : this.stringList([key], value);
          break;
        case "label-schema":
          this.readLabelSchema(value, layer);
          break;
        case "strict-labels":
          layer.strictLabels = this.bool([key], value);
          break;
        case "disable-ignore-pragma":
          layer.inlineIgnores = !this.bool([key], value);
          break;
        case "no-fail":
          layer.noFail = this.bool([key], value);
          break;
        case "no-color":
          if (this.bool([key], value)) layer.color = false;
          break;
        case "format":
          if (typeof value !== "string") this.fail([key], `expected a format name, got ${JSON.stringify(value)}`);
          layer.format = value;
          break;
        case "formats": {
          const formats = this.stringList([key], value);
          // hadolint can write several formats to several files; dfbuild writes one report per run.
          if (formats.length > 1) this.fail([key], "dfbuild writes one report per run: give one format (run dfbuild once per format)");
          if (formats[0] !== undefined) layer.format = formats[0];
          break;
        }
        case "verbose":
          // hadolint prints the configuration it used; accepted so hadolint files load as they are.
          this.bool([key], value);
          break;
        case "fmt": {
          const read = readFmtOptions(value);
          if ("problem" in read) this.fail(read.problem.key === "" ? ["fmt"] : ["fmt", read.problem.key], read.problem.detail, read.problem.atKey ? "key" : "value");
          layer.fmt = read.options;
          break;
        }
        default:
          this.fail(
            [key],
            "unknown setting (expected preset, rules, ignored, override, failure-threshold, trustedRegistries, label-schema, strict-labels, disable-ignore-pragma, no-fail, no-color, format or fmt)",
            "key",
          );
      }
    }
    applyHadolintLists(layer, this.registry, lists);
    return layer;
  }

  private readRules(value: unknown, layer: ConfigLayer): void {
    if (value === null || value === undefined) return;
    if (typeof value !== "object" || Array.isArray(value)) this.fail(["rules"], "expected a mapping of rule id to off, style, info, warning or error");
    for (const [name, level] of Object.entries(value as Record<string, unknown>)) {
      const path = ["rules", name];
      setLevelByName(layer, this.registry, name, this.oneOf(path, level, RULE_LEVELS), this.where(path, "key"), (detail) => this.fail(path, detail, "key"));
    }
  }

  private readOverride(
    value: unknown,
    lists: Partial<Record<Severity | "ignored", { name: string; where: string; fail: (detail: string) => never }[]>>,
    entry: (path: Path, name: string) => { name: string; where: string; fail: (detail: string) => never },
  ): void {
    if (value === null || value === undefined) return;
    if (typeof value !== "object" || Array.isArray(value)) this.fail(["override"], "expected a mapping of error/warning/info/style to lists of rules");
    for (const [severity, list] of Object.entries(value as Record<string, unknown>)) {
      const level = this.oneOf(["override", severity], severity, severities);
      lists[level] = this.stringList(["override", severity], list).map((name, i) => entry(["override", severity, i], name));
    }
  }

  private readLabelSchema(value: unknown, layer: ConfigLayer): void {
    if (value === null || value === undefined) return;
    if (typeof value !== "object" || Array.isArray(value)) this.fail(["label-schema"], `expected a mapping of label name to ${LABEL_TYPES.join(", ")}`);
    for (const [label, type] of Object.entries(value as Record<string, unknown>)) {
      layer.labelSchema.set(label, this.oneOf(["label-schema", label], type, LABEL_TYPES));
    }
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

/**
 * Parses a configuration file's text; rejects with `ConfigError` naming the file and key. A file
 * named like hadolint's (`.hadolint.yaml`) starts from the `hadolint` preset.
 */
export async function parseConfig(text: string, file: string, registry: RuleRegistry): Promise<ConfigLayer> {
  // Loaded on demand: most lint runs have no configuration file, and a hook's start-up counts.
  const yaml = await import("yaml");
  return new ConfigReader(file, text, registry, yaml).read();
}

/** Reads a configuration file; rejects with `ConfigError` when it is missing or invalid. */
export async function loadConfigFile(file: string, registry: RuleRegistry): Promise<ConfigLayer> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new ConfigError(file, "", `cannot read the configuration: ${reason}`);
  }
  return parseConfig(text, file, registry);
}

/** hadolint's truthy values for its boolean environment variables (src/Hadolint/Config/Environment.hs). */
function truthy(value: string): boolean {
  return ["1", "y", "on", "true", "yes"].includes(value.toLowerCase());
}

/**
 * hadolint's environment variables, for CI set-ups that configure hadolint this way:
 * `HADOLINT_IGNORE`, `HADOLINT_OVERRIDE_{ERROR,WARNING,INFO,STYLE}` (comma-separated codes),
 * `HADOLINT_TRUSTED_REGISTRIES`, `HADOLINT_REQUIRE_LABELS` (`label:type,…`),
 * `HADOLINT_STRICT_LABELS`, `HADOLINT_DISABLE_IGNORE_PRAGMA`, `HADOLINT_NOFAIL`,
 * `HADOLINT_FAILURE_THRESHOLD` and `HADOLINT_FORMAT`. Null when none is set.
 */
export function configFromEnvironment(env: Readonly<Record<string, string | undefined>>, registry: RuleRegistry): ConfigLayer | null {
  const layer = emptyLayer("environment");
  const seen = { any: false };
  const read = (name: string): string | undefined => {
    const value = env[name];
    if (value !== undefined) seen.any = true;
    return value;
  };
  const codes = (name: string) =>
    (read(name) ?? "")
      .split(",")
      .map((code) => code.trim())
      .filter((code) => code !== "")
      .map((code) => ({ name: code, where: name, fail: (detail: string): never => {
        throw new ConfigError(name, "", detail);
      } }));
  applyHadolintLists(layer, registry, {
    ignored: codes("HADOLINT_IGNORE"),
    error: codes("HADOLINT_OVERRIDE_ERROR"),
    warning: codes("HADOLINT_OVERRIDE_WARNING"),
    info: codes("HADOLINT_OVERRIDE_INFO"),
    style: codes("HADOLINT_OVERRIDE_STYLE"),
  });
  const registries = read("HADOLINT_TRUSTED_REGISTRIES");
  if (registries !== undefined) layer.trustedRegistries = registries.split(",").map((each) => each.trim()).filter((each) => each !== "");
  const labels = read("HADOLINT_REQUIRE_LABELS");
  if (labels !== undefined) {
    for (const pair of labels.split(",").filter((each) => each.trim() !== "")) {
      const [label, type] = parseRequiredLabel(pair, (detail) => {
        throw new ConfigError("HADOLINT_REQUIRE_LABELS", "", detail);
      });
      layer.labelSchema.set(label, type);
    }
  }
  const flag = (name: string) => {
    const value = read(name);
    return value === undefined ? undefined : truthy(value);
  };
  layer.strictLabels = flag("HADOLINT_STRICT_LABELS");
  const disable = flag("HADOLINT_DISABLE_IGNORE_PRAGMA");
  if (disable !== undefined) layer.inlineIgnores = !disable;
  layer.noFail = flag("HADOLINT_NOFAIL");
  const threshold = read("HADOLINT_FAILURE_THRESHOLD");
  if (threshold !== undefined) {
    if (!(FAILURE_THRESHOLDS as readonly string[]).includes(threshold)) {
      throw new ConfigError("HADOLINT_FAILURE_THRESHOLD", "", `expected one of ${FAILURE_THRESHOLDS.join(", ")}, got ${JSON.stringify(threshold)}`);
    }
    layer.failureThreshold = threshold as FailureThreshold;
  }
  const format = read("HADOLINT_FORMAT");
  if (format !== undefined && format !== "") layer.format = format.split(",")[0]?.trim() ?? format;
  return seen.any ? layer : null;
}

/** `maintainer:email`, as `--require-label` and `HADOLINT_REQUIRE_LABELS` take it. */
export function parseRequiredLabel(text: string, fail: (detail: string) => never): [string, LabelType] {
  const colon = text.lastIndexOf(":");
  const label = colon === -1 ? "" : text.slice(0, colon).trim();
  const type = colon === -1 ? "" : text.slice(colon + 1).trim();
  if (label === "" || !(LABEL_TYPES as readonly string[]).includes(type)) {
    fail(`expected LABEL:TYPE with TYPE one of ${LABEL_TYPES.join(", ")}, got ${JSON.stringify(text)}`);
  }
  return [label, type as LabelType];
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
  private readonly cache = new Map<string, Promise<ConfigLayer>>();

  constructor(private readonly registry: RuleRegistry) {}

  /** The configuration file that applies in a directory, or null. */
  fileFor(directory: string): string | null {
    return findUp(directory, CONFIG_FILE_NAMES) ?? findUp(directory, HADOLINT_CONFIG_FILE_NAMES);
  }

  forDirectory(directory: string): Promise<ConfigLayer | null> {
    const file = this.fileFor(directory);
    if (!file) return Promise.resolve(null);
    let layer = this.cache.get(file);
    if (!layer) {
      layer = loadConfigFile(file, this.registry);
      this.cache.set(file, layer);
    }
    return layer;
  }
}

export function isConfigFileName(path: string): boolean {
  return [...CONFIG_FILE_NAMES, ...HADOLINT_CONFIG_FILE_NAMES].includes(basename(path));
}
