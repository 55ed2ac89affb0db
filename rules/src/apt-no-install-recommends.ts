import type { Instruction } from "@dfbuild/parser";
import { defineRule, hasOption } from "@dfbuild/linter";
import { aptCallsIn, aptOption, aptTrue, recommendsConfiguredOff, simulates, toolName } from "./utils/apt.js";
import { cmdHasArgs, hadolintCommands, hasFlag } from "./utils/hadolint-shell.js";
import { insertArgumentAfter } from "./utils/word-edits.js";

/** apt-get and apt take --no-install-recommends; aptitude has its own switches (`-R`). */
const TOOLS = new Set(["apt-get", "apt", "xx-apt-get", "xx-apt"]);

/** A comment above the RUN, or inside it, that talks about recommended packages: the author chose. */
function commentsOnRecommends(instruction: Instruction): boolean {
  return [...instruction.leadingComments, ...instruction.innerComments.map((comment) => comment.value)].some((comment) => /recommend/i.test(comment));
}

const CONFIGURED_OFF = "configured off";

export default defineRule({
  meta: {
    id: "apt-no-install-recommends",
    aliases: ["DL3015"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "Pass --no-install-recommends to apt-get install to keep recommended packages out of the image" },
    messages: {
      recommends:
        "{{tool}} install also installs the packages they recommend, which you did not ask for; consider --no-install-recommends, then add back by name what the image needs (often ca-certificates).",
      addOption: "Add --no-install-recommends (check that nothing the image uses came in as a recommendation)",
    },
    shell: true,
    // Every tool it reads (apt-get, apt, aptitude, xx-apt-get, xx-apt) has "apt" in its name.
    mentions: ["apt"],
    // Whether apt's configuration already leaves recommends out there (an earlier RUN of the stage
    // or of a stage it is built on) is all it reads beyond the RUN.
    scope: "instruction",
    facts: (instruction, info, file) => (recommendsConfiguredOff(file, info.onbuild ?? instruction) ? CONFIGURED_OFF : ""),
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    return {
      Run: (node, { onbuild, facts }) => {
        if (hadolint) {
          // hadolint's DL3015 (src/Hadolint/Rule/DL3015.hs): `apt-get … install` without
          // --no-install-recommends or the argument APT::Install-Recommends=false; once per RUN.
          const command = hadolintCommands(context, node).find(
            (each) => cmdHasArgs(each, "apt-get", ["install"]) && !hasFlag(each, "no-install-recommends") && !each.args.includes("APT::Install-Recommends=false"),
          );
          if (command) context.report({ node: command.command, messageId: "recommends", data: { tool: "apt-get" } });
          return;
        }
        const at = onbuild ?? node;
        if (commentsOnRecommends(at) || facts === CONFIGURED_OFF) return;
        for (const call of aptCallsIn(context, node)) {
          const subcommand = call.subcommand;
          if (subcommand?.value !== "install" || !TOOLS.has(toolName(call)) || simulates(call)) continue;
          // Chosen either way on the command line: --install-recommends or -o APT::Install-Recommends=….
          if (hasOption(call.options, "no-install-recommends", "install-recommends") || aptTrue(aptOption(call, "APT::Install-Recommends")) !== null) continue;
          const fix = insertArgumentAfter(file, node, subcommand, "--no-install-recommends");
          context.report({
            node: call.command,
            messageId: "recommends",
            data: { tool: toolName(call) },
            // Never an automatic fix: dropping recommendations changes what the image contains
            // (curl, wget and git recommend ca-certificates; without it HTTPS fails later).
            suggest: fix ? [{ messageId: "addOption", fix }] : [],
          });
        }
      },
    };
  },
});
