import type { Instruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { lineEndAfter } from "./instructions.js";

interface SingleInstructionOptions {
  id: string;
  aliases: string[];
  severity: "error" | "warning";
  keyword: "CMD" | "ENTRYPOINT" | "HEALTHCHECK";
  type: "Cmd" | "Entrypoint" | "Healthcheck";
}

/**
 * Only the last CMD/ENTRYPOINT/HEALTHCHECK of a stage takes effect. The finding goes on the
 * overridden ones (the dead code), with a suggestion to remove them.
 */
export function singleInstructionRule(options: SingleInstructionOptions) {
  return defineRule({
    meta: {
      id: options.id,
      aliases: options.aliases,
      severity: options.severity,
      type: "problem",
      hasSuggestions: true,
      docs: { description: `Use at most one ${options.keyword} per stage: only the last one takes effect` },
      messages: {
        overridden: `This {{keyword}} has no effect: the {{keyword}} on line {{line}} overrides it in the same stage. Remove one of them.`,
        remove: "Remove this overridden {{keyword}}",
      },
    },
    create(context) {
      const byStage = new Map<number, Instruction[]>();
      return {
        [options.type]: (node: Instruction) => {
          const stage = context.file.stageOf(node)?.index ?? -1;
          byStage.set(stage, [...(byStage.get(stage) ?? []), node]);
        },
        "Dockerfile:exit": () => {
          for (const nodes of byStage.values()) {
            const last = nodes[nodes.length - 1];
            if (!last) continue;
            for (const node of nodes.slice(0, -1)) {
              const data = { keyword: options.keyword, line: last.range.start.line };
              context.report({
                node: node.keyword,
                messageId: "overridden",
                data,
                suggest: [{ messageId: "remove", data, fix: (fixer) => fixer.removeRange([node.range.start.offset, lineEndAfter(context.file, node)]) }],
              });
            }
          }
        },
      };
    },
  });
}
