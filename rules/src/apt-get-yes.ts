import { defineRule, hasOption } from "@dfbuild/linter";
import { type AptCall, aptInstallsOf, mentionsAptGet } from "./utils/apt.js";

/** `-qq`, `-q -q`, `-q=2` or `--quiet --quiet` imply --yes (apt-get(8)). */
function quietLevel(call: AptCall): number {
  let level = 0;
  for (const option of call.options.options) {
    if (option.name !== "q" && option.name !== "quiet") continue;
    const value = option.value === null ? NaN : Number(option.value);
    level += Number.isNaN(value) ? 1 : value;
  }
  return level;
}

export default defineRule({
  meta: {
    id: "apt-get-yes",
    aliases: ["DL3014"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    fixable: true,
    onbuild: true,
    docs: { description: "Pass -y to apt-get install: a build cannot answer its prompt" },
    messages: { missingYes: "apt-get install without -y waits for an answer the build cannot give and aborts; add -y." },
    shell: mentionsAptGet,
  },
  create(context) {
    return {
      Run: (node) => {
        for (const call of aptInstallsOf(context, node)) {
          if (hasOption(call.options, "y", "yes", "assume-yes") || quietLevel(call) >= 2) continue;
          const subcommand = call.subcommand;
          context.report({ node: call.command, messageId: "missingYes", fix: subcommand ? (fixer) => fixer.insertTextAfter(subcommand, " -y") : null });
        }
      },
    };
  },
});
