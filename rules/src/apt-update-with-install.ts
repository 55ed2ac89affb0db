import type { RunInstruction } from "@dfbuild/parser";
import { defineRule, type RuleContext } from "@dfbuild/linter";
import { aptCalls, isAptInstall, usesPackageLists } from "./utils/apt.js";
import { nextInstruction, sameRunFlags, scriptMentions } from "./utils/instructions.js";
import { mergeRunsFix } from "./utils/merge-runs.js";

function installs(context: RuleContext, run: RunInstruction): boolean {
  const script = context.shell(run);
  return script !== null && aptCalls(script, true).some(isAptInstall);
}

export default defineRule({
  meta: {
    id: "apt-update-with-install",
    severity: "warning",
    type: "problem",
    fixable: true,
    onbuild: true,
    docs: { description: "Run apt-get update in the same RUN as the apt-get install that needs it" },
    messages: {
      alone:
        "apt-get update runs in a RUN that installs nothing: its layer is cached, so a later install uses stale package lists and fails once mirrors move on. Run it in the same RUN as apt-get install (or upgrade).",
    },
    shell: (instruction) => instruction.type === "Run" && scriptMentions(instruction, /\bapt(-get)?\b/),
  },
  create(context) {
    return {
      Run: (node, { onbuild }) => {
        const script = context.shell(node);
        if (!script) return;
        const calls = aptCalls(script, true);
        const update = calls.find((call) => call.subcommand?.value === "update");
        if (!update || calls.some(usesPackageLists)) return;
        const next = onbuild ? null : nextInstruction(context.file, node);
        const mergeable = next?.type === "Run" && sameRunFlags(node, next) && installs(context, next);
        context.report({
          node: update.command,
          messageId: "alone",
          fix: mergeable ? (fixer) => mergeRunsFix(fixer, context.file, node, next, script, context.shell(next)) : null,
        });
      },
    };
  },
});
