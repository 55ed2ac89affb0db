import type { FromInstruction, Instruction } from "@dfbuild/parser";
import { type StageInfo, defineRule } from "@dfbuild/linter";
import { hadolintImageName, imageStages, stageChain } from "./utils/image-stages.js";
import { flagOf, onFirstLine } from "./utils/stage-reference.js";

export default defineRule({
  meta: {
    id: "label-required",
    aliases: ["DL3049"],
    severity: "info",
    hadolint: "info",
    type: "problem",
    docs: { description: "Give every image the labels the label schema requires" },
    messages: { missing: "Label {{name}} is missing from the image this stage builds (the label schema requires it)." },
  },
  create(context) {
    const schema = context.settings.labelSchema;
    if (schema.size === 0) return {};
    const { file } = context;
    const report = (from: FromInstruction, name: string) => {
      context.report({ range: onFirstLine(from, from.keyword), messageId: "missing", data: { name } });
    };

    if (context.settings.preset === "hadolint") {
      return {
        "Dockerfile:exit": () => {
          hadolintVerdicts(file.ast.instructions, [...schema.keys()], report);
        },
      };
    }

    return {
      "Dockerfile:exit": () => {
        // The labels an image carries: its stage's and those of the stages it is built on.
        const labelsOf = new Map<StageInfo, Set<string>>();
        for (const stage of file.stages) {
          const names = new Set<string>();
          for (const instruction of stage.instructions) {
            if (instruction.type !== "Label") continue;
            for (const pair of instruction.pairs) names.add(file.resolve(pair.key, instruction) ?? pair.key.value);
          }
          labelsOf.set(stage, names);
        }
        for (const stage of imageStages(file)) {
          for (const name of schema.keys()) {
            if (![...stageChain(stage)].some((s) => labelsOf.get(s)?.has(name))) report(stage.from, name);
          }
        }
      },
    };
  },
});

interface HadolintStage {
  from: FromInstruction;
  alias: string | null;
  image: string;
}

/**
 * hadolint's DL3049, label by label: a stage is good once it has the label or is built on a good
 * stage; a stage another stage copies from is excused; the rest are reported at their FROM.
 */
function hadolintVerdicts(instructions: readonly Instruction[], labels: string[], report: (from: FromInstruction, name: string) => void): void {
  for (const label of labels) {
    const good = new Set<HadolintStage>();
    const bad = new Set<HadolintStage>();
    let current: HadolintStage | null = null;
    const excuse = (alias: string) => {
      for (const stage of bad) if (stage.alias === alias) bad.delete(stage);
    };
    for (const instruction of instructions) {
      if (instruction.type === "From") {
        const stage: HadolintStage = { from: instruction, alias: instruction.stageName?.value ?? null, image: hadolintImageName(instruction) };
        if (current !== null && [...good].some((g) => g.alias !== null && g.alias === stage.image)) good.add(stage);
        else bad.add(stage);
        current = stage;
      } else if (instruction.type === "Copy") {
        const from = flagOf(instruction, "from")?.value;
        if (from) excuse(from);
      } else if (instruction.type === "Label" && current && instruction.pairs.some((pair) => pair.key.value === label)) {
        excuse(current.alias ?? current.image);
        good.add(current);
        bad.delete(current);
      }
    }
    for (const stage of bad) report(stage.from, label);
  }
}
