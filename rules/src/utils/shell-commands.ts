import type { Instruction } from "@dfbuild/parser";
import { type RuleContext, type ShellCommand, type ShellScript, commandsOf } from "@dfbuild/linter";

/**
 * Whether an instruction's command mentions `pattern` anywhere: the shell-form line, heredoc
 * bodies, or the strings of an exec-form array. A cheap `meta.shell` filter.
 */
export function commandMentions(instruction: Instruction, pattern: RegExp): boolean {
  const command = "command" in instruction ? instruction.command : null;
  if (!command) return false;
  if (command.type === "ExecForm") return command.elements.some((element) => pattern.test(element.value));
  return pattern.test(command.value) || instruction.heredocs.some((heredoc) => pattern.test(heredoc.content));
}

/**
 * The commands of a script that run one of `programs`. hadolint matches the command name exactly
 * and does not look through wrappers; dfbuild matches the program (`/usr/bin/wget` is wget) and
 * sees the command a wrapper runs (`sudo wget …`, `xargs wget …`).
 */
export function invocations(context: RuleContext, script: ShellScript, programs: readonly string[]): ShellCommand[] {
  if (context.settings.preset === "hadolint") return script.commands.filter((command) => command.name !== null && programs.includes(command.name));
  return commandsOf(script.commands, programs);
}
