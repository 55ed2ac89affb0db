import type { Instruction, RunInstruction } from "@dfbuild/parser";
import { defineRule, type LintFile, type RuleContext } from "@dfbuild/linter";
import { nextInstruction, previousInstruction, sameRunFlags } from "./utils/instructions.js";
import { mergeRunsFix } from "./utils/merge-runs.js";

/** RUNs that follow or precede another RUN: only those need their commands counted. */
function hasRunNeighbour(file: LintFile, instruction: Instruction): boolean {
  return previousInstruction(file, instruction)?.type === "Run" || nextInstruction(file, instruction)?.type === "Run";
}

function singleCommand(context: RuleContext, run: RunInstruction): boolean {
  if (run.command?.type === "ExecForm") return true;
  const script = context.shell(run);
  return script !== null && !script.hasErrors && script.commandCount === 1;
}

export default defineRule({
  meta: {
    id: "consecutive-run",
    aliases: ["DL3059"],
    severity: "info",
    type: "suggestion",
    fixable: true,
    docs: { description: "Merge consecutive single-command RUNs: each RUN is a layer and a cache step" },
    messages: {
      consecutive: "This RUN directly follows another single-command RUN with the same flags (line {{line}}); merge them into one RUN with && to save a layer.",
    },
    shell: (instruction, file) => instruction.type === "Run" && instruction.heredocs.length === 0 && hasRunNeighbour(file, instruction),
  },
  create(context) {
    return {
      Run: (node) => {
        const previous = previousInstruction(context.file, node);
        // Heredoc scripts are deliberate blocks (hadolint#805); chained RUNs are deliberate splits.
        if (previous?.type !== "Run" || !sameRunFlags(previous, node) || node.heredocs.length > 0 || previous.heredocs.length > 0) return;
        if (!singleCommand(context, previous) || !singleCommand(context, node)) return;
        context.report({
          node: node.keyword,
          messageId: "consecutive",
          data: { line: previous.range.start.line },
          fix: (fixer) => mergeRunsFix(fixer, context.file, previous, node),
        });
      },
    };
  },
});
