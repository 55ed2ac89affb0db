import type { BuildStage, Range as SourceRange, SemanticSymbol, StageReference, VariableDefinition } from "@dfbuild/parser";
import { ErrorCodes, type Location, type Range, ResponseError, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import type { DocumentAnalysis } from "./analysis.js";

/**
 * What navigation works on: a variable (the definition its references reach) or a named stage.
 * Predefined variables and references that nothing in the file defines have no target.
 */
type Target = { type: "variable"; definition: VariableDefinition } | { type: "stage"; stage: BuildStage };

function targetOf(symbol: SemanticSymbol | null): Target | null {
  switch (symbol?.type) {
    case "variable-definition":
      return { type: "variable", definition: symbol.definition };
    case "variable-reference":
      return symbol.reference.definition ? { type: "variable", definition: symbol.reference.definition } : null;
    case "stage-definition":
      return { type: "stage", stage: symbol.stage };
    case "stage-reference":
      return symbol.reference.resolution === "stage" && symbol.reference.target ? { type: "stage", stage: symbol.reference.target } : null;
    default:
      return null;
  }
}

/** Where a stage is declared: its `AS` name, else its FROM keyword (a stage referred to by index). */
function stageDeclaration(stage: BuildStage): SourceRange {
  return stage.nameRange ?? stage.from.keyword.range;
}

/**
 * Whether a stage reference names the stage as written (`--from=builder`, `FROM builder`), so a
 * rename rewrites it; `--from=0` refers by index and `FROM ${BASE}` through a variable: both stay.
 */
function namesStage(reference: StageReference, stage: BuildStage, analysis: DocumentAnalysis): boolean {
  if (stage.name === null) return false;
  return analysis.text.slice(reference.range.start.offset, reference.range.end.offset).toLowerCase() === stage.name;
}

function location(uri: string, analysis: DocumentAnalysis, range: SourceRange): Location {
  return { uri, range: analysis.positions.range(range) };
}

/** Go to definition: the ARG/ENV that gives a variable its value there, or the stage's `AS` name. */
export function definition(analysis: DocumentAnalysis, uri: string, offset: number): Location[] {
  const target = targetOf(analysis.semantic.symbolAt(offset));
  if (!target) return [];
  if (target.type === "stage") return [location(uri, analysis, stageDeclaration(target.stage))];
  // An `ARG NAME` in a stage takes the global ARG's value: both are where it is defined.
  const chain: VariableDefinition[] = [];
  for (let each: VariableDefinition | null = target.definition; each; each = each.inherits) chain.push(each);
  return chain.flatMap((each) => (each.nameRange ? [location(uri, analysis, each.nameRange)] : []));
}

/** Find references: every use of the variable (its rename group) or stage, and the declarations when asked. */
export function references(analysis: DocumentAnalysis, uri: string, offset: number, includeDeclaration: boolean): Location[] {
  const target = targetOf(analysis.semantic.symbolAt(offset));
  if (!target) return [];
  const ranges: SourceRange[] = [];
  if (target.type === "stage") {
    if (includeDeclaration && target.stage.nameRange) ranges.push(target.stage.nameRange);
    ranges.push(...analysis.semantic.stageReferencesTo(target.stage).map((reference) => reference.range));
  } else {
    const group = analysis.semantic.renameGroup(target.definition);
    if (includeDeclaration) ranges.push(...group.definitions.flatMap((each) => (each.nameRange ? [each.nameRange] : [])));
    ranges.push(...group.references.map((reference) => reference.nameRange));
  }
  return ranges.sort((a, b) => a.start.offset - b.start.offset).map((range) => location(uri, analysis, range));
}

/** The name under the cursor, when it can be renamed: an ARG/ENV variable defined in the file, or a named stage. */
export function prepareRename(analysis: DocumentAnalysis, offset: number): { range: Range; placeholder: string } | null {
  const symbol = analysis.semantic.symbolAt(offset);
  const target = targetOf(symbol);
  if (!symbol || !target) return null;
  let name: SourceRange | null;
  switch (symbol.type) {
    case "variable-definition":
      name = symbol.definition.nameRange;
      break;
    case "variable-reference":
      name = symbol.reference.nameRange;
      break;
    case "stage-definition":
      name = symbol.stage.nameRange;
      break;
    case "stage-reference":
      name = target.type === "stage" && namesStage(symbol.reference, target.stage, analysis) ? symbol.reference.range : null;
      break;
  }
  if (target.type === "variable" && target.definition.kind === "predefined") return null;
  if (!name) return null;
  return { range: analysis.positions.range(name), placeholder: analysis.text.slice(name.start.offset, name.end.offset) };
}

/** A variable name the builders and shells accept (BuildKit's `shell/lex.go` reads `[A-Za-z0-9_]`, not starting with a digit). */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** BuildKit's stage names (`instructions/parse.go`, `validStageName`), matched case-insensitively as it lower-cases them. */
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/i;

/**
 * Rename: a variable's definitions and references (through `renameGroup`), or a stage's `AS` name
 * and every reference that names it. Throws a `ResponseError` the editor shows for a new name
 * the builder would not read as the same kind of name.
 */
export function rename(analysis: DocumentAnalysis, uri: string, offset: number, newName: string): WorkspaceEdit | null {
  if (!prepareRename(analysis, offset)) return null;
  const target = targetOf(analysis.semantic.symbolAt(offset));
  if (!target) return null;
  const ranges: SourceRange[] = [];
  if (target.type === "variable") {
    if (!VARIABLE_NAME.test(newName)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a variable name: use letters, digits and _, not starting with a digit`);
    }
    const group = analysis.semantic.renameGroup(target.definition);
    ranges.push(...group.definitions.flatMap((each) => (each.nameRange ? [each.nameRange] : [])), ...group.references.map((reference) => reference.nameRange));
  } else {
    if (!STAGE_NAME.test(newName)) {
      throw new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a stage name: it must start with a letter and hold only letters, digits, "-", "_" and "."`);
    }
    const clash = analysis.semantic.stages.find((stage) => stage !== target.stage && stage.name === newName.toLowerCase());
    if (clash) throw new ResponseError(ErrorCodes.InvalidParams, `stage "${newName}" already exists (line ${String(analysis.positions.position(stageDeclaration(clash).start.offset).line + 1)})`);
    if (target.stage.nameRange) ranges.push(target.stage.nameRange);
    ranges.push(...analysis.semantic.stageReferencesTo(target.stage).filter((reference) => namesStage(reference, target.stage, analysis)).map((reference) => reference.range));
  }
  const seen = new Set<number>();
  const edits: TextEdit[] = [];
  for (const range of ranges.sort((a, b) => a.start.offset - b.start.offset)) {
    if (seen.has(range.start.offset)) continue;
    seen.add(range.start.offset);
    edits.push({ range: analysis.positions.range(range), newText: newName });
  }
  return { changes: { [uri]: edits } };
}
