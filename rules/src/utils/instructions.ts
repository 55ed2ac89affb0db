import type { Instruction, RunInstruction, Word } from "@dfbuild/parser";
import { type LintFile, shellFormOf } from "@dfbuild/linter";
import { perFile } from "./per-file.js";

/** Whether a shell-form instruction's script (command line or heredoc bodies) matches `pattern`. */
export function scriptMentions(instruction: Instruction, pattern: RegExp): boolean {
  const form = shellFormOf(instruction);
  if (!form) return false;
  return pattern.test(form.value) || instruction.heredocs.some((heredoc) => pattern.test(heredoc.content));
}

/**
 * Where the walk is in the file's top-level instructions (`ast.instructions`: the top-level
 * nodes that are not comments, blank lines or directives, in order). Rules ask for the
 * neighbours of the instruction they visit, one after another, so the last position found is
 * tried first; anything else (an ONBUILD trigger, a rule looking back) goes through an index
 * built on first need. No per-instruction record is kept for files with hundreds of thousands.
 */
interface Position {
  last: number;
  index: Map<Instruction, number> | null;
}

const positions = perFile((): Position => ({ last: 0, index: null }));

function indexOf(file: LintFile, instruction: Instruction): number {
  const list = file.ast.instructions;
  const position = positions(file);
  const { last } = position;
  if (list[last] === instruction) return last;
  if (list[last + 1] === instruction) {
    position.last = last + 1;
    return last + 1;
  }
  if (position.index === null) {
    position.index = new Map();
    for (const [i, each] of list.entries()) position.index.set(each, i);
  }
  const found = position.index.get(instruction) ?? -1;
  if (found >= 0) position.last = found;
  return found;
}

/** The instruction after `instruction` at the top level, skipping comments and blank lines. */
export function nextInstruction(file: LintFile, instruction: Instruction): Instruction | null {
  const at = indexOf(file, instruction);
  return at < 0 ? null : (file.ast.instructions[at + 1] ?? null);
}

/** The instruction before `instruction` at the top level, skipping comments and blank lines. */
export function previousInstruction(file: LintFile, instruction: Instruction): Instruction | null {
  const at = indexOf(file, instruction);
  return at <= 0 ? null : (file.ast.instructions[at - 1] ?? null);
}

/** Two RUNs with the same flags (`--mount`, `--network`…) can become one. */
export function sameRunFlags(a: RunInstruction, b: RunInstruction): boolean {
  return a.flags.length === b.flags.length && a.flags.every((flag, i) => flag.text === b.flags[i]?.text);
}

/** Offset just after the last non-blank character of a shell-form command. */
export function commandEnd(file: LintFile, instruction: Instruction): number {
  let end = instruction.range.end.offset;
  const { text } = file;
  for (let code = text.charCodeAt(end - 1); end > 0 && (code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a); code = text.charCodeAt(end - 1)) end--;
  return end;
}

/** Offset of the line end after an instruction (its newline included), for removing whole lines. */
export function lineEndAfter(file: LintFile, instruction: Instruction): number {
  const end = instruction.range.end.offset;
  const newline = file.text.indexOf("\n", end);
  return newline === -1 ? file.text.length : newline + 1;
}

/** Double-quotes a literal for a Dockerfile key=value, escaping what BuildKit would interpret. */
export function quoteValue(value: string, escape: string): string {
  const special = new Set(['"', "$", escape]);
  let out = '"';
  for (const ch of value) out += special.has(ch) ? `${escape}${ch}` : ch;
  return `${out}"`;
}

/** Variables a word refers to, with their ranges (inside double quotes and modifiers too). */
export function variableReferences(word: Word): { name: string; range: Word["range"] }[] {
  const found: { name: string; range: Word["range"] }[] = [];
  const visit = (parts: readonly Word["parts"][number][]) => {
    for (const part of parts) {
      if (part.type === "Variable") {
        found.push({ name: part.name, range: part.range });
        if (part.argument) visit(part.argument);
        if (part.replacement) visit(part.replacement);
      } else if (part.type === "DoubleQuoted") {
        visit(part.parts);
      }
    }
  };
  visit(word.parts);
  return found;
}
