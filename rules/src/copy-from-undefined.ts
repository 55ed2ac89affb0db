import type { CopyInstruction, Instruction, RunInstruction, StageReference } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { closestName } from "./utils/edit-distance.js";
import { describeSource, flagOf, stageSourcesByInstruction } from "./utils/stage-reference.js";

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
      index: "{{what}}: there is no stage {{value}} (stages are numbered from 0; this is stage {{current}}). Name an earlier stage.",
      typo: '{{what}} is no stage of this file, so it is pulled as the image "{{value}}". Did you mean the stage "{{stage}}"?',
      useStage: 'Copy from the stage "{{stage}}"',
      hadolint: "`COPY --from` should reference a previously defined `FROM` alias.",
    },
  },
  create(context) {
    const { file } = context;

    if (context.settings.preset === "hadolint") {
      return {
        Copy: (node: CopyInstruction) => {
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
        },
      };
    }

    let sources: ReadonlyMap<Instruction, StageReference[]> | null = null;
    const check = (node: CopyInstruction | RunInstruction) => {
      sources ??= stageSourcesByInstruction(file);
      for (const reference of sources.get(node) ?? []) {
        const what = describeSource(reference);
        const range = reference.range;
        switch (reference.error?.code) {
          case "from-variable":
          case "expansion":
            context.report({ range, messageId: "variable", data: { what } });
            continue;
          case "stage-index-out-of-range":
            context.report({ range, messageId: "index", data: { what, value: reference.text, current: reference.stage.index } });
            continue;
          case "stage-not-yet-built":
          case "circular-dependency":
            // Naming the own stage is copy-from-self's finding.
            if (reference.target && reference.target !== reference.stage) {
              context.report({ range, messageId: "later", data: { what, line: reference.target.from.range.start.line } });
            }
            continue;
          default:
            break;
        }
        if (reference.resolution !== "image") continue;
        // An image reference (`--from=nginx:1.27`, `--from=busybox`) is fine; a bare name a
        // couple of edits away from an earlier stage's name is far more likely a typo.
        if (/[/:@.]/.test(reference.text)) continue;
        const names = file.stages.filter((s) => s.index < reference.stage.index && s.name !== null).map((s) => s.name ?? "");
        const stageName = closestName(reference.text.toLowerCase(), names);
        if (stageName === null) continue;
        context.report({
          range,
          messageId: "typo",
          data: { what, value: reference.text, stage: stageName },
          suggest: [{ messageId: "useStage", data: { stage: stageName }, fix: (fixer) => fixer.replaceTextRange([range.start.offset, range.end.offset], stageName) }],
        });
      }
    };
    return { Copy: check, Run: check };
  },
});
