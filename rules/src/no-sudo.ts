import type { RunInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { invocations } from "./utils/shell-commands.js";

export default defineRule({
  meta: {
    id: "no-sudo",
    scope: "instruction",
    aliases: ["DL3004"],
    severity: "warning",
    hadolint: "error",
    type: "suggestion",
    onbuild: true,
    docs: { description: "Do not use sudo in RUN: switch users with USER (or gosu/su-exec in an entrypoint)" },
    messages: {
      sudo: "{{program}} in a RUN: the build has no terminal for its prompts and its environment handling differs between images. Use USER root before this RUN (and USER back after it), or gosu/su-exec at run time.",
    },
    shell: true,
    mentions: ["sudo", "doas"],
  },
  create(context) {
    // hadolint knows sudo only; doas (Alpine's sudo) has the same problems.
    const programs = context.settings.preset === "hadolint" ? ["sudo"] : ["sudo", "doas"];
    return {
      Run: (node: RunInstruction) => {
        const script = context.shell(node);
        if (!script) return;
        for (const command of invocations(context, script, programs)) {
          context.report({ node: command.nameWord, messageId: "sudo", data: { program: command.program ?? "sudo" } });
        }
      },
    };
  },
});
