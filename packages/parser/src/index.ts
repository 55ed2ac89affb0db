// For editors: `reparse` re-builds only what follows an edit (see its doc).
export { parse, reparse, type PreviousParse } from "./parse.js";
export { dump } from "./dump.js";
export { print } from "./print.js";
export { expand, evaluateWord } from "./shell/expand.js";
export type { Environment, ExpandFailure, ExpandOptions, ExpandResult, ExpandSuccess } from "./shell/expand.js";
export { parseWord, findSyntaxError } from "./shell/word.js";
export type {
  DoubleQuotedPart,
  ErrorPart,
  EscapePart,
  LiteralPart,
  RawTextPart,
  SingleQuotedPart,
  VariablePart,
  WordPart,
  WordSyntaxOptions,
} from "./shell/word.js";
export type * from "./ast.js";
export { resolveMount, validateMount, type ResolvedMount } from "./mount-api.js";
export { serializedGrammar } from "./grammar.js";
export { parseDuration } from "./buildkit/go.js";
export { FLAG_SPECS, type FlagSpec } from "./buildkit/flags.js";
export { analyze } from "./semantic/analyze.js";
export { DockerignoreError, IgnoreMatcher, goClean, readIgnoreFile, type IgnorePattern } from "./dockerignore.js";
export { PROXY_ARGS } from "./semantic/predefined.js";
export type {
  AnalyzeOptions,
  BuildStage,
  BuilderSemantics,
  Evaluation,
  ExpansionContext,
  Platform,
  Scope,
  SemanticModel,
  SemanticSymbol,
  StageReference,
  StageReferenceError,
  StageReferenceKind,
  StageResolution,
  ValueSource,
  ValueState,
  VariableDefinition,
  VariableKind,
  VariableReference,
  VariableValue,
} from "./semantic/types.js";
export { checkOptionsFromComments, parseCheckOptions, type CheckOptions, type CheckOptionsResult } from "./buildkit/check.js";
