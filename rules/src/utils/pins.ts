import type { Range } from "@dfbuild/parser";
import type { ShellWord } from "@dfbuild/linter";
import { packageSpecs } from "./package-words.js";

export interface Unpinned {
  word: ShellWord;
  spec: string;
  /** How people see it (the word as written when variables stood in for parts of it). */
  shown: string;
}

/**
 * The package operands no version pins: each word is read as the specs it stands for (ARG/ENV
 * values resolved, see `packageSpecs`), and a spec is unpinned when `isPinned` says so.
 */
export function unpinnedSpecs(variable: (name: string) => string | undefined, words: readonly ShellWord[], isPinned: (spec: string) => boolean): Unpinned[] {
  const found: Unpinned[] = [];
  for (const word of words) {
    for (const { spec, shown } of packageSpecs(variable, word)) if (!isPinned(spec)) found.push({ word, spec, shown });
  }
  return found;
}

const SHOWN = 3;

/** Where and what to report for unpinned packages: the words from the first to the last, and their names. */
export function unpinnedReport(unpinned: readonly Unpinned[]): { range: Range; data: { packages: string; example: string } } | null {
  const first = unpinned[0];
  const last = unpinned[unpinned.length - 1];
  if (!first || !last) return null;
  const names = [...new Set(unpinned.map((item) => item.shown))];
  const packages = names.length > SHOWN ? `${names.slice(0, SHOWN).join(", ")} and ${names.length - SHOWN} more` : names.join(", ");
  const range = first.word.range.start.offset <= last.word.range.start.offset ? { start: first.word.range.start, end: last.word.range.end } : first.word.range;
  return { range, data: { packages, example: first.shown } };
}
