import { BUILDKIT_CHECKS, isHadolintCode } from "@dfbuild/linter";
import { type ExpansionContext, FLAG_SPECS, type Instruction } from "@dfbuild/parser";
import { type CompletionItem, CompletionItemKind, MarkupKind, type Range } from "vscode-languageserver";
import type { DocumentAnalysis } from "./analysis.js";
import { code, describeDefinition, describeValue } from "./hover.js";
import { FLAG_DOCS, INSTRUCTION_DOCS, instructionDocsUrl } from "./instruction-docs.js";

/** The characters after which editors ask for completion without being told to. */
export const TRIGGER_CHARACTERS = ["$", "{", "-", "=", ",", " "];

/** Instructions an ONBUILD cannot hold (BuildKit: "ONBUILD ONBUILD", "ONBUILD FROM", "ONBUILD MAINTAINER" are errors). */
const NOT_IN_ONBUILD = new Set(["ONBUILD", "FROM", "MAINTAINER"]);

interface Context {
  analysis: DocumentAnalysis;
  offset: number;
  /** The line up to the cursor. */
  prefix: string;
  /** The range of `length` characters before the cursor (what an item replaces). */
  replace: (length: number) => Range;
}

/**
 * Completion by what is left of the cursor on its line: instruction keywords at the start of an
 * instruction (after ONBUILD too), an instruction's flags, stage names after `--from=`,
 * `--mount=…from=` and FROM, variables in scope after `$` and `${`, and rule names in ignore
 * comments (`# dfbuild-ignore`, `# hadolint ignore=`, `# check=skip=`).
 */
