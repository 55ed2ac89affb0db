import type { Instruction } from "@dfbuild/parser";
import type { Fix, LintFile, RuleFixer, ShellWord } from "@dfbuild/linter";

/** Whether the word's range covers exactly its text (not a stand-in range for a script it sits in). */
function exactlyAt(file: LintFile, word: ShellWord): boolean {
  return file.text.slice(word.range.start.offset, word.range.end.offset) === word.text;
}

function isExecElement(instruction: Instruction, word: ShellWord): boolean {
  if (instruction.type !== "Run" || instruction.command?.type !== "ExecForm") return false;
  return instruction.command.elements.some((element) => element.range.start.offset === word.range.start.offset && element.range.end.offset === word.range.end.offset);
}

/**
 * An edit that adds the argument `argument` right after `word`: ` --no-cache` in a script, or
 * `, "--no-cache"` after an element of an exec-form array. Null when the word's position is not
 * exactly known (inside an `sh -c` script whose text the linter had to decode).
 */
export function insertArgumentAfter(file: LintFile, instruction: Instruction, word: ShellWord, argument: string): ((fixer: RuleFixer) => Fix) | null {
  if (!exactlyAt(file, word)) return null;
  const text = isExecElement(instruction, word) ? `, ${JSON.stringify(argument)}` : ` ${argument}`;
  return (fixer) => fixer.insertTextAfter(word, text);
}

/**
 * An edit that replaces `word` by `replacement`, plain words separated by spaces (one element each
 * in an exec-form array), under the same conditions.
 */
export function replaceWord(file: LintFile, instruction: Instruction, word: ShellWord, replacement: string): ((fixer: RuleFixer) => Fix) | null {
  if (!exactlyAt(file, word)) return null;
  const text = isExecElement(instruction, word) ? replacement.split(" ").map((part) => JSON.stringify(part)).join(", ") : replacement;
  return (fixer) => fixer.replaceText(word, text);
}
