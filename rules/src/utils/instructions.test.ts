/** The top-level neighbours of an instruction, asked in any order, skipping comments, blank lines and directives. */
import { LintFile } from "@dfbuild/linter";
import { type Instruction, parse } from "@dfbuild/parser";
import { expect, test } from "vitest";
import { nextInstruction, previousInstruction } from "./instructions.js";

const text = "# syntax=docker/dockerfile:1\nFROM a\n# a comment\n\nRUN one\nONBUILD RUN two\nRUN three\n";

function fileOf(): { file: LintFile; instructions: readonly Instruction[] } {
  const { ast, diagnostics } = parse(text);
  return { file: new LintFile(text, ast, diagnostics, "Dockerfile"), instructions: ast.instructions };
}

const lineOf = (instruction: Instruction | null) => instruction?.range.start.line ?? null;

test("in source order, as the walk asks, and in any other order: the same neighbours", () => {
  const expected = [
    [null, 5],
    [2, 6],
    [5, 7],
    [6, null],
  ];
  for (const order of [
    [0, 1, 2, 3],
    [3, 2, 1, 0],
    [2, 0, 3, 1],
  ]) {
    const { file, instructions } = fileOf();
    for (const i of order) {
      const instruction = instructions[i];
      if (!instruction) throw new Error("missing instruction");
      expect([lineOf(previousInstruction(file, instruction)), lineOf(nextInstruction(file, instruction))]).toEqual(expected[i]);
    }
  }
});

test("an ONBUILD trigger is not a top-level instruction: it has no neighbours", () => {
  const { file, instructions } = fileOf();
  const onbuild = instructions[2];
  if (onbuild?.type !== "Onbuild" || !onbuild.trigger) throw new Error("no ONBUILD trigger");
  expect(previousInstruction(file, onbuild)).toBe(instructions[1]);
  expect(previousInstruction(file, onbuild.trigger)).toBeNull();
  expect(nextInstruction(file, onbuild.trigger)).toBeNull();
  expect(nextInstruction(file, onbuild)).toBe(instructions[3]);
});
