export { defineRule, coreRules } from "./rule.js";
export { RuleRegistry, isBuildkitCheckName, isHadolintCode } from "./registry.js";
export { RuleFixer, applyFixes, type Fix, type FixOutcome } from "./fixer.js";
export { LintFile, type ScopedVariable, type StageInfo } from "./file.js";
export { LineIndex } from "./positions.js";
export { lintText, fixText, type LintOptions, type FixResult } from "./engine.js";
export {
  ConfigError,
  ConfigResolver,
  CONFIG_FILE_NAMES,
  HADOLINT_CONFIG_FILE_NAMES,
  defaultConfig,
  isConfigFileName,
  loadConfigFile,
  parseConfig,
  type FailureThreshold,
  type LintConfig,
} from "./config.js";
export { formatters, formatNames, isFormatName, codeFrame, type FormatContext, type FormatName, type Formatter } from "./formatters/index.js";
export {
  analyzeInlineScript,
  commandsOf,
  execFormCommand,
  hasOption,
  inlineScriptWord,
  parseOptions,
  shellFormOf,
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
  LintResult,
  ReportDescriptor,
  Rule,
  RuleContext,
  RuleLevel,
  RuleMeta,
  RuleSettings,
  PresetName,
  LabelType,
  Severity,
  Suggestion,
  SuggestionDescriptor,
  Visitor,
  VisitInfo,
} from "./types.js";