export function completion(analysis: DocumentAnalysis, offset: number): CompletionItem[] {
  const { text } = analysis;
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const context: Context = { analysis, offset, prefix, replace: (length) => analysis.positions.rangeOf(offset - length, offset) };
  if (/^\s*#/.test(prefix)) return commentCompletion(context);
  const variable = /\$(\{?)([A-Za-z_][A-Za-z0-9_]*)?$/.exec(prefix);
  if (variable) return variableCompletion(context, variable[1] === "{", variable[2] ?? "");
  const stage = /(?:--from=|--mount=\S*\bfrom=)([^\s,]*)$/i.exec(prefix) ?? /^\s*from\s+(?:--\S+\s+)*([^\s-]\S*)?$/i.exec(prefix);
  if (stage) return stageCompletion(context, stage[1] ?? "");
  const flag = /^\s*(?:onbuild\s+)?([A-Za-z]+)\s+(?:--\S+\s+)*(--?[a-z-]*)$/i.exec(prefix);
  if (flag) return flagCompletion(context, flag[1] ?? "", flag[2] ?? "");
  const keyword = /^\s*(onbuild\s+)?([A-Za-z]*)$/i.exec(prefix);
  if (keyword && !inContinuation(analysis, lineStart)) return keywordCompletion(context, keyword[1] !== undefined, keyword[2] ?? "");
  return [];
}

/** Whether a line continues an instruction begun on an earlier line. */
function inContinuation(analysis: DocumentAnalysis, lineStart: number): boolean {
  const instruction = analysis.instructionAt(lineStart);
  return instruction !== null && instruction.range.start.offset < lineStart;
}

function keywordCompletion(context: Context, onbuild: boolean, typed: string): CompletionItem[] {
  const lower = context.analysis.config.fmt.keywordCase === "lower";
  return INSTRUCTION_DOCS.filter((doc) => !(onbuild && NOT_IN_ONBUILD.has(doc.keyword))).map((doc) => {
    const keyword = lower ? doc.keyword.toLowerCase() : doc.keyword;
    return {
      label: keyword,
      kind: CompletionItemKind.Keyword,
      detail: doc.syntax[0] ?? "",
      documentation: { kind: MarkupKind.Markdown, value: `${doc.summary}\n\n[Dockerfile reference](${instructionDocsUrl(doc.keyword)})` },
      textEdit: { range: context.replace(typed.length), newText: `${keyword} ` },
    };
  });
}

function instructionOnLine(context: Context): Instruction | null {
  const instruction = context.analysis.instructionAt(context.offset);
  if (instruction?.type === "Onbuild" && instruction.trigger) return instruction.trigger;
  return instruction;
}

function flagCompletion(context: Context, keyword: string, typed: string): CompletionItem[] {
  const name = keyword.toUpperCase();
  const specs = (FLAG_SPECS as Record<string, readonly { name: string; kind: string }[]>)[name];
  if (!specs || name === "NONE") return [];
  const instruction = instructionOnLine(context);
  const used = new Set(instruction?.flags.filter((flag) => flag.range.end.offset < context.offset - typed.length + 1).map((flag) => flag.name) ?? []);
  return specs
    .filter((spec) => spec.kind === "strings" || !used.has(spec.name))
    .map((spec) => ({
      label: `--${spec.name}`,
      kind: CompletionItemKind.Property,
      detail: name,
      documentation: { kind: MarkupKind.Markdown, value: FLAG_DOCS[name]?.[spec.name] ?? "" },
      textEdit: { range: context.replace(typed.length), newText: spec.kind === "bool" ? `--${spec.name}` : `--${spec.name}=` },
    }));
}

function stageCompletion(context: Context, typed: string): CompletionItem[] {
  const { semantic } = context.analysis;
  // Only earlier stages: a later one is not built yet (BuildKit fails), and a FROM names none after it.
  const current = semantic.stageAt(context.offset);
  const earlier = semantic.stages.filter((stage) => current === null || stage.index < current.index);
  return earlier.map((stage, position) => {
    const label = stage.name ?? String(stage.index);
    return {
      label,
      kind: CompletionItemKind.Module,
      detail: `stage ${String(stage.index)}: FROM ${stage.from.image?.value ?? ""}`,
      // Nearest stage first.
      sortText: String(earlier.length - position).padStart(4, "0"),
      textEdit: { range: context.replace(typed.length), newText: label },
    };
  });
}

function expansionContext(instruction: Instruction | null): ExpansionContext {
  if (instruction?.type === "Run") return "run";
  if ((instruction?.type === "Cmd" || instruction?.type === "Entrypoint" || instruction?.type === "Healthcheck") && !instruction.json) return "container";
  return "build";
}

function variableCompletion(context: Context, braced: boolean, typed: string): CompletionItem[] {
  const { analysis, offset } = context;
  const scope = analysis.semantic.scopeAtOffset(offset, expansionContext(instructionOnLine(context)));
  const close = braced && analysis.text[offset] !== "}" ? "}" : "";
  return [...scope.values()].map((definition) => ({
    label: definition.name,
    kind: definition.kind === "env" ? CompletionItemKind.Constant : CompletionItemKind.Variable,
    detail: describeValue(definition),
    documentation: { kind: MarkupKind.Markdown, value: `${code(definition.name)} ${describeValue(definition)}\n\n${describeDefinition(definition, analysis)}` },
    textEdit: { range: context.replace(typed.length), newText: `${definition.name}${close}` },
  }));
}

function commentCompletion(context: Context): CompletionItem[] {
  const { prefix, analysis } = context;
  const rules = analysis.registry.rules;
  const dfbuild = /^\s*#\s*dfbuild-ignore(?:-file)?\s+([^]*)$/.exec(prefix);
  if (dfbuild) {
    const list = dfbuild[1] ?? "";
    // After `--` comes the reason.
    if (/(?:^|\s)--(?:\s|$)/.test(list)) return [];
    const typed = /[^\s,]*$/.exec(list)?.[0] ?? "";
    const listed = new Set(list.split(/[\s,]+/));
    return rules
      // A parse error cannot be ignored (as in hadolint).
      .filter((rule) => rule.meta.id !== "parse-error" && !listed.has(rule.meta.id))
      .map((rule) => ({
        label: rule.meta.id,
        kind: CompletionItemKind.Value,
        detail: rule.meta.aliases?.join(", ") ?? "",
        documentation: rule.meta.docs.description,
        textEdit: { range: context.replace(typed.length), newText: rule.meta.id },
      }));
  }
  const hadolint = /^\s*#\s*hadolint\s+(?:(?:global|stage)\s+)?ignore\s*=\s*([^]*)$/.exec(prefix);
  if (hadolint) {
    const typed = /[^\s,]*$/.exec(hadolint[1] ?? "")?.[0] ?? "";
    return aliasItems(context, typed, (alias) => isHadolintCode(alias) && alias.toUpperCase().startsWith("DL"));
  }
  const check = /^\s*#\s*check\s*=.*\bskip=([^;]*)$/i.exec(prefix);
  if (check) {
    const typed = /[^\s,]*$/.exec(check[1] ?? "")?.[0] ?? "";
    return aliasItems(context, typed, (alias) => BUILDKIT_CHECKS.has(alias));
  }
  return [];
}

/** The rules' aliases that pass `accept` (hadolint codes, BuildKit check names), each once. */
function aliasItems(context: Context, typed: string, accept: (alias: string) => boolean): CompletionItem[] {
  const items = new Map<string, CompletionItem>();
  for (const rule of context.analysis.registry.rules) {
    for (const alias of rule.meta.aliases ?? []) {
      if (!accept(alias) || items.has(alias)) continue;
      items.set(alias, {
        label: alias,
        kind: CompletionItemKind.Value,
        detail: rule.meta.id,
        documentation: rule.meta.docs.description,
        textEdit: { range: context.replace(typed.length), newText: alias },
      });
    }
  }
  return [...items.values()];
}
