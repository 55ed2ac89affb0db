import { RuleRegistry, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { hadolintLayerShips, layerShips } from "./shipped-layers.js";

/** For each RUN of `text` (ONBUILD triggers included), its line and whether each function says its layer ships. */
function ships(text: string): { line: number; ships: boolean; hadolint: boolean }[] {
  const seen: { line: number; ships: boolean; hadolint: boolean }[] = [];
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", onbuild: true, docs: { description: "reads RUNs" }, messages: {} },
    create: (context) => ({
      Run: (node, info) => {
        seen.push({ line: node.range.start.line, ships: layerShips(context.file, node, info), hadolint: hadolintLayerShips(context.file, node, info) });
      },
    }),
  });
  lintText(text, { registry: new RuleRegistry([rule]) });
  return seen;
}

describe("layerShips and hadolintLayerShips", () => {
  test("the last stage and the stages it is built on ship; hadolint also counts any stage another is built on", () => {
    const text = [
      "FROM a AS base", // 1
      "RUN base", // 2
      "FROM base AS mid", // 3
      "RUN mid", // 4
      "FROM mid AS tool-base", // 5
      "RUN tool-base", // 6
      "FROM tool-base AS tool", // 7
      "RUN tool", // 8
      "FROM a AS builder", // 9
      "RUN builder", // 10
      "FROM mid", // 11
      "RUN last", // 12
      "",
    ].join("\n");
    expect(ships(text)).toEqual([
      { line: 2, ships: true, hadolint: true },
      { line: 4, ships: true, hadolint: true },
      { line: 6, ships: false, hadolint: true },
      { line: 8, ships: false, hadolint: false },
      { line: 10, ships: false, hadolint: false },
      { line: 12, ships: true, hadolint: true },
    ]);
  });

  test("an ONBUILD trigger runs in the image built from this one: it ships", () => {
    expect(ships("FROM a AS builder\nONBUILD RUN x\nFROM b\n")).toEqual([{ line: 2, ships: true, hadolint: true }]);
  });

  test("a stage named as the one it builds on builds on that earlier stage, which ships", () => {
    expect(ships("FROM a AS x\nRUN y\nFROM x AS x\n")).toEqual([{ line: 2, ships: true, hadolint: true }]);
  });

  test("a RUN before any FROM ships only in a file without stages", () => {
    expect(ships("RUN x\n")).toEqual([{ line: 1, ships: true, hadolint: true }]);
    expect(ships("RUN x\nFROM a AS one\nFROM b\n")).toEqual([{ line: 1, ships: false, hadolint: false }]);
  });
});
