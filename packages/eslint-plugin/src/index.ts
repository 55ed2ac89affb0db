import { createRequire } from "node:module";
import { DEFAULT_PRESET, PRESET_NAMES, type PresetName, RuleRegistry, presetLevel } from "@dfbuild/linter";
import { rules as dfbuildRules } from "@dfbuild/rules";
import { dockerfileLanguage } from "./language.js";
import { toEslintRule } from "./rule-adapter.js";

export { DfbuildSettingsError, type DfbuildEslintSettings } from "./settings.js";
export { DockerfileSourceCode } from "./source-code.js";
export { dockerfileLanguage };

const { name, version } = createRequire(import.meta.url)("../package.json") as { name: string; version: string };

/** Every rule `dfbuild lint` knows, the engine's own findings (parse-error…) included. */
const registry = new RuleRegistry(dfbuildRules);

const rules = Object.fromEntries(registry.rules.map((rule) => [rule.meta.id, toEslintRule(rule, registry)]));

/** The file names Docker's tooling gives Dockerfiles (VS Code's Dockerfile language, as `dfbuild lint` finds them). */
export const DOCKERFILE_PATTERNS = [
  "**/Dockerfile",
  "**/Dockerfile.*",
  "**/*.Dockerfile",
  "**/*.dockerfile",
  "**/Containerfile",
  "**/Containerfile.*",
  "**/*.containerfile",
];

type EslintLevel = "error" | "warn";

interface DfbuildConfig {
  name: string;
  files: string[];
  plugins: Record<string, unknown>;
  language: string;
  rules: Record<string, EslintLevel>;
  settings?: Record<string, unknown>;
}

const plugin = {
  meta: { name, version },
  languages: { dockerfile: dockerfileLanguage },
  rules,
  configs: {} as Record<PresetName, DfbuildConfig>,
};

/**
 * A preset as a flat config: each rule the preset turns on, at `error` when its severity is
 * error, else `warn`, at the preset version `dfbuild lint` defaults to (ESLint has two levels; info and style findings are warnings there). The
 * `hadolint` config also tells the rules to judge as hadolint does (settings.dfbuild.preset).
 */
function presetConfig(preset: PresetName): DfbuildConfig {
  const levels: Record<string, EslintLevel> = {};
  for (const rule of registry.rules) {
    const level = presetLevel(rule, { name: preset, version: DEFAULT_PRESET.version });
    if (level !== "off") levels[`dfbuild/${rule.meta.id}`] = level === "error" ? "error" : "warn";
  }
  return {
    name: `dfbuild/${preset}`,
    files: DOCKERFILE_PATTERNS,
    plugins: { dfbuild: plugin },
    language: "dfbuild/dockerfile",
    rules: levels,
    ...(preset === "recommended" ? {} : { settings: { dfbuild: { preset } } }),
  };
}

for (const preset of PRESET_NAMES) plugin.configs[preset] = presetConfig(preset);

export default plugin;
