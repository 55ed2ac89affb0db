import type { CopyInstruction, Flag, Instruction, Range, RunInstruction } from "@dfbuild/parser";
import type { LintFile, StageInfo } from "@dfbuild/linter";

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

/** A stage read from somewhere else: `COPY --from=…` or `RUN --mount=…,from=…`. */
export interface StageSource {
  /** The value as written, quotes removed. */
  value: string;
  range: Range;
  kind: "copy" | "mount";
}

/** `COPY --from` and the `from=` of every `RUN --mount` of an instruction. */
export function stageSources(instruction: CopyInstruction | RunInstruction): StageSource[] {
  if (instruction.type === "Copy") {
    const flag = flagOf(instruction, "from");
    return flag?.value ? [{ value: flag.value, range: flag.valueRange ?? flag.range, kind: "copy" }] : [];
  }
  const found: StageSource[] = [];
  for (const mount of instruction.mounts) {
    for (const field of mount.fields) if (field.key === "from" && field.value) found.push({ value: field.value, range: field.range, kind: "mount" });
  }
  return found;
}

/**
 * The stage a `--from` value names, as BuildKit resolves it (`dispatchStates.findStateByName` is
 * case-insensitive; a number is an index into all stages): by name anywhere in the file, else by
 * index. Null for an image reference.
 */
export function referencedStage(file: LintFile, value: string): StageInfo | null {
  const lowered = value.toLowerCase();
  const named = file.stages.find((stage) => stage.name === lowered);
  if (named) return named;
  return /^\d+$/.test(value) ? (file.stages[Number(value)] ?? null) : null;
}
