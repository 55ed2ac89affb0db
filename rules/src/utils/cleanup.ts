import type { Instruction } from "@dfbuild/parser";
import { type Fix, type RuleContext, type RuleFixer, type ShellCommand, commandOf, parseOptions } from "@dfbuild/linter";
import { covers } from "./cache-mounts.js";
import { commandEnd } from "./instructions.js";

/**
 * The directory a removal operand empties: `/var/lib/apt/lists`, `/var/lib/apt/lists/` and
 * `/var/lib/apt/lists/*` are that directory; a glob in the last segment (`lists/*_*`,
 * `/var/cache/libdnf5*`) stands for the directory holding the matches.
 */
function removedDirectory(operand: string): string | null {
  if (!operand.startsWith("/")) return null;
  const path = operand.replace(/\/+/g, "/").replace(/\/$/, "");
  const slash = path.lastIndexOf("/");
  const directory = path.slice(slash + 1).includes("*") ? path.slice(0, slash) : path;
  return directory === "" ? "/" : directory;
}

const RM = ["rm"];
const FIND = ["find"];

/**
 * Whether a command deletes what is under one of the directories: `rm` of the directory, of a
 * directory above it, or of matches of a glob in it (`dir/*`, `dir/*_*`), or `find DIR … -delete`.
 * Only literal paths count.
 */
export function removesDirectory(command: ShellCommand, directories: readonly string[]): boolean {
  const rm = commandOf(command, RM);
  if (rm) {
    return parseOptions(rm).operands.some((word) => {
      const removed = word.value === null ? null : removedDirectory(word.value);
      return removed !== null && directories.some((directory) => covers(removed, directory));
    });
  }
  const find = commandOf(command, FIND);
  if (find?.args.some((arg) => arg.value === "-delete")) {
    const start = find.args[0]?.value;
    const removed = start ? removedDirectory(start) : null;
    return removed !== null && directories.some((directory) => covers(removed, directory));
  }
  return false;
}

/** Whether any command after position `after` in the list matches. */
export function runsAfter(commands: readonly ShellCommand[], after: number, test: (command: ShellCommand) => boolean): boolean {
  for (let i = after + 1; i < commands.length; i++) {
    const command = commands[i];
    if (command && test(command)) return true;
  }
  return false;
}

/**
 * A suggestion that appends ` && <command>` to a RUN's script, offered only where that cannot
 * change what the script does before it: a shell-form RUN without heredocs whose script is one
 * `&&` chain or pipeline (so a failure still stops the build, and nothing runs in the background).
 */
export function appendToScript(context: RuleContext, instruction: Instruction, command: string): ((fixer: RuleFixer) => Fix) | null {
  if (instruction.type !== "Run" || instruction.command?.type !== "ShellForm" || instruction.heredocs.length > 0) return null;
  const script = context.shell(instruction);
  if (!script || script.hasErrors || !script.andChain) return null;
  const end = commandEnd(context.file, instruction);
  return (fixer) => fixer.insertTextAt(end, ` && ${command}`);
}
