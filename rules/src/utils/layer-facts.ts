import type { Instruction } from "@dfbuild/parser";
import type { LintFile, RuleSettings, VisitInfo } from "@dfbuild/linter";
import { cacheMountTargets } from "./cache-mounts.js";
import { hadolintLayerShips, layerShips } from "./shipped-layers.js";

/** What the rules about caches a RUN leaves in its layer read of the rest of the file. */
export interface LayerFacts {
  /** Whether the layer ends up in the image (`layerShips`; hadolint's scope under the hadolint preset). */
  ships: boolean;
  /** Its cache and tmpfs mount targets, ARG/ENV references expanded in its scope (`cacheMountTargets`). */
  mountTargets: string[];
}

/**
 * `meta.facts` of an instruction-scoped layer rule (apt-lists-cleanup, apk-no-cache, …): the
 * stage roles and variable scopes such a rule depends on, so that its shell reading runs again
 * only where a RUN or these facts changed. hadolint reads mount targets as written (in the
 * instruction's own text), so under its preset only its scope of shipped layers is a fact.
 */
export function layerFacts(instruction: Instruction, info: VisitInfo, file: LintFile, settings: RuleSettings): string {
  const hadolint = settings.preset === "hadolint";
  const ships = hadolint ? hadolintLayerShips(file, instruction, info) : layerShips(file, instruction, info);
  const mountTargets = hadolint ? [] : cacheMountTargets(file, instruction);
  // Asked on every lint for every RUN: the usual answers are two short constants.
  if (mountTargets.length === 0) return ships ? SHIPS : "";
  return JSON.stringify({ ships, mountTargets } satisfies LayerFacts);
}

const SHIPS = "ships";

/** The facts `layerFacts` gave the visit. */
export function readLayerFacts(info: VisitInfo): LayerFacts {
  const { facts } = info;
  // The linter hands every visit of a rule with `meta.facts` its facts: a missing string is a bug.
  if (facts === undefined) throw new Error("layer facts missing: the rule must declare meta.facts: layerFacts and meta.scope: instruction");
  if (facts === "" || facts === SHIPS) return { ships: facts === SHIPS, mountTargets: [] };
  return JSON.parse(facts) as LayerFacts;
}
