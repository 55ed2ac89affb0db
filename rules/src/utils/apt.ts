import type { Instruction, RunInstruction } from "@dfbuild/parser";
import { type ParsedOptions, type RuleContext, type ShellCommand, type ShellScript, type ShellWord, commandsOf, parseOptions } from "@dfbuild/linter";
import { scriptMentions } from "./instructions.js";

/** apt-get options that take the next word as their value. */
const APT_VALUED = new Set(["o", "c", "t", "option", "config-file", "target-release", "default-release"]);

export interface AptCall {
  command: ShellCommand;
  options: ParsedOptions;
  /** `install`, `update`…, or null when there is none. */
  subcommand: ShellWord | null;
}

/** Every `apt-get` (or, with `alsoApt`, `apt`) call of a script, with its options split out. */
export function aptCalls(script: ShellScript, alsoApt = false): AptCall[] {
  const programs = alsoApt ? ["apt-get", "apt"] : ["apt-get"];
  return commandsOf(script.commands, ...programs).map((command) => {
    const options = parseOptions(command, APT_VALUED);
    return { command, options, subcommand: options.operands[0] ?? null };
  });
}

export function isAptInstall(call: AptCall): boolean {
  return call.subcommand?.value === "install";
}

/** Subcommands that read the package lists `apt-get update` fetched. */
const USES_PACKAGE_LISTS = new Set(["install", "upgrade", "dist-upgrade", "full-upgrade", "reinstall", "build-dep", "source", "download"]);

export function usesPackageLists(call: AptCall): boolean {
  return USES_PACKAGE_LISTS.has(call.subcommand?.value ?? "");
}

/** The `meta.shell` filter of rules about apt-get: only RUNs that mention it are parsed. */
export function mentionsAptGet(instruction: Instruction): boolean {
  return scriptMentions(instruction, /\bapt-get\b/);
}

/** Every `apt-get install` in a RUN's script (none when the RUN was not parsed). */
export function aptInstallsOf(context: RuleContext, run: RunInstruction): AptCall[] {
  const script = context.shell(run);
  return script ? aptCalls(script).filter(isAptInstall) : [];
}
