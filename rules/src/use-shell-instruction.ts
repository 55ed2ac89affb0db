import type { RunInstruction } from "@dfbuild/parser";
import { defineRule, parseOptions } from "@dfbuild/linter";
import { commandMentions, invocations } from "./utils/shell-commands.js";

/** Paths of the shell every RUN starts (`/usr/bin/sh` is the same file on merged-/usr systems). */
const DEFAULT_SHELL = new Set(["/bin/sh", "/usr/bin/sh"]);

const LN = ["ln"];

export default defineRule({
  meta: {
    id: "use-shell-instruction",
    scope: "instruction",
    aliases: ["DL4005"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    onbuild: true,
    docs: { description: "Use SHELL to change the shell RUN uses, not a symlink over /bin/sh" },
    messages: {
      symlink:
        'Replacing /bin/sh with a link changes the shell of every later RUN, and of every #!/bin/sh script in the running container. To run RUN with another shell, use SHELL ["/bin/bash", "-c"].',
    },
    shell: (instruction) => commandMentions(instruction, /\bln\b/),
    // Every finding needs an operand /bin/sh or /usr/bin/sh: far fewer RUNs name it than `ln`
    // (big5mb: 88 against 802), and only those are visited, and parsed where they also run ln.
    mentions: ["bin/sh"],
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    return {
      Run: (node: RunInstruction) => {
        const script = context.shell(node);
        if (!script) return;
        for (const command of invocations(context, script, LN)) {
          // hadolint: any argument is /bin/sh. dfbuild: /bin/sh is the link being made (the
          // last operand), not its target (`ln -s /bin/sh /usr/local/bin/sh` is harmless).
          const operands = parseOptions(command, new Set(["S", "suffix", "t", "target-directory"])).operands;
          const replaces = hadolint
            ? command.args.some((arg) => arg.value === "/bin/sh")
            : operands.length >= 2 && DEFAULT_SHELL.has(operands[operands.length - 1]?.value ?? "");
          if (replaces) context.report({ node: command, messageId: "symlink" });
        }
      },
    };
  },
});
