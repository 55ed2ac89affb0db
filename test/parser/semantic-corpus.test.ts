import { describe, expect, test } from "vitest";
import { type BuilderSemantics, analyze, parse } from "@dfbuild/parser";
import { corpusFiles } from "../shared.js";

/**
 * The semantic model on every real Dockerfile: every range it gives covers exactly the text it
 * names, and every position query answers (an editor asks them at any offset).
 */
describe("the semantic model on the real-world corpus", () => {
  const files = corpusFiles();

  test("has all 1,235 files", () => {
    expect(files).toHaveLength(1235);
  });

  for (const builder of ["buildkit", "classic"] as BuilderSemantics[]) {
    test(`${builder}: definitions, references and stage references point at their text`, () => {
      const problems: string[] = [];
      let references = 0;
      let shellReferences = 0;
      for (const [name, text] of files) {
        const model = analyze(parse(text).ast, { builder });
        const slice = (range: { start: { offset: number }; end: { offset: number } }): string => text.slice(range.start.offset, range.end.offset);
        for (const definition of model.definitions) {
          if (!definition.nameRange) continue;
          const written = slice(definition.nameRange);
          // An ENV key may be quoted or use variables: its name is what it expands to.
          if (written !== definition.name && !/["'$\\`]/.test(written)) problems.push(`${name}: definition ${definition.name} at ${written}`);
        }
        for (const reference of model.references) {
          references++;
          if (reference.context !== "build") shellReferences++;
          const written = slice(reference.nameRange);
          // A quoted flag value or an escaped JSON string maps onto its whole value, which holds the name.
          if (written !== reference.name && !written.includes(reference.name)) problems.push(`${name}: reference ${reference.name} at ${written}`);
          if (!slice(reference.range).startsWith("$")) problems.push(`${name}: reference ${reference.name} range ${slice(reference.range)}`);
        }
        for (const reference of model.stageReferences) {
          const written = slice(reference.range);
          const expected = reference.kind === "from" ? (reference.instruction.type === "From" ? reference.instruction.image?.value : undefined) : reference.text;
          if (expected !== undefined && written !== expected && !written.includes(expected)) problems.push(`${name}: stage reference ${expected} at ${written}`);
          if (reference.kind === "from" && reference.target && reference.target.index >= reference.stage.index) problems.push(`${name}: FROM refers forward`);
        }
        for (const stage of model.stages) {
          if (stage.nameRange && slice(stage.nameRange).toLowerCase() !== stage.name) problems.push(`${name}: stage name ${stage.name ?? ""}`);
          expect(model.requiredStages(stage).at(-1)).toBe(stage);
        }
      }
      expect(problems).toEqual([]);
      // The corpus uses variables a lot: a model that found none would be broken, not clean.
      expect(references).toBeGreaterThan(5000);
      expect(shellReferences).toBeGreaterThan(2000);
    });
  }

  test("position queries answer at every line start and every reference", () => {
    for (const [name, text] of files) {
      const model = analyze(parse(text).ast);
      for (let offset = 0; offset <= text.length; offset = text.indexOf("\n", offset) + 1 || text.length + 1) {
        model.scopeAtOffset(offset);
        model.symbolAt(offset);
      }
      for (const reference of model.references) {
        const symbol = model.symbolAt(reference.nameRange.start.offset);
        expect(symbol?.type, `${name}: ${reference.name} at ${String(reference.nameRange.start.line)}`).toMatch(/^(variable-reference|stage-reference)$/);
      }
    }
  });
});
