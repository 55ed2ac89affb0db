import type { BuildStage, Instruction, StageReference, VariableDefinition, VariableValue } from "@dfbuild/parser";
import { type Hover, MarkupKind } from "vscode-languageserver";
import type { DocumentAnalysis } from "./analysis.js";
import { FLAG_DOCS, instructionDoc, instructionDocsUrl } from "./instruction-docs.js";
import { touches } from "./positions.js";

/** Inline code, with a fence long enough for any backticks in the text. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** What a value is, in words: `= "1"`, `unset`, `unknown …`. */
export function describeValue(value: VariableValue): string {
  if (value.state === "set") return `= ${code(value.value ?? "")}`;
  if (value.state === "unset") return "unset (expands to nothing)";
  return "unknown until the build";
}

const SOURCES: Readonly<Record<VariableDefinition["source"], string>> = {
  default: "",
  "build-arg": "from --build-arg",
  global: "from the global ARG",
  platform: "set by BuildKit from the platform",
  target: "set by BuildKit from --target",
  "default-path": "the builder's default PATH",
  none: "",
};

/** One line about a definition: kind, where it is, and what it gives. */
export function describeDefinition(definition: VariableDefinition, analysis: DocumentAnalysis): string {
  const where =
    definition.kind === "predefined"
      ? "predefined by the builder"
      : `${definition.kind === "arg" ? "ARG" : "ENV"} on line ${String(analysis.positions.position(definition.range?.start.offset ?? 0).line + 1)}${definition.stage === null ? " (global)" : ""}`;
  const source = SOURCES[definition.source];
  const hedge = definition.state === "set" && !definition.certain && definition.kind === "arg" ? "a --build-arg may change it" : "";
  return [where, source, hedge].filter((part) => part !== "").join("; ");
}

function variableHover(name: string, value: VariableValue, definition: VariableDefinition | null, analysis: DocumentAnalysis, fromBaseImage: boolean): string {
  const lines = [`${code(name)} ${describeValue(value)}`, ""];
  if (definition) lines.push(describeDefinition(definition, analysis));
  else if (fromBaseImage) lines.push("Not defined in this file: the base image's environment may set it.");
  else lines.push("Not defined in this file.");
  if (definition?.error) lines.push("", `Expanding it fails: ${definition.error}`);
  return lines.join("\n");
}

function stageTitle(stage: BuildStage): string {
  return stage.name === null ? `stage ${String(stage.index)}` : `stage ${code(stage.name)} (index ${String(stage.index)})`;
}

function stageHover(stage: BuildStage, analysis: DocumentAnalysis): string {
  const from = analysis.text.slice(stage.from.range.start.offset, stage.from.range.end.offset);
  const uses = analysis.semantic.stageReferencesTo(stage).length;
  return [`Build ${stageTitle(stage)}`, "", code(from), "", `Referred to ${String(uses)} time${uses === 1 ? "" : "s"} in this file.`].join("\n");
}

function stageReferenceHover(reference: StageReference, analysis: DocumentAnalysis): string {
  switch (reference.resolution) {
    case "stage":
      return reference.target ? stageHover(reference.target, analysis) : "";
    case "scratch":
      return "`scratch`: the empty image";
    case "image":
      return `Image ${code(reference.text)}${reference.certain ? "" : " (a --build-arg may change it)"}`;
    case "context":
      return "The build context";
    case "error":
      return `The build fails here: ${reference.error?.message ?? ""}`;
  }
}

/** The keyword or flag under the offset in an instruction (an ONBUILD's trigger included). */
function instructionHover(instruction: Instruction, offset: number): { text: string; range: { start: number; end: number } } | null {
  if (instruction.type === "Onbuild" && instruction.trigger && touches(instruction.trigger.range, offset)) {
    const inner = instructionHover(instruction.trigger, offset);
    if (inner) return inner;
  }
  const keyword = instruction.keyword.name.toUpperCase();
  if (touches(instruction.keyword.range, offset)) {
    const doc = instructionDoc(keyword);
    if (!doc) return null;
    const text = ["```dockerfile", ...doc.syntax, "```", "", doc.summary, "", `[Dockerfile reference: ${doc.keyword}](${instructionDocsUrl(doc.keyword)})`].join("\n");
    return { text, range: { start: instruction.keyword.range.start.offset, end: instruction.keyword.range.end.offset } };
  }
  for (const flag of instruction.flags) {
    if (!touches(flag.nameRange, offset)) continue;
    const doc = FLAG_DOCS[keyword]?.[flag.name];
    if (!doc) return null;
    return { text: `${code(`--${flag.name}`)} (${keyword})\n\n${doc}`, range: { start: flag.range.start.offset, end: flag.range.end.offset } };
  }
  return null;
}

/**
 * Hover: what the symbol under the cursor means (a variable's value at that line, a stage), or the
 * instruction's or flag's documentation; then the documentation of every rule with a finding there.
 */
export function hover(analysis: DocumentAnalysis, offset: number): Hover | null {
  const sections: string[] = [];
  let range: { start: number; end: number } | null = null;
  const symbol = analysis.semantic.symbolAt(offset);
  if (symbol) {
    range = { start: symbol.range.start.offset, end: symbol.range.end.offset };
    switch (symbol.type) {
      case "variable-reference": {
        const { reference } = symbol;
        sections.push(variableHover(reference.name, reference, reference.definition, analysis, reference.fromBaseImage));
        break;
      }
      case "variable-definition":
        sections.push(variableHover(symbol.definition.name, symbol.definition, symbol.definition, analysis, false));
        break;
      case "stage-definition":
        sections.push(stageHover(symbol.stage, analysis));
        break;
      case "stage-reference":
        sections.push(stageReferenceHover(symbol.reference, analysis));
        break;
    }
  } else {
    const instruction = analysis.instructionAt(offset);
    const found = instruction ? instructionHover(instruction, offset) : null;
    if (found) {
      sections.push(found.text);
      range = found.range;
    }
  }
  const rules = new Set<string>();
  for (const finding of analysis.lint.findings) {
    if (!touches(finding.range, offset) || rules.has(finding.ruleId)) continue;
    rules.add(finding.ruleId);
    const rule = analysis.registry.get(finding.ruleId);
    if (!rule) continue;
    const aliases = rule.meta.aliases?.length ? ` (${rule.meta.aliases.join(", ")})` : "";
    const link = rule.meta.docs.url ? ` — [documentation](${rule.meta.docs.url})` : "";
    sections.push(`**${rule.meta.id}**${aliases}: ${rule.meta.docs.description}${link}`);
  }
  if (sections.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join("\n\n---\n\n") },
    ...(range ? { range: analysis.positions.rangeOf(range.start, range.end) } : {}),
  };
}
