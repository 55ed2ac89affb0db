import type { RuleRegistry } from "../registry.js";
import type { LintResult } from "../types.js";

export interface FormatContext {
  /** Use ANSI colours (the CLI turns this off for NO_COLOR, --no-color and non-terminals). */
  color: boolean;
  /** Paths in reports are relative to this directory. */
  cwd: string;
  registry: RuleRegistry;
  /** The dfbuild version, for reports that name their tool (SARIF). */
  version: string;
}

/** A formatter turns every file's result into one report (ESLint's shape: a plain function). */
export type Formatter = (results: readonly LintResult[], context: FormatContext) => string;
