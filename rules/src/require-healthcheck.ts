import type { FromInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { hadolintImageName, imageStages, stageChain } from "./utils/image-stages.js";
import { onFirstLine } from "./utils/stage-reference.js";

interface HadolintStage {
  from: FromInstruction;
  /** The image the FROM names, without tag. */
  source: string;
  /** The alias, else the image name. */
  name: string;
}

export default defineRule({
  meta: {
    id: "require-healthcheck",
    aliases: ["DL3057"],
    severity: "info",
    hadolint: "off",
    type: "suggestion",
    recommended: false,
    docs: { description: "Give every image a HEALTHCHECK (or HEALTHCHECK NONE to say it has none on purpose)" },
    messages: { missing: "The image this stage builds has no HEALTHCHECK: Docker and Swarm cannot tell a hung service from a healthy one. Add one, or HEALTHCHECK NONE." },
  },
  create(context) {
    const { file } = context;
    const report = (from: FromInstruction) => {
      context.report({ range: onFirstLine(from, from.keyword), messageId: "missing" });
    };
    if (context.settings.preset === "hadolint") {
      // hadolint: every stage, good when it has a HEALTHCHECK or is built (by alias) on a good stage.
      return {
        "Dockerfile:exit": () => {
          const good = new Set<HadolintStage>();
          const bad = new Set<HadolintStage>();
          let current: HadolintStage | null = null;
          for (const instruction of file.ast.instructions) {
            if (instruction.type === "From") {
              const source = hadolintImageName(instruction);
              const stage: HadolintStage = { from: instruction, source, name: instruction.stageName?.value ?? source };
              if (current !== null && [...good].some((g) => g.name === source)) good.add(stage);
              else bad.add(stage);
              current = stage;
            } else if (instruction.type === "Healthcheck" && current) {
              // The stage and, recursively, the bad stages it is built on become good (hadolint's
              // `recurseGood` follows the stage's source upwards).
              const pending = [current];
              while (pending.length > 0) {
                const stage = pending.pop();
                if (!stage) continue;
                good.add(stage);
                bad.delete(stage);
                for (const parent of bad) if (parent.name === stage.source) pending.push(parent);
              }
            }
          }
          for (const stage of bad) report(stage.from);
        },
      };
    }
    return {
      "Dockerfile:exit": () => {
        for (const stage of imageStages(file)) {
          const has = [...stageChain(stage)].some((s) => s.instructions.some((instruction) => instruction.type === "Healthcheck"));
          if (!has) report(stage.from);
        }
      },
    };
  },
});
