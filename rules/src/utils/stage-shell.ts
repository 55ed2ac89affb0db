import type { Instruction, ShellInstruction } from "@dfbuild/parser";
import type { LintFile, StageInfo } from "@dfbuild/linter";
import { perFile } from "./per-file.js";

/** Each stage's SHELL instructions in order, computed once per file. */
const shellsByStage = perFile((file: LintFile): Map<StageInfo, ShellInstruction[]> => {
  const map = new Map<StageInfo, ShellInstruction[]>();
  for (const stage of file.stages) {
    const shells = stage.instructions.filter((instruction): instruction is ShellInstruction => instruction.type === "Shell");
    if (shells.length > 0) map.set(stage, shells);
  }
  return map;
});

/**
 * The SHELL instruction in effect at an instruction: the last one before it in its stage, else in
 * the stages it builds on (a stage inherits its base stage's shell). Null: the image's default
 * (`/bin/sh -c` on Linux; a base image may set another, which a Dockerfile cannot see).
 */
export function shellInstructionAt(file: LintFile, instruction: Instruction): ShellInstruction | null {
  const shells = shellsByStage(file);
  // Most files have no SHELL at all (and a RUN's merge fix asks twice per RUN).
  if (shells.size === 0) return null;
  let stage: StageInfo | null = file.stageOf(instruction);
  let limit = instruction.range.start.offset;
  while (stage) {
    const inStage = shells.get(stage) ?? [];
    for (let i = inStage.length - 1; i >= 0; i--) {
      const shell = inStage[i];
      if (shell && shell.range.start.offset < limit) return shell;
    }
    limit = Infinity;
    stage = stage.baseStage;
  }
  return null;
}

/** The program a SHELL instruction runs, lower-cased, without directory or `.exe`: `powershell`, `bash`. */
export function shellProgram(shell: ShellInstruction): string | null {
  if (shell.command?.type !== "ExecForm") return null;
  const first = shell.command.elements[0]?.value;
  if (first === undefined) return null;
  return (first.split(/[\\/]/).pop() ?? first).replace(/\.exe$/i, "").toLowerCase();
}

/** PowerShell, whose `&&` (7+ only) and variables are not the POSIX shell's. */
export function runsPowerShell(file: LintFile, instruction: Instruction): boolean {
  const shell = shellInstructionAt(file, instruction);
  const program = shell ? shellProgram(shell) : null;
  return program === "powershell" || program === "pwsh";
}
