import type { Instruction } from "@dfbuild/parser";
import type { LintFile, StageInfo, VisitInfo } from "@dfbuild/linter";

interface StageRoles {
  /** The last stage and every stage it is built on (`FROM base`), transitively. */
  shipped: ReadonlySet<StageInfo>;
  /** Stages another stage is built on. */
  bases: ReadonlySet<StageInfo>;
}

const roles = new WeakMap<LintFile, StageRoles>();

/** Computed once per file. */
function stageRoles(file: LintFile): StageRoles {
  let found = roles.get(file);
  if (!found) {
    const shipped = new Set<StageInfo>();
    for (let stage = file.stages[file.stages.length - 1] ?? null; stage && !shipped.has(stage); stage = stage.baseStage) shipped.add(stage);
    found = { shipped, bases: new Set(file.stages.flatMap((stage) => (stage.baseStage ? [stage.baseStage] : []))) };
    roles.set(file, found);
  }
  return found;
}

/**
 * Whether the layer an instruction makes ends up in the image `docker build` produces: it is in
 * the last stage or a stage the last stage is built on, or is an ONBUILD trigger (which runs in
 * the image built from this one). A builder stage whose files are only `COPY --from`ed keeps its
 * caches to itself. (A stage built on its own with `--target` is not known here.)
 */
export function layerShips(file: LintFile, instruction: Instruction, info: VisitInfo): boolean {
  if (info.onbuild) return true;
  const stage = file.stageOf(instruction);
  if (!stage) return file.stages.length === 0;
  return stageRoles(file).shipped.has(stage);
}

/**
 * hadolint's scope for DL3009 and DL3060: the last stage, any stage another stage is built
 * `FROM` (even one that is itself only a builder), ONBUILD triggers, and a file without FROM.
 */
export function hadolintLayerShips(file: LintFile, instruction: Instruction, info: VisitInfo): boolean {
  if (info.onbuild) return true;
  const stage = file.stageOf(instruction);
  if (!stage) return file.stages.length === 0;
  return stage.index === file.stages.length - 1 || stageRoles(file).bases.has(stage);
}
