import type { Finding, RuleRegistry, Severity } from "@dfbuild/linter";
import { type Diagnostic, DiagnosticSeverity, DiagnosticTag } from "vscode-languageserver";
import type { DocumentAnalysis } from "./analysis.js";

/** `source` on every diagnostic: what editors show beside the message. */
export const DIAGNOSTIC_SOURCE = "dfbuild";

/**
 * Severities as editors rank them. `style` is a Hint, as vscode-hadolint maps hadolint's `style`:
 * shown in the text, not counted among the problems.
 */
const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  style: DiagnosticSeverity.Hint,
};

/** Rules whose findings are deprecated syntax: editors strike it through. */
const DEPRECATED_RULES = new Set(["maintainer-deprecated"]);

/** What a diagnostic carries back to the server in a code action request. */
export interface DiagnosticData {
  ruleId: string;
  /** The document version the finding was made on. */
  version: number;
}

/** ShellCheck's wiki page for one of its codes (what its own editor integrations link to). */
function shellcheckWiki(code: string): string {
  return `https://www.shellcheck.net/wiki/${code}`;
}

/**
 * A finding as an LSP diagnostic: its exact range, the rule id as `code` (a ShellCheck code for
 * the shellcheck rule's findings, which configuration and ignore comments name) and the rule's
 * documentation as `codeDescription`.
 */
export function toDiagnostic(finding: Finding, analysis: DocumentAnalysis, registry: RuleRegistry): Diagnostic {
  const url = finding.code?.startsWith("SC") ? shellcheckWiki(finding.code) : registry.get(finding.ruleId)?.meta.docs.url;
  const data: DiagnosticData = { ruleId: finding.ruleId, version: analysis.version };
  return {
    range: analysis.positions.range(finding.range),
    severity: SEVERITY[finding.severity],
    code: finding.code ?? finding.ruleId,
    ...(url === undefined ? {} : { codeDescription: { href: url } }),
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    ...(DEPRECATED_RULES.has(finding.ruleId) ? { tags: [DiagnosticTag.Deprecated] } : {}),
    data,
  };
}

export function diagnosticsOf(analysis: DocumentAnalysis, registry: RuleRegistry): Diagnostic[] {
  return analysis.lint.findings.map((finding) => toDiagnostic(finding, analysis, registry));
}
