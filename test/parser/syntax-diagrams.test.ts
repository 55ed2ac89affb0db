import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { diagramsPath, renderDiagrams } from "../../grammar/generate.js";

test("grammar/syntax-diagrams.html is regenerated from the current grammar (run pnpm grammar)", () => {
  expect(readFileSync(diagramsPath, "utf8")).toBe(renderDiagrams());
});
