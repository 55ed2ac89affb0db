import { defineRule, hasOption } from "@dfbuild/linter";
import { aptCallsIn, aptOption, aptTrue, simulates, toolName } from "./utils/apt.js";
import { cmdHasArgs, hadolintCommands, hasFlag } from "./utils/hadolint-shell.js";
import type { ToolCall } from "./utils/package-managers.js";
import { insertArgumentAfter } from "./utils/word-edits.js";

/** Subcommands that ask "Do you want to continue?" before changing packages (apt-get(8), apt(8), aptitude(8)). */
const ASKING = new Set(["install", "reinstall", "remove", "purge", "upgrade", "dist-upgrade", "full-upgrade", "safe-upgrade", "autoremove", "autopurge", "build-dep", "satisfy"]);

/** `-qq`, `-q -q`, `-q=2` or `--quiet --quiet`: quiet level 2 implies -y (apt-get(8)). */
function quietLevel(call: ToolCall): number {
  let level = 0;
  for (const option of call.options.options) {
    if (option.name !== "q" && option.name !== "quiet") continue;
    const value = option.value === null ? NaN : Number(option.value);
    level += Number.isNaN(value) ? 1 : value;
  }
  return level;
}

function answersYes(call: ToolCall): boolean {
  return (
    hasOption(call.options, "y", "yes", "assume-yes") ||
    quietLevel(call) >= 2 ||
    aptTrue(aptOption(call, "APT::Get::Assume-Yes")) === true ||
    // A simulation changes nothing, so it asks nothing.
    simulates(call)
  );
}

export default defineRule({
  meta: {
    id: "apt-get-yes",
    scope: "instruction",
    aliases: ["DL3014"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    fixable: true,
    fixChanges: ["run-commands"],
    onbuild: true,
    docs: { description: "Pass -y to apt-get install (and the other apt commands that ask): a build cannot answer their prompt" },
    messages: {
      missingYes: "{{tool}} {{subcommand}} without -y asks before changing packages, and a build cannot answer, so it aborts; add -y.",
    },
    shell: true,
    // Every tool it reads (apt-get, apt, aptitude, xx-apt-get, xx-apt) has "apt" in its name.
    mentions: ["apt"],
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    return {
      Run: (node) => {
        if (hadolint) {
          // hadolint's DL3014 (src/Hadolint/Rule/DL3014.hs): `apt-get … install` without y, yes,
          // assume-yes, qq, exactly two q or quiet flags, or -q=2; once per RUN.
          const command = hadolintCommands(context, node).find(
            (each) =>
              cmdHasArgs(each, "apt-get", ["install"]) &&
              !hasFlag(each, "y", "yes", "qq", "assume-yes") &&
              each.flags.filter((flag) => flag.name === "q").length !== 2 &&
              each.flags.filter((flag) => flag.name === "quiet").length !== 2 &&
              !each.args.includes("-q=2"),
          );
          if (command) context.report({ node: command.command, messageId: "missingYes", data: { tool: "apt-get", subcommand: "install" } });
          return;
        }
        for (const call of aptCallsIn(context, node)) {
          const subcommand = call.subcommand;
          if (!subcommand?.value || !ASKING.has(subcommand.value) || answersYes(call)) continue;
          context.report({
            node: call.command,
            messageId: "missingYes",
            data: { tool: toolName(call), subcommand: subcommand.value },
            // Where the command goes ahead without asking, -y changes nothing; where it asks, the
            // build aborts without it: adding -y cannot change what a successful build installs.
            fix: insertArgumentAfter(context.file, node, subcommand, "-y"),
          });
        }
      },
    };
  },
});
