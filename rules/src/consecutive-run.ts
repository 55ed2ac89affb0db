import type { Instruction, RunInstruction } from "@dfbuild/parser";
import { defineRule, type LintFile, type RuleContext, type ShellScript } from "@dfbuild/linter";
import { nextInstruction, previousInstruction, sameRunFlags } from "./utils/instructions.js";
import { mergeRunsFix } from "./utils/merge-runs.js";
import { type PlainCommand, plainCommand } from "./utils/plain-command.js";

/** Two RUNs this rule could merge: same flags, no heredoc scripts. */
function mergeable(a: Instruction | null, b: Instruction | null): boolean {
  return a?.type === "Run" && b?.type === "Run" && a.heredocs.length === 0 && b.heredocs.length === 0 && sameRunFlags(a, b);
}

/** Only RUNs next to a RUN they could merge with need their commands counted. */
function hasMergeableNeighbour(file: LintFile, instruction: Instruction): boolean {
  return mergeable(previousInstruction(file, instruction), instruction) || mergeable(instruction, nextInstruction(file, instruction));
}

/**
 * What the rule reads of a RUN: a plain command read off its text, else its shell parse; null for
 * exec form. Plain lines are never parsed for this rule (its `meta.shell` filter leaves them out):
 * that parse was most of the work in a file of many short RUNs (`RUN echo 1`).
 */
function commandsOfRun(context: RuleContext, run: RunInstruction): ShellScript | PlainCommand | null {
  if (run.command?.type === "ExecForm") return null;
  return plainCommand(run) ?? context.shell(run);
}

/** An exec-form RUN is one command; a shell form, when its script parses as one. */
function singleCommand(run: RunInstruction, script: ShellScript | PlainCommand | null): boolean {
  if (run.command?.type === "ExecForm") return true;
  return script !== null && ("plain" in script || (!script.hasErrors && script.commandCount === 1));
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
    shell: (instruction, file) => plainCommand(instruction) === null && hasMergeableNeighbour(file, instruction),
  },
  create(context) {
    return {
      Run: (node) => {
        const previous = previousInstruction(context.file, node);
        // Heredoc scripts are deliberate blocks (hadolint#805); chained RUNs are deliberate splits.
        if (previous?.type !== "Run" || !mergeable(previous, node)) return;
        const first = commandsOfRun(context, previous);
        if (!singleCommand(previous, first)) return;
        const second = commandsOfRun(context, node);
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
