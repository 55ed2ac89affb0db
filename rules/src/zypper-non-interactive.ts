import { defineRule, hasOption } from "@dfbuild/linter";
import { cmdHasArgs, hadolintCommands, hasFlag } from "./utils/hadolint-shell.js";
import { type ToolCall, ZYPPER, isOneOf, toolCallsIn } from "./utils/package-managers.js";
import { insertArgumentAfter } from "./utils/word-edits.js";

/** zypper(8) subcommands (and aliases) that show what they will change and ask to continue. */
const ASKS = ["install", "in", "remove", "rm", "source-install", "si", "patch", "update", "up", "dist-upgrade", "dup", "install-new-recommends", "inr", "verify", "ve"];

/**
 * The global `-n`/`--non-interactive` (before the subcommand: after `install`, `-n` is
 * `--name`), or the subcommand's `-y`/`--no-confirm`.
 */
function answersPrompt(call: ToolCall): boolean {
  const subcommandAt = call.subcommand?.range.start.offset ?? Infinity;
  if (call.options.options.some((option) => option.name === "n" && option.word.range.start.offset < subcommandAt)) return true;
  return hasOption(call.options, "non-interactive", "y", "no-confirm");
}

export default defineRule({
  meta: {
    id: "zypper-non-interactive",
    scope: "instruction",
    aliases: ["DL3034"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    fixable: true,
    fixChanges: ["run-commands"],
    onbuild: true,
    docs: { description: "Run zypper non-interactively (-n): a build cannot answer its prompts" },
    messages: { interactive: "zypper {{subcommand}} without --non-interactive asks whether to continue, which a build cannot answer, and aborts; add -n (`zypper -n {{subcommand}}`)." },
    shell: true,
    mentions: ["zypper"],
  },
  create(context) {
    const { file } = context;
    return {
      Run: (node) => {
        if (context.settings.preset === "hadolint") {
          // hadolint: install/in/remove/rm/source-install/si/patch without any n, y,
          // non-interactive or no-confirm flag; once per RUN.
          const zypper = hadolintCommands(context, node).find(
            (command) => cmdHasArgs(command, "zypper", ["install", "in", "remove", "rm", "source-install", "si", "patch"]) && !hasFlag(command, "non-interactive", "n", "no-confirm", "y"),
          );
          if (zypper) context.report({ node: zypper.command, messageId: "interactive", data: { subcommand: "install" }, fix: insertArgumentAfter(file, node, zypper.command.nameWord, "-n") });
          return;
        }
        for (const call of toolCallsIn(context, node, ZYPPER)) {
          if (!isOneOf(call.subcommand, ASKS) || answersPrompt(call)) continue;
          context.report({ node: call.command, messageId: "interactive", data: { subcommand: call.subcommand?.value ?? "" }, fix: insertArgumentAfter(file, node, call.command.nameWord, "-n") });
        }
      },
    };
  },
});
