import type { FromInstruction } from "@dfbuild/parser";
import type { LintFile, StageInfo } from "@dfbuild/linter";
import { languageDockerImageName } from "./image.js";

const cache = new WeakMap<LintFile, StageInfo[]>();

/**
 * The stages that produce an image someone runs: those no other stage builds on or copies from
 * (the last stage, and any other `--target`). A stage used only as a base or a `COPY --from`
 * source is a build step.
 */
export function imageStages(file: LintFile): StageInfo[] {
  let stages = cache.get(file);
  if (!stages) {
    const used = new Set<StageInfo>();
    for (const stage of file.stages) if (stage.baseStage) used.add(stage.baseStage);
    for (const reference of file.semantic.stageReferences) if (reference.resolution === "stage" && reference.target && reference.target !== reference.stage) used.add(reference.target);
    stages = file.stages.filter((stage) => !used.has(stage));
    cache.set(file, stages);
  }
  return stages;
}

/** A stage and the stages it is built on (`FROM <stage>`), nearest first. */
export function* stageChain(stage: StageInfo): Generator<StageInfo> {
  for (let current: StageInfo | null = stage; current; current = current.baseStage) yield current;
}

/** The image name hadolint's rules key a FROM's stage by (`languageDockerImageName`). */
export function hadolintImageName(from: FromInstruction): string {
  return languageDockerImageName(from.image?.value ?? "");
}
