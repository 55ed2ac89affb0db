import { defineRule, hasOption } from "@dfbuild/linter";
import { aptInstallsOf, mentionsAptGet } from "./utils/apt.js";

export default defineRule({
  meta: {
    id: "apt-no-install-recommends",
    aliases: ["DL3015"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    fixable: true,
    onbuild: true,
    docs: { description: "Pass --no-install-recommends to apt-get install to keep recommended packages out of the image" },
    messages: {
      recommends: "apt-get install also installs recommended packages you did not ask for; add --no-install-recommends to keep the image small.",
    },
    shell: mentionsAptGet,
  },
  create(context) {
    return {
      Run: (node) => {
        for (const call of aptInstallsOf(context, node)) {
          if (hasOption(call.options, "no-install-recommends")) continue;
          const viaOption = call.options.options.some((option) => (option.name === "o" || option.name === "option") && /^APT::Install-Recommends=(false|0|no)$/i.test(option.value ?? ""));
          if (viaOption) continue;
          const subcommand = call.subcommand;
          context.report({
            node: call.command,
            messageId: "recommends",
            fix: subcommand ? (fixer) => fixer.insertTextAfter(subcommand, " --no-install-recommends") : null,
          });
        }
      },
    };
  },
});
