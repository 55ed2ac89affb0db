import type { CopyInstruction, Instruction, RunInstruction, StageReference } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { describeSource, flagOf, stageSourcesByInstruction } from "./utils/stage-reference.js";

export default defineRule({
  meta: {
    id: "copy-from-self",
    aliases: ["DL3023"],
    severity: "error",
    hadolint: "error",
    type: "problem",
    docs: { description: "Do not copy or mount from the stage you are in: a stage cannot read its own result" },
    messages: {
      self: "{{what}} names this very stage ({{stage}}); a stage cannot read its own result, and BuildKit stops with a circular dependency. Name an earlier stage.",
    },
  },
  create(context) {
    const { file } = context;
    if (context.settings.preset === "hadolint") {
      return {
        Copy: (node: CopyInstruction) => {
          // hadolint compares `COPY --from` with the stage's alias as written.
          const from = flagOf(node, "from");
          const alias = file.stageOf(node)?.from.stageName?.value;
          if (from?.value && alias !== undefined && from.value === alias) {
            context.report({ range: from.valueRange ?? from.range, messageId: "self", data: { what: `COPY --from=${from.value}`, stage: alias } });
          }
        },
      };
    }
    let sources: ReadonlyMap<Instruction, StageReference[]> | null = null;
    const check = (node: CopyInstruction | RunInstruction) => {
      sources ??= stageSourcesByInstruction(file);
      for (const reference of sources.get(node) ?? []) {
        // The semantic model resolves names and indexes as BuildKit does; the own stage is a circular dependency.
        if (reference.error?.code !== "circular-dependency" || reference.target !== reference.stage) continue;
        const stage = reference.stage;
        const name = stage.name === null ? `stage ${stage.index}` : `stage "${stage.name}"`;
        context.report({ range: reference.range, messageId: "self", data: { what: describeSource(reference), stage: name } });
      }
    };
    return { Copy: check, Run: check };
  },
});
