import type { Instruction, RunInstruction, TopLevelNode, Word } from "@dfbuild/parser";
import { type LintFile, shellFormOf } from "@dfbuild/linter";
import { perFile } from "./per-file.js";

/** Whether a shell-form instruction's script (command line or heredoc bodies) matches `pattern`. */
export function scriptMentions(instruction: Instruction, pattern: RegExp): boolean {
  const form = shellFormOf(instruction);
  if (!form) return false;
  return pattern.test(form.value) || instruction.heredocs.some((heredoc) => pattern.test(heredoc.content));
}

interface Neighbours {
  previous: Instruction | null;
  next: Instruction | null;
}

/**
 * Each top-level instruction's neighbours, skipping comments and blank lines, in one pass over the
 * file. Parser directives only come first, so an instruction never has one after it.
 */
const neighbours = perFile((file: LintFile): Map<Instruction, Neighbours> => {
  const map = new Map<Instruction, Neighbours>();
  let previous: Instruction | null = null;
  for (const child of file.ast.children as readonly TopLevelNode[]) {
    if (child.type === "Comment" || child.type === "BlankLine" || child.type === "Directive") continue;
    const entry: Neighbours = { previous, next: null };
    const before = previous === null ? undefined : map.get(previous);
    if (before) before.next = child;
    map.set(child, entry);
    previous = child;
  }
  return map;
});

/** The instruction after `instruction` at the top level, skipping comments and blank lines. */
export function nextInstruction(file: LintFile, instruction: Instruction): Instruction | null {
  return neighbours(file).get(instruction)?.next ?? null;
}

/** The instruction before `instruction` at the top level, skipping comments and blank lines. */
export function previousInstruction(file: LintFile, instruction: Instruction): Instruction | null {
  return neighbours(file).get(instruction)?.previous ?? null;
}

/** Two RUNs with the same flags (`--mount`, `--network`…) can become one. */
export function sameRunFlags(a: RunInstruction, b: RunInstruction): boolean {
  return a.flags.length === b.flags.length && a.flags.every((flag, i) => flag.text === b.flags[i]?.text);
}

/** Offset just after the last non-blank character of a shell-form command. */
export function commandEnd(file: LintFile, instruction: Instruction): number {
  let end = instruction.range.end.offset;
  while (end > 0 && /[ \t\r\n]/.test(file.text[end - 1] ?? "")) end--;
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
