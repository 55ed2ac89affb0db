import type { RunInstruction, ShellForm } from "@dfbuild/parser";
import type { Fix, LintFile, RuleFixer, ShellScript } from "@dfbuild/linter";
import { commandEnd } from "./instructions.js";
import type { PlainCommand } from "./plain-command.js";
import { runsPowerShell } from "./stage-shell.js";

/** The offset in `form.value` of a source offset just after a character of the command. */
function scriptOffsetAfter(form: ShellForm, sourceEnd: number): number | null {
  const last = sourceEnd - 1;
  const segment = form.segments.find((s) => last >= s.sourceOffset && last < s.sourceOffset + s.length);
  return segment ? segment.offset + (last - segment.sourceOffset) + 1 : null;
}

/**
 * Whether ` && next` can be appended to a script: nothing after its last command would swallow
 * the next one (a `# comment`) or make the `&&` a syntax error (a trailing `;` or `&`).
 */
function acceptsAnd(form: ShellForm, script: ShellScript | null): boolean {
  if (!script || script.hasErrors || script.commands.length === 0) return false;
  let lastEnd = -Infinity;
  for (const command of script.commands) lastEnd = Math.max(lastEnd, command.range.end.offset);
  const offset = scriptOffsetAfter(form, lastEnd);
  if (offset === null) return false;
  const tail = form.value.slice(offset).trim();
  return !tail.includes("#") && !/[;&]$/.test(tail);
}

/**
 * Builtins whose effect outlives their command (merged, they would change how the next RUN runs),
 * and those that end the shell (`RUN exit 0` + `RUN b` as one RUN would never run b).
 */
const SHELL_STATE = new Set([
  "cd", "pushd", "popd", "export", "unset", "set", "source", ".", "alias", "umask", "shopt", "trap", "ulimit", "readonly", "declare", "typeset", "local",
  "exec", "exit", "return", "logout",
]);

/**
 * Merges `second` into `first`: `RUN a` + `RUN b` becomes `RUN a && \` / `    b`. Comment lines
 * between them stay, as comments inside the continuation (BuildKit skips those). Returns null
 * where a merge could change meaning: exec form, heredocs, a PowerShell SHELL, a first script (its
 * shell parse, `firstScript`, or its `plainCommand`) ending in a comment, `;` or `&`, changing the shell's state (`cd`,
 * `export`, `A=1`, a function) or ending the shell (`exit`, `exec`), or a second script that is
 * not one `&&` chain (in `a && b; c`, `c` would run after `a` failed).
 */
export function mergeRunsFix(
  fixer: RuleFixer,
  file: LintFile,
  first: RunInstruction,
  second: RunInstruction,
  firstScript: ShellScript | PlainCommand | null,
  secondScript: ShellScript | PlainCommand | null,
): Fix | null {
  if (first.command?.type !== "ShellForm" || second.command?.type !== "ShellForm") return null;
  if (first.heredocs.length > 0 || second.heredocs.length > 0) return null;
  // Windows PowerShell has no `&&` (PowerShell 7 does, with its own rules): never merge there.
  if (runsPowerShell(file, first) || runsPowerShell(file, second)) return null;
  // A plain command takes ` && next` after it and leaves no state behind but its builtin's.
  if (firstScript !== null && "plain" in firstScript) {
    if (SHELL_STATE.has(firstScript.program)) return null;
  } else {
    if (!acceptsAnd(first.command, firstScript)) return null;
    if (firstScript?.setsShellState !== false) return null;
    if (firstScript.commands.some((command) => command.program !== null && SHELL_STATE.has(command.program))) return null;
  }
  if (!secondScript || ("commands" in secondScript && (secondScript.hasErrors || !secondScript.andChain))) return null;
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
