import type { RunInstruction } from "@dfbuild/parser";
import type { Fix, LintFile, RuleFixer } from "@dfbuild/linter";
import { commandEnd } from "./instructions.js";

/**
 * Merges `second` into `first`: `RUN a` + `RUN b` becomes `RUN a && \` / `    b`. Comment lines
 * between them stay, as comments inside the continuation (BuildKit skips those). Returns null
 * where a merge could change meaning: exec form or heredocs.
 */
export function mergeRunsFix(fixer: RuleFixer, file: LintFile, first: RunInstruction, second: RunInstruction): Fix | null {
  if (first.command?.type !== "ShellForm" || second.command?.type !== "ShellForm") return null;
  if (first.heredocs.length > 0 || second.heredocs.length > 0) return null;
  const end = commandEnd(file, first);
  const secondStart = second.command.range.start.offset;
  // Keep the file's line endings (a CRLF file stays CRLF).
  const eol = file.text.includes("\r\n") ? "\r\n" : "\n";
  const between = file.text.slice(end, secondStart).split("\n").slice(1, -1);
  const comments = between.filter((line) => line.trimStart().startsWith("#")).map((line) => `${line.trim()}${eol}`);
  return fixer.replaceTextRange([end, secondStart], ` && ${file.escape}${eol}${comments.join("")}    `);
}
