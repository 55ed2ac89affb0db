import type { Instruction } from "@dfbuild/parser";

/**
 * A shell-form line that is one simple command of plain words: letters, digits and `_./:,+@%^-`
 * (and `=` after the first word), separated by blanks. Nothing in it is quoted, expanded,
 * redirected, commented or a control operator, so its shell parse is known without running the
 * parser: one command, no syntax error, one `&&` chain, no assignment or function left behind.
 * Files of many short RUNs (`RUN echo 1`) are mostly such lines.
 */
export interface PlainCommand {
  readonly plain: true;
  /** The command name's last path segment, as `ShellCommand.program`. */
  readonly program: string;
}

const PLAIN_LINE = /^[ \t]*([\w./:,+@%^-]+)(?:[ \t]+[\w./:,+@%^=-]+)*[ \t]*$/;

/**
 * bash's reserved words (`help`'s "Shell Grammar", bash(1) RESERVED WORDS) made of plain
 * characters: as the first word they start a compound command or are a syntax error, not a
 * command (`RUN time cd /x` runs cd; `RUN for` does not parse).
 */
const RESERVED_WORDS = new Set(["case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select", "then", "time", "until", "while"]);

/** The RUN's command line as a plain command, when it is one (no heredocs); null otherwise, or for exec form. */
export function plainCommand(instruction: Instruction): PlainCommand | null {
  if (instruction.type !== "Run" || instruction.command?.type !== "ShellForm" || instruction.heredocs.length > 0) return null;
  const name = PLAIN_LINE.exec(instruction.command.value)?.[1];
  if (name === undefined || RESERVED_WORDS.has(name)) return null;
  return { plain: true, program: name.slice(name.lastIndexOf("/") + 1) };
}
