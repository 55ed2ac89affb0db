import { type Finding, type Fix, type RuleRegistry, fixText } from "@dfbuild/linter";
import type { Comment, Instruction } from "@dfbuild/parser";
import { type CodeAction, CodeActionKind, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import type { DocumentAnalysis } from "./analysis.js";
import { toDiagnostic } from "./diagnostics.js";
import { overlaps } from "./positions.js";
import { diffEdits, toTextEdits } from "./text-edits.js";

/** The kind editors run on save to apply every automatic fix (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dfbuild`;

/** `data` of a fix-all action whose edit is computed on `codeAction/resolve`. */
export interface FixAllData {
  kind: "fix-all";
  uri: string;
  version: number;
}

export function isFixAllData(value: unknown): value is FixAllData {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "fix-all";
}

/** `# dfbuild-ignore ids [-- reason]`, as the linter reads it (`packages/linter/src/directives.ts`). */
const DFBUILD_IGNORE = /^dfbuild-ignore(-file)?(?:\s+(.*))?$/;

export interface CodeActionRequest {
  uri: string;
  range: Range;
  /** `context.only`: the kinds the editor asks for; undefined for all. */
  only: readonly string[] | undefined;
  /** Whether the editor resolves an action's edit later (`codeAction/resolve`). */
  canResolve: boolean;
}

/**
 * The actions for a range: for each finding there, its fix, its suggestions, and "ignore" comments
 * for the instruction and the file; then "fix all" when anything in the file can be fixed.
 */
export function codeActions(analysis: DocumentAnalysis, registry: RuleRegistry, request: CodeActionRequest): CodeAction[] {
  const asked = (kind: string) => request.only?.some((only) => kind === only || kind.startsWith(`${only}.`)) === true;
  const wants = (kind: string) => request.only === undefined || asked(kind);
  const actions: CodeAction[] = [];
  const { findings } = analysis.lint;
  if (wants(CodeActionKind.QuickFix)) {
    for (const finding of findings) {
      const diagnostic = toDiagnostic(finding, analysis, registry);
      if (!overlaps(diagnostic.range, request.range)) continue;
      actions.push(...findingActions(analysis, request.uri, finding, diagnostic));
    }
    const fixable = findings.filter((finding) => finding.fix);
    // Worth offering beside a fix only when there is more than the one fix to apply.
    if (fixable.length > 1 && actions.some((action) => action.isPreferred)) {
      actions.push(fixAllAction(analysis, request, CodeActionKind.QuickFix, "Fix all auto-fixable dfbuild problems"));
    }
  }
  // Only when asked for by kind (on save, or a "fix all" command): the light bulb never lists
  // source actions, and this one lints the file up to ten times.
  if (asked(FIX_ALL_KIND) && findings.some((finding) => finding.fix)) {
    // Editors run this on save and apply the edit as it comes: it is computed now.
    actions.push(fixAllAction(analysis, { ...request, canResolve: false }, FIX_ALL_KIND, "Fix all auto-fixable dfbuild problems"));
  }
  return actions;
}

function findingActions(analysis: DocumentAnalysis, uri: string, finding: Finding, diagnostic: Diagnostic): CodeAction[] {
  const actions: CodeAction[] = [];
  const name = finding.code ?? finding.ruleId;
  const edit = (fixes: readonly Fix[]): WorkspaceEdit => ({ changes: { [uri]: fixEdits(analysis, fixes) } });
  if (finding.fix) {
    actions.push({ title: `Fix this ${name} problem`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: edit(finding.fix) });
  }
  for (const suggestion of finding.suggestions ?? []) {
    actions.push({ title: `${suggestion.message} (${name})`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit(suggestion.fix) });
  }
  const instruction = analysis.instructionAt(finding.range.start.offset);
  // Parse errors cannot be ignored (as in hadolint), and comments do nothing when the
  // configuration turns them off (disable-ignore-pragma).
  if (finding.ruleId !== "parse-error" && analysis.config.inlineIgnores) {
    if (instruction) {
      actions.push({
        title: `Ignore ${name} for this instruction`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [ignoreInstructionEdit(analysis, instruction, name)] } },
      });
    }
    actions.push({
      title: `Ignore ${name} in this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: { changes: { [uri]: [ignoreFileEdit(analysis, name)] } },
    });
  }
  return actions;
}

function fixEdits(analysis: DocumentAnalysis, fixes: readonly Fix[]): TextEdit[] {
  return fixes.map((fix) => ({ range: analysis.positions.rangeOf(fix.range[0], fix.range[1]), newText: fix.text }));
}

function fixAllAction(analysis: DocumentAnalysis, request: CodeActionRequest, kind: string, title: string): CodeAction {
  if (request.canResolve) {
    const data: FixAllData = { kind: "fix-all", uri: request.uri, version: analysis.version };
    return { title, kind, data };
  }
  return { title, kind, edit: fixAllEdit(analysis, request.uri) };
}

/** Every automatic fix, applied until the file is stable (as `dfbuild lint --fix`), as minimal edits. */
export function fixAllEdit(analysis: DocumentAnalysis, uri: string): WorkspaceEdit {
  const { output } = fixText(analysis.text, { registry: analysis.registry, config: analysis.config, filePath: analysis.filePath });
  return { changes: { [uri]: toTextEdits(diffEdits(analysis.text, output), analysis.positions) } };
}

/** The line ending a line uses, to write an inserted line like its neighbours. */
function lineEndingAt(text: string, offset: number): string {
  const newline = text.indexOf("\n", offset);
  return newline > 0 && text[newline - 1] === "\r" ? "\r\n" : "\n";
}

/** The comments directly above an instruction (no blank line between), nearest last. */
function commentsAbove(analysis: DocumentAnalysis, instruction: Instruction): Comment[] {
  const { children } = analysis.parsed.ast;
  const index = children.indexOf(instruction);
  const comments: Comment[] = [];
  for (let i = index - 1; i >= 0; i--) {
    const child = children[i];
    if (child?.type !== "Comment") break;
    comments.unshift(child);
  }
  return comments;
}

/**
 * Adds a name to an existing ignore comment's list, before its `-- reason`: the edit, or null
 * when the comment is not a `# dfbuild-ignore[-file]` with a list.
 */
function appendToComment(analysis: DocumentAnalysis, comment: Comment, file: boolean, name: string): TextEdit | null {
  const match = DFBUILD_IGNORE.exec(comment.value);
  if (!match || Boolean(match[1]) !== file) return null;
  const list = (match[2] ?? "").split(/(?:^|\s)--(?:\s|$)/)[0]?.trimEnd() ?? "";
  if (list === "") return null;
  const source = analysis.text.slice(comment.range.start.offset, comment.range.end.offset);
  const valueAt = source.indexOf(comment.value);
  if (valueAt < 0) return null;
  const listEnd = comment.range.start.offset + valueAt + comment.value.indexOf(list) + list.length;
  return { range: analysis.positions.rangeOf(listEnd, listEnd), newText: `, ${name}` };
}

/**
 * `# dfbuild-ignore NAME` on the line above the instruction (indented like it), or NAME added to
 * the ignore comment already there. The comment covers the whole instruction, all its lines.
 */
export function ignoreInstructionEdit(analysis: DocumentAnalysis, instruction: Instruction, name: string): TextEdit {
  for (const comment of commentsAbove(analysis, instruction).reverse()) {
    const edit = appendToComment(analysis, comment, false, name);
    if (edit) return edit;
  }
  const { text } = analysis;
  const start = instruction.keyword.range.start.offset;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, start))?.[0] ?? "";
  return { range: analysis.positions.rangeOf(lineStart, lineStart), newText: `${indent}# dfbuild-ignore ${name}${lineEndingAt(text, lineStart)}` };
}

/**
 * `# dfbuild-ignore-file NAME` below the parser directives (a comment above one would end
 * BuildKit's directive scanning and turn it into a plain comment), or NAME added to the file's
 * existing one.
 */
export function ignoreFileEdit(analysis: DocumentAnalysis, name: string): TextEdit {
  const { ast } = analysis.parsed;
  for (const comment of ast.children) {
    if (comment.type !== "Comment") continue;
    const edit = appendToComment(analysis, comment, true, name);
    if (edit) return edit;
  }
  const { text } = analysis;
  const lastDirective = ast.directives.at(-1);
  let at = 0;
  if (lastDirective) {
    const newline = text.indexOf("\n", lastDirective.range.start.offset);
    at = newline < 0 ? text.length : newline + 1;
  }
  const ending = lineEndingAt(text, at);
  const prefix = at === text.length && at > 0 && !text.endsWith("\n") ? ending : "";
  return { range: analysis.positions.rangeOf(at, at), newText: `${prefix}# dfbuild-ignore-file ${name}${ending}` };
}
