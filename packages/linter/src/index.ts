export { defineRule, coreRules, ruleDocsUrl, REPOSITORY_URL } from "./rule.js";
export { RuleRegistry, isBuildkitCheckName, isHadolintCode } from "./registry.js";
export { RuleFixer, applyFixes, normalizeFix, type Fix, type FixOutcome } from "./fixer.js";
export { LintFile, type ScopedVariable, type StageInfo } from "./file.js";
export { LineIndex } from "./positions.js";
export { lintText, fixText, levelFor, interpolate, type LintOptions, type FixResult } from "./engine.js";
// For editors: instruction-scoped rules (with their `meta.facts`) re-run only on the instructions an edit touched or whose facts changed (see LintCache).
export { LintCache } from "./lint-cache.js";
// What a rule declared `scope: "instruction"` gets when it reads the whole file (its tests see it).
export { RuleScopeError } from "./instruction-scope.js";
// For hosts that run the rules themselves (the ESLint plugin): the same ignore comments and shell parses as lintText.
export { Directives, type FindingSite } from "./directives.js";
export {
  ConfigError,
  ConfigResolver,
  CONFIG_FILE_NAMES,
  FAILURE_THRESHOLDS,
  HADOLINT_CONFIG_FILE_NAMES,
  LABEL_TYPES,
  RULE_LEVELS,
  applyHadolintLists,
  configFromEnvironment,
  defaultConfig,
  emptyLayer,
  isConfigFileName,
  loadConfigFile,
  parseConfig,
  parseRequiredLabel,
  resolveConfig,
  resolveRuleName,
  setLevelByName,
  unimplementedWarning,
  type ConfigLayer,
  type FailureThreshold,
  type LintConfig,
  type ResolvedName,
} from "./config.js";
export {
  DEFAULT_PRESET,
  LATEST_PRESET_VERSION,
  PRESET_NAMES,
  PresetSyntaxError,
  formatPreset,
  newerRules,
  parsePreset,
  presetLevel,
  presetVersionOf,
  type PresetChoice,
} from "./presets.js";
export { BUILDKIT_CHECKS, EXPERIMENTAL_BUILDKIT_CHECKS, buildkitCheckName } from "./buildkit-checks.js";
export { formatters, formatNames, isFormatName, reportChunks, codeFrame, type FormatContext, type FormatName, type Formatter } from "./formatters/index.js";
export {
  analyzeInlineScript,
  commandOf,
  commandsOf,
  execFormCommand,
  hasOption,
  inlineScriptWord,
  parseOptions,
  parseScripts,
  scriptPieces,
  shellFormOf,
  type MappedText,
  type ParsedOptions,
  type ShellCommand,
  type ShellPipeline,
  type ShellScript,
  type ShellWord,
} from "./shell/index.js";
export { severities, severityRank } from "./types.js";
export type {
  AnyRule,
  Finding,
  FixChange,
  LintResult,
  ReportDescriptor,
  Rule,
  RuleContext,
  RuleLevel,
  RuleMeta,
  RuleScope,
  RuleSettings,
  PresetName,
  LabelType,
  Severity,
  Suggestion,
  SuggestionDescriptor,
  Visitor,
  VisitInfo,
} from "./types.js";
