import type { Instruction } from "@dfbuild/parser";
import { type DocumentSymbol, type FoldingRange, FoldingRangeKind, SymbolKind } from "vscode-languageserver";
import type { DocumentAnalysis } from "./analysis.js";

/** How much of an instruction's arguments the outline shows. */
const DETAIL_LENGTH = 60;

function detailOf(instruction: Instruction): string {
  // BuildKit's logical line (continuations joined), without the keyword.
  const flat = instruction.original.replace(/^\s*\S+/, "").replace(/\s+/g, " ").trim();
  return flat.length > DETAIL_LENGTH ? `${flat.slice(0, DETAIL_LENGTH - 1)}…` : flat;
}

function kindOf(instruction: Instruction): SymbolKind {
  switch (instruction.type) {
    case "Arg":
    case "Env":
      return SymbolKind.Variable;
    case "Label":
    case "Maintainer":
    case "Expose":
    case "Volume":
    case "User":
    case "Workdir":
    case "Stopsignal":
    case "Shell":
      return SymbolKind.Property;
    case "Onbuild":
      return SymbolKind.Event;
    default:
      return SymbolKind.Function;
  }
}

function instructionSymbol(analysis: DocumentAnalysis, instruction: Instruction): DocumentSymbol {
  const symbol: DocumentSymbol = {
    name: instruction.keyword.name.toUpperCase(),
    detail: detailOf(instruction),
    kind: kindOf(instruction),
    range: analysis.positions.range(instruction.range),
    selectionRange: analysis.positions.range(instruction.keyword.range),
  };
  // ARG and ENV list the variables they define, so the outline finds them by name.
  if (instruction.type === "Arg" || instruction.type === "Env") {
    const children = analysis.semantic.definitions.flatMap((definition): DocumentSymbol[] => {
      if (definition.instruction !== instruction || !definition.nameRange || !definition.range) return [];
      return [
        {
          name: definition.name,
          kind: instruction.type === "Arg" ? SymbolKind.Variable : SymbolKind.Constant,
          range: analysis.positions.range(definition.range),
          selectionRange: analysis.positions.range(definition.nameRange),
        },
      ];
    });
    if (children.length > 0) symbol.children = children;
  }
  return symbol;
}

/**
 * The outline: global ARGs, then one symbol per stage (its name, else `stage N`; FROM's image as
 * the detail) holding its instructions.
 */
export function documentSymbols(analysis: DocumentAnalysis): DocumentSymbol[] {
  const { semantic } = analysis;
  const symbols = semantic.preamble.map((instruction) => instructionSymbol(analysis, instruction));
  for (const stage of semantic.stages) {
    symbols.push({
      name: stage.name ?? `stage ${String(stage.index)}`,
      detail: `FROM ${stage.from.image?.value ?? ""}`.trimEnd(),
      kind: SymbolKind.Module,
      range: analysis.positions.range(stage.range),
      selectionRange: analysis.positions.range(stage.nameRange ?? stage.from.keyword.range),
      children: stage.instructions.map((instruction) => instructionSymbol(analysis, instruction)),
    });
  }
  return symbols;
}

/**
 * Folding: each stage (FROM to its last instruction), each instruction over several lines (a
 * heredoc's body also on its own), and each run of two or more comment lines.
 */
export function foldingRanges(analysis: DocumentAnalysis): FoldingRange[] {
  const line = (offset: number) => analysis.positions.position(offset).line;
  const ranges: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRangeKind) => {
    const startLine = line(start);
    const endLine = line(end);
    if (endLine > startLine) ranges.push({ startLine, endLine, ...(kind ? { kind } : {}) });
  };
  for (const stage of analysis.semantic.stages) add(stage.range.start.offset, stage.range.end.offset, FoldingRangeKind.Region);
  const { ast } = analysis.parsed;
  for (const instruction of ast.instructions) {
    add(instruction.range.start.offset, instruction.range.end.offset);
    const heredocs = instruction.type === "Onbuild" && instruction.trigger ? [...instruction.heredocs, ...instruction.trigger.heredocs] : instruction.heredocs;
    for (const heredoc of heredocs) add(heredoc.body.start.offset, (heredoc.terminator ?? heredoc.body).end.offset);
  }
  // Comment blocks: consecutive comment lines (in the tree or inside an instruction's continuation lines).
  let blockStart: number | null = null;
  let blockEnd = 0;
  let lastLine = -2;
  for (const comment of ast.comments) {
    const at = line(comment.range.start.offset);
    if (blockStart !== null && at === lastLine + 1) {
      blockEnd = comment.range.end.offset;
    } else {
      if (blockStart !== null) add(blockStart, blockEnd, FoldingRangeKind.Comment);
      blockStart = comment.range.start.offset;
      blockEnd = comment.range.end.offset;
    }
    lastLine = line(comment.range.end.offset);
  }
  if (blockStart !== null) add(blockStart, blockEnd, FoldingRangeKind.Comment);
  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
