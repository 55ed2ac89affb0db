/**
 * apt calls as apt-get-yes, apt-no-install-recommends and apt-update-with-install read them: on
 * top of the package-manager model (wrappers such as `sudo`, `xx-apt-get`, exec-form RUNs and
 * `sh -c` scripts included).
 */
import type { Instruction } from "@dfbuild/parser";
import { type LintFile, type RuleContext, type StageInfo, hasOption } from "@dfbuild/linter";
import { scriptMentions } from "./instructions.js";
import { APT_FAMILY, type ToolCall, toolCalls } from "./package-managers.js";
import { perFile } from "./per-file.js";
import { runCommands } from "./run-commands.js";

/** Every apt-get/apt/aptitude call of a RUN (`xx-apt-get` and `sudo apt-get` too), in order. */
export function aptCallsIn(context: RuleContext, instruction: Instruction): ToolCall[] {
  return toolCalls(runCommands(context, instruction), APT_FAMILY);
}

/** apt-get(8)'s simulation switches: nothing is installed, nothing is asked. */
export function simulates(call: ToolCall): boolean {
  return hasOption(call.options, "s", "simulate", "just-print", "dry-run", "recon", "no-act");
}

/** An `-o NAME=VALUE` / `--option NAME=VALUE` apt configuration option, by name (case-insensitive). */
export function aptOption(call: ToolCall, name: string): string | null {
  const lowered = name.toLowerCase();
  for (const option of call.options.options) {
    if (option.name !== "o" && option.name !== "option") continue;
    const [key = "", value = ""] = (option.value ?? "").split("=", 2);
    if (key.toLowerCase() === lowered) return value;
  }
  return null;
}

/** apt's boolean configuration values (apt.conf(5): `true`, `yes`, `with`, `on`, `enable`, 1). */
export function aptTrue(value: string | null): boolean | null {
  if (value === null) return null;
  const lowered = value.toLowerCase().replace(/^"|"$/g, "");
  if (["1", "true", "yes", "with", "on", "enable"].includes(lowered)) return true;
  if (["0", "false", "no", "without", "off", "disable"].includes(lowered)) return false;
  return null;
}

/** The program as written in messages: `apt-get`, `apt`, `xx-apt-get`. */
export function toolName(call: ToolCall): string {
  return call.command.program ?? "apt-get";
}

/**
 * Where each stage first writes `APT::Install-Recommends "false"` into apt's configuration (a
 * RUN that mentions it, e.g. `echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/…`):
 * from there on every install of the stage, and of stages built on it, leaves recommends out.
 */
const recommendsOffFrom = perFile((file: LintFile): Map<StageInfo, number> => {
  const offsets = new Map<StageInfo, number>();
  // Without "::" in the file no RUN can set it, and the case-insensitive pattern is never compiled.
  if (!file.text.includes("::")) return offsets;
  const pattern = /APT::Install-Recommends\W+(?:"|')?(?:false|0|no|off)\b/i;
  for (const stage of file.stages) {
    const run = stage.instructions.find((instruction) => instruction.type === "Run" && scriptMentions(instruction, pattern));
    if (run) offsets.set(stage, run.range.start.offset);
  }
  return offsets;
});

/** Whether apt's configuration already leaves recommended packages out where `instruction` runs. */
export function recommendsConfiguredOff(file: LintFile, instruction: Instruction): boolean {
  const offsets = recommendsOffFrom(file);
  let stage: StageInfo | null = file.stageOf(instruction);
  let limit = instruction.range.start.offset;
  while (stage) {
    const offset = offsets.get(stage);
    if (offset !== undefined && offset < limit) return true;
    limit = Infinity;
    stage = stage.baseStage;
  }
  return false;
}
