import type { Instruction, RunInstruction } from "@dfbuild/parser";
import { defineRule, type LintFile } from "@dfbuild/linter";
import { nextInstruction, previousInstruction, sameRunFlags } from "./utils/instructions.js";
import { mergeRunsFix } from "./utils/merge-runs.js";
import { type RunShape, isPlainLine, runShape } from "./utils/run-shape.js";

/** Two RUNs this rule could merge: same flags, no heredoc scripts. */
function mergeable(a: Instruction | null, b: Instruction | null): boolean {
  return a?.type === "Run" && b?.type === "Run" && a.heredocs.length === 0 && b.heredocs.length === 0 && sameRunFlags(a, b);
}

/** Only RUNs next to a RUN they could merge with need their commands counted. */
function hasMergeableNeighbour(file: LintFile, instruction: Instruction): boolean {
  return mergeable(previousInstruction(file, instruction), instruction) || mergeable(instruction, nextInstruction(file, instruction));
}

/** An exec-form RUN is one command; a shell form, when its script is one (its `runShape`). */
function singleCommand(run: RunInstruction, shape: RunShape | null): boolean {
  return run.command?.type === "ExecForm" || shape?.single === true;
}

export default defineRule({
  meta: {
    id: "consecutive-run",
    aliases: ["DL3059"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    scope: "stage",
    fixable: true,
    fixChanges: ["run-commands"],
    docs: { description: "Merge consecutive single-command RUNs: each RUN is a layer and a cache step" },
    messages: {
      consecutive: "This RUN directly follows another single-command RUN with the same flags (line {{line}}); merge them into one RUN with && to save a layer.",
    },
    // A plain line's shape is read off its text (`runShape`): only other RUNs next to one they
    // could merge with are parsed.
    shell: (instruction, file) => !isPlainLine(instruction) && hasMergeableNeighbour(file, instruction),
  },
  create(context) {
    return {
      Run: (node) => {
        const previous = previousInstruction(context.file, node);
        // Heredoc scripts are deliberate blocks (hadolint#805); chained RUNs are deliberate splits.
        if (previous?.type !== "Run" || !mergeable(previous, node)) return;
        const first = runShape(context, previous);
        if (!singleCommand(previous, first)) return;
        const second = runShape(context, node);
        if (!singleCommand(node, second)) return;
        context.report({
          node: node.keyword,
          messageId: "consecutive",
          data: { line: previous.range.start.line },
          fix: (fixer) => mergeRunsFix(fixer, context.file, previous, node, first, second),
        });
      },
    };
  },
});
