import type { Instruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { lineEndAfter } from "./instructions.js";

interface SingleInstructionOptions {
  id: string;
  aliases: string[];
  /** hadolint's severity for its code (DL4003 warning, DL4004 and DL3012 error). */
  hadolint: "error" | "warning";
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
      // BuildKit's MultipleInstructionsDisallowed is a warning, as every build check.
      severity: "warning",
      hadolint: options.hadolint,
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
          const nodes = byStage.get(stage);
          if (nodes) nodes.push(node);
          else byStage.set(stage, [node]);
        },
        "Dockerfile:exit": () => {
          for (const nodes of byStage.values()) {
            const last = nodes[nodes.length - 1];
            if (!last) continue;
            for (const [i, node] of nodes.slice(0, -1).entries()) {
              const data = { keyword: options.keyword, line: last.range.start.line };
              context.report({
                node: node.keyword,
                messageId: "overridden",
                data,
                // BuildKit reports the overridden instruction while checking the one after it
                // (validateUsedOnce in dockerfile2llb): that one's `# check=skip=…` comment skips it.
                checkedAt: nodes[i + 1] ?? null,
                suggest: [{ messageId: "remove", data, fix: (fixer) => fixer.removeRange([node.range.start.offset, lineEndAfter(context.file, node)]) }],
              });
            }
          }
        },
      };
    },
  });
}
