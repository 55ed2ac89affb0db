import type { RunInstruction } from "@dfbuild/parser";
import type { Fix, LintFile, RuleFixer } from "@dfbuild/linter";
import { commandEnd } from "./instructions.js";
import type { RunShape } from "./run-shape.js";
import { runsPowerShell } from "./stage-shell.js";

/**
 * Merges `second` into `first`: `RUN a` + `RUN b` becomes `RUN a && \` / `    b`. Comment lines
 * between them stay, as comments inside the continuation (BuildKit skips those). Returns null
 * where a merge could change meaning: exec form, heredocs, a PowerShell SHELL, a first script
 * (its `runShape`) that does not take ` && next` (a trailing comment, `;` or `&`) or leaves the
 * shell's state changed (`cd`, `export`, `A=1`, a function) or ends the shell (`exit`, `exec`),
 * or a second script that is not one `&&` chain (in `a && b; c`, `c` would run after `a` failed).
 */
export function mergeRunsFix(
  fixer: RuleFixer,
  file: LintFile,
  first: RunInstruction,
  second: RunInstruction,
  firstShape: RunShape | null,
  secondShape: RunShape | null,
): Fix | null {
  if (first.command?.type !== "ShellForm" || second.command?.type !== "ShellForm") return null;
  if (first.heredocs.length > 0 || second.heredocs.length > 0) return null;
  // Windows PowerShell has no `&&` (PowerShell 7 does, with its own rules): never merge there.
  if (runsPowerShell(file, first) || runsPowerShell(file, second)) return null;
  if (!firstShape?.takesAnd || firstShape.leavesState || !secondShape?.andChain) return null;
  const end = commandEnd(file, first);
  const secondStart = second.command.range.start.offset;
  // Keep the line endings (a CRLF file stays CRLF): those of the first RUN's last line.
  const newline = file.text.indexOf("\n", end);
  const eol = newline > 0 && file.text[newline - 1] === "\r" ? "\r\n" : "\n";
  const gap = file.text.slice(end, secondStart);
  if (!gap.includes("#")) return fixer.replaceTextRange([end, secondStart], joiner(file.escape, eol));
  const between = gap.split("\n").slice(1, -1);
  const comments = between.filter((line) => line.trimStart().startsWith("#")).map((line) => `${line.trim()}${eol}`);
  return fixer.replaceTextRange([end, secondStart], ` && ${file.escape}${eol}${comments.join("")}    `);
}

/** ` && \` and a line break: one string per escape and line ending, not one per fix (300,000 RUNs merge pairwise). */
const joiners = new Map<string, string>();

function joiner(escape: string, eol: string): string {
  const key = escape + eol;
  let text = joiners.get(key);
  if (text === undefined) {
    text = ` && ${escape}${eol}    `;
    joiners.set(key, text);
  }
  return text;
}
