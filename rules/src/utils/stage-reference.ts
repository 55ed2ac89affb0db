import type { Flag, Instruction, Range, StageReference } from "@dfbuild/parser";
import type { LintFile } from "@dfbuild/linter";

/** The last `--name` flag of an instruction (BuildKit rejects repeated flags, so there is at most one that counts). */
export function flagOf(instruction: Instruction, name: string): Flag | null {
  let found: Flag | null = null;
  for (const flag of instruction.flags) if (flag.name === name) found = flag;
  return found;
}

/**
 * Where BuildKit reports a check: on the instruction's lines, starting at its first. The node
 * itself when it is on that first line, else the keyword (a node on a continuation line would
 * move the finding to another line than BuildKit's).
 */
export function onFirstLine(instruction: Instruction, node: { range: Range }): Range {
  return node.range.start.line === instruction.range.start.line ? node.range : instruction.keyword.range;
}

/**
 * The `COPY --from` and `RUN --mount=from=` references of each instruction (the ONBUILD triggers'
 * excluded), as the parser's semantic model resolved them: indexed once per file.
 */
export function stageSourcesByInstruction(file: LintFile): ReadonlyMap<Instruction, StageReference[]> {
  const byInstruction = new Map<Instruction, StageReference[]>();
  for (const reference of file.semantic.stageReferences) {
    if (reference.kind === "from" || reference.onbuild) continue;
    const list = byInstruction.get(reference.instruction);
    if (list) list.push(reference);
    else byInstruction.set(reference.instruction, [reference]);
  }
  return byInstruction;
}

/** How a message names a reference: `COPY --from=build` or `RUN --mount from=build`. */
export function describeSource(reference: StageReference): string {
  return reference.kind === "copy-from" ? `COPY --from=${reference.text}` : `RUN --mount from=${reference.text}`;
}
