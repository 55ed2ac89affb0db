import type { CopyInstruction, RunInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { flagOf, referencedStage, stageSources } from "./utils/stage-reference.js";

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
    const hadolint = context.settings.preset === "hadolint";

    const check = (node: CopyInstruction | RunInstruction) => {
      const stage = file.stageOf(node);
      if (!stage) return;
      if (hadolint) {
        // hadolint compares `COPY --from` with the stage's alias as written.
        const from = node.type === "Copy" ? flagOf(node, "from") : null;
        const alias = stage.from.stageName?.value;
        if (from?.value && alias !== undefined && from.value === alias) {
          context.report({ range: from.valueRange ?? from.range, messageId: "self", data: { what: `COPY --from=${from.value}`, stage: alias } });
        }
        return;
      }
      for (const source of stageSources(node)) {
        if (referencedStage(file, source.value) !== stage) continue;
        const what = source.kind === "copy" ? `COPY --from=${source.value}` : `RUN --mount from=${source.value}`;
        const name = stage.name === null ? `stage ${stage.index}` : `stage "${stage.name}"`;
        context.report({ range: source.range, messageId: "self", data: { what, stage: name } });
      }
    };
    return { Copy: check, Run: check };
  },
});
