/** layer-facts.ts: what the layer rules read of the rest of the file, as `meta.facts` strings and back. */
import { LintFile, type RuleSettings } from "@dfbuild/linter";
import { type Instruction, parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { layerFacts, readLayerFacts } from "./layer-facts.js";

const settings = (preset: RuleSettings["preset"]): RuleSettings => ({ trustedRegistries: [], preset, labelSchema: new Map(), strictLabels: false });

/** `layerFacts` of each RUN of `text`, under a preset. */
function factsOf(text: string, preset: RuleSettings["preset"] = "recommended"): string[] {
  const { ast, diagnostics } = parse(text);
  const file = new LintFile(text, ast, diagnostics, "Dockerfile");
  return ast.instructions.filter((instruction: Instruction) => instruction.type === "Run").map((run) => layerFacts(run, { onbuild: null }, file, settings(preset)));
}

describe("layerFacts", () => {
  test("a RUN without cache mounts: whether its layer ships, as a short constant", () => {
    expect(factsOf("FROM a AS build\nRUN x\nFROM b\nRUN y\n")).toEqual(["", "ships"]);
  });

  test("with cache or tmpfs mounts: their targets, expanded in the RUN's scope", () => {
    const text = "FROM a AS build\nRUN --mount=type=cache,target=/c x\nFROM b\nARG D=/root/.cache\nRUN --mount=type=tmpfs,target=$D/pip y\n";
    const [build, last] = factsOf(text);
    expect(JSON.parse(build ?? "")).toEqual({ ships: false, mountTargets: ["/c"] });
    expect(JSON.parse(last ?? "")).toEqual({ ships: true, mountTargets: ["/root/.cache/pip"] });
  });

  test("hadolint: its scope of shipped layers; mount targets are read as written, so no fact", () => {
    const text = "FROM a AS base\nRUN --mount=type=cache,target=/c x\nFROM base AS tool\nFROM b\nRUN y\n";
    expect(factsOf(text, "hadolint")).toEqual(["ships", "ships"]);
    expect(factsOf(text)).toEqual([JSON.stringify({ ships: false, mountTargets: ["/c"] }), "ships"]);
  });
});

describe("readLayerFacts", () => {
  test("reads back what layerFacts wrote", () => {
    expect(readLayerFacts({ onbuild: null, facts: "" })).toEqual({ ships: false, mountTargets: [] });
    expect(readLayerFacts({ onbuild: null, facts: "ships" })).toEqual({ ships: true, mountTargets: [] });
    const facts = { ships: true, mountTargets: ["/var/cache/apk"] };
    expect(readLayerFacts({ onbuild: null, facts: JSON.stringify(facts) })).toEqual(facts);
  });

  test("a visit without facts is a rule declared wrong", () => {
    expect(() => readLayerFacts({ onbuild: null })).toThrow("layer facts missing: the rule must declare meta.facts: layerFacts and meta.scope: instruction");
  });
});
