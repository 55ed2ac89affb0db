import { defineRule } from "@dfbuild/linter";
import { cmdHasArgs, hadolintCommands, hasFlag } from "./utils/hadolint-shell.js";
import { YUM, toolCallsIn } from "./utils/package-managers.js";
import { answersPrompt, asksConfirmation, rpmSubcommand } from "./utils/rpm.js";
import { insertArgumentAfter } from "./utils/word-edits.js";

export default defineRule({
  meta: {
    id: "yum-yes",
    scope: "instruction",
    aliases: ["DL3030"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    fixable: true,
    fixChanges: ["run-commands"],
    onbuild: true,
    docs: { description: "Pass -y to yum: a build cannot answer its confirmation prompt" },
    messages: { missingYes: "yum {{subcommand}} without -y asks \"Is this ok [y/N]\", which a build cannot answer, and aborts; add -y." },
    shell: true,
    mentions: ["yum"],
  },
  create(context) {
    const { file } = context;
    return {
      Run: (node) => {
        if (context.settings.preset === "hadolint") {
          // hadolint: `yum` with an install/groupinstall/localinstall argument and no y/assumeyes flag.
          const yum = hadolintCommands(context, node).find((command) => cmdHasArgs(command, "yum", ["install", "groupinstall", "localinstall"]) && !hasFlag(command, "y", "assumeyes"));
          if (yum) {
            const fix = insertArgumentAfter(file, node, yum.command.nameWord, "-y");
            context.report({ node: yum.command, messageId: "missingYes", data: { subcommand: "install" }, fix });
          }
          return;
        }
        for (const call of toolCallsIn(context, node, YUM)) {
          if (!asksConfirmation(call) || answersPrompt(call)) continue;
          const { verb, nested } = rpmSubcommand(call);
          context.report({
            node: call.command,
            messageId: "missingYes",
            data: { subcommand: nested ? `${verb} ${nested}` : (verb ?? "") },
            fix: insertArgumentAfter(file, node, call.command.nameWord, "-y"),
          });
        }
      },
    };
  },
});
