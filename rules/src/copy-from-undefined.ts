import type { CopyInstruction, RunInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { closestName } from "./utils/edit-distance.js";
import { flagOf, referencedStage, stageSources } from "./utils/stage-reference.js";

export default defineRule({
  meta: {
    id: "copy-from-undefined",
    aliases: ["DL3022"],
    severity: "error",
    hadolint: "warning",
    type: "problem",
    hasSuggestions: true,
    docs: { description: "Make `COPY --from` and mount `from=` name a stage defined earlier (or an image)" },
    messages: {
      variable:
        "{{what}} uses a variable: BuildKit refuses it (variable expansion is not supported for --from) and the classic builder reads it as an image name. Define a stage with FROM ${…} and copy from that stage instead.",
      later: "{{what}} names the stage on line {{line}}, which comes after this one: a stage can only read stages defined before it. Move that stage up.",
      index: "{{what}}: there is no earlier stage {{value}} (stages are numbered from 0, and this is stage {{current}}).",
      typo: '{{what}} is no stage of this file, so it is pulled as the image "{{value}}". Did you mean the stage "{{stage}}"?',
      useStage: 'Copy from the stage "{{stage}}"',
      hadolint: "`COPY --from` should reference a previously defined `FROM` alias.",
    },
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";

    const checkHadolint = (node: CopyInstruction) => {
      const from = flagOf(node, "from");
      if (!from?.value) return;
      // hadolint: image references (anything with a colon), aliases seen so far (the current
      // stage's included) and indexes below the number of FROMs so far pass.
      const stage = file.stageOf(node);
      const seen = stage ? file.stages.slice(0, stage.index + 1) : [];
      if (from.value.includes(":")) return;
      if (seen.some((s) => s.from.stageName?.value === from.value)) return;
      if (/^\d+$/.test(from.value) && Number(from.value) < seen.length) return;
      context.report({ range: from.valueRange ?? from.range, messageId: "hadolint" });
    };

    const check = (node: CopyInstruction | RunInstruction) => {
      const current = file.stageOf(node);
      for (const source of stageSources(node)) {
        const what = source.kind === "copy" ? `COPY --from=${source.value}` : `RUN --mount from=${source.value}`;
        // `dockerfile2llb.toCommand` expands --from with no variables and fails on any change.
        if (source.value.includes("$")) {
          context.report({ range: source.range, messageId: "variable", data: { what } });
          continue;
        }
        const stage = referencedStage(file, source.value);
        const currentIndex = current?.index ?? -1;
        if (stage) {
          // The own stage is copy-from-self's finding.
          if (stage.index > currentIndex) context.report({ range: source.range, messageId: "later", data: { what, line: stage.from.range.start.line } });
          continue;
        }
        if (/^\d+$/.test(source.value)) {
          context.report({ range: source.range, messageId: "index", data: { what, value: source.value, current: Math.max(currentIndex, 0) } });
          continue;
        }
        // Anything else is an image reference (`--from=nginx:1.27`, `--from=busybox`). A bare
        // name a couple of edits away from a stage name is far more likely a typo.
        if (/[/:@.]/.test(source.value)) continue;
        const names = file.stages.filter((s) => s.index < currentIndex && s.name !== null).map((s) => s.name ?? "");
        const stageName = closestName(source.value.toLowerCase(), names);
        if (stageName === null) continue;
        context.report({
          range: source.range,
          messageId: "typo",
          data: { what, value: source.value, stage: stageName },
          suggest:
            source.kind === "copy"
              ? [{ messageId: "useStage", data: { stage: stageName }, fix: (fixer) => fixer.replaceTextRange([source.range.start.offset, source.range.end.offset], stageName) }]
              : [],
        });
      }
    };

    return hadolint ? { Copy: checkHadolint } : { Copy: check, Run: check };
  },
});
