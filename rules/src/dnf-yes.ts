import { defineRule } from "@dfbuild/linter";
import { cmdHasArgs, hadolintCommands, hasFlag } from "./utils/hadolint-shell.js";
import { DNF, toolCallsIn } from "./utils/package-managers.js";
import { answersPrompt, asksConfirmation, rpmSubcommand } from "./utils/rpm.js";
import { insertArgumentAfter } from "./utils/word-edits.js";

export default defineRule({
  meta: {
    id: "dnf-yes",
    scope: "instruction",
    aliases: ["DL3038"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    fixable: true,
    fixChanges: ["run-commands"],
    onbuild: true,
    docs: { description: "Pass -y to dnf and microdnf: a build cannot answer its confirmation prompt" },
    messages: { missingYes: "{{tool}} {{subcommand}} without -y asks \"Is this ok [y/N]\", which a build cannot answer, and aborts; add -y." },
    shell: true,
    // dnf, dnf5 and microdnf.
    mentions: ["dnf"],
  },
  create(context) {
    const { file } = context;
    return {
      Run: (node) => {
        if (context.settings.preset === "hadolint") {
          // hadolint: `dnf`/`microdnf` with an install/groupinstall/localinstall argument and no y/assumeyes flag.
          const dnf = hadolintCommands(context, node).find((command) => cmdHasArgs(command, ["dnf", "microdnf"], ["install", "groupinstall", "localinstall"]) && !hasFlag(command, "y", "assumeyes"));
          if (dnf) {
            const fix = insertArgumentAfter(file, node, dnf.command.nameWord, "-y");
            context.report({ node: dnf.command, messageId: "missingYes", data: { tool: dnf.name, subcommand: "install" }, fix });
          }
          return;
        }
        for (const call of toolCallsIn(context, node, DNF)) {
          if (!asksConfirmation(call) || answersPrompt(call)) continue;
          const { verb, nested } = rpmSubcommand(call);
          context.report({
            node: call.command,
            messageId: "missingYes",
            data: { tool: call.command.program ?? "dnf", subcommand: nested ? `${verb} ${nested}` : (verb ?? "") },
            fix: insertArgumentAfter(file, node, call.command.nameWord, "-y"),
          });
        }
      },
    };
  },
});
