import type { RunInstruction } from "@dfbuild/parser";
import { type RuleContext, defineRule } from "@dfbuild/linter";
import { aptCallsIn, toolName } from "./utils/apt.js";
import { nextInstruction, sameRunFlags } from "./utils/instructions.js";
import { mergeRunsFix } from "./utils/merge-runs.js";
import { INSTALL_PACKAGES, toolCalls } from "./utils/package-managers.js";
import { runCommands } from "./utils/run-commands.js";
import { runShape } from "./utils/run-shape.js";

/** Subcommands that read the package lists `update` fetched (apt-get(8), apt(8), aptitude(8)). */
const USES_LISTS = new Set([
  "install",
  "reinstall",
  "upgrade",
  "dist-upgrade",
  "full-upgrade",
  "safe-upgrade",
  "build-dep",
  "source",
  "download",
  "satisfy",
  "changelog",
]);

/** Whether a RUN reads package lists: an apt install/upgrade…, or bitnami's `install_packages`. */
function usesLists(context: RuleContext, run: RunInstruction): boolean {
  if (aptCallsIn(context, run).some((call) => USES_LISTS.has(call.subcommand?.value ?? ""))) return true;
  return toolCalls(runCommands(context, run), INSTALL_PACKAGES).length > 0;
}

export default defineRule({
  meta: {
    id: "apt-update-with-install",
    severity: "warning",
    type: "problem",
    scope: "stage",
    fixable: true,
    fixChanges: ["run-commands"],
    onbuild: true,
    docs: { description: "Run apt-get update in the same RUN as the apt-get install that needs it" },
    messages: {
      alone:
        "{{tool}} update runs in a RUN that installs nothing: its layer is cached, so a later install uses stale package lists and fails once mirrors move on. Run it in the same RUN as {{tool}} install (or upgrade).",
    },
    shell: true,
    mentions: ["apt"],
  },
  create(context) {
    return {
      Run: (node, { onbuild }) => {
        const update = aptCallsIn(context, node).find((call) => call.subcommand?.value === "update");
        if (!update || usesLists(context, node)) return;
        const next = onbuild ? null : nextInstruction(context.file, node);
        const mergeable = next?.type === "Run" && sameRunFlags(node, next) && usesLists(context, next);
        context.report({
          node: update.command,
          messageId: "alone",
          data: { tool: toolName(update) },
          fix: mergeable ? (fixer) => mergeRunsFix(fixer, context.file, node, next, runShape(context, node), runShape(context, next)) : null,
        });
      },
    };
  },
});
