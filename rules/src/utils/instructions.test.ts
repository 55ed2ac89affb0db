/** instructions.ts: top-level neighbours (asked in any order, skipping comments, blank lines and directives), script mentions, RUN flags, command and line ends. */
import { LintFile } from "@dfbuild/linter";
import { type Instruction, type RunInstruction, parse } from "@dfbuild/parser";
import { expect, test } from "vitest";
import { commandEnd, lineEndAfter, nextInstruction, previousInstruction, sameRunFlags, scriptMentions } from "./instructions.js";

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

function fileOfText(source: string): { file: LintFile; instructions: readonly Instruction[] } {
  const { ast, diagnostics } = parse(source);
  return { file: new LintFile(source, ast, diagnostics, "Dockerfile"), instructions: ast.instructions };
}

function run(source: string): RunInstruction {
  const found = fileOfText(source).instructions.find((instruction) => instruction.type === "Run");
  if (found?.type !== "Run") throw new Error("no RUN");
  return found;
}

test("scriptMentions: the command line or a heredoc body of a shell-form instruction; never an exec form", () => {
  const pattern = /\bapt-get\b/;
  expect(scriptMentions(run("FROM a\nRUN apt-get update\n"), pattern)).toBe(true);
  expect(scriptMentions(run("FROM a\nRUN echo hi\n"), pattern)).toBe(false);
  expect(scriptMentions(run("FROM a\nRUN <<EOF\napt-get update\nEOF\n"), pattern)).toBe(true);
  expect(scriptMentions(run("FROM a\nRUN <<ONE <<TWO\necho one\nONE\napt-get update\nTWO\n"), pattern)).toBe(true);
  expect(scriptMentions(run("FROM a\nRUN <<EOF\necho hi\nEOF\n"), pattern)).toBe(false);
  expect(scriptMentions(run('FROM a\nRUN ["apt-get", "update"]\n'), pattern)).toBe(false);
});

test("sameRunFlags: the same flags, written the same, in the same order", () => {
  const runs = (source: string) => fileOfText(source).instructions.filter((instruction): instruction is RunInstruction => instruction.type === "Run");
  const [plain, cached, cachedAgain, other] = runs(
    "FROM a\nRUN one\nRUN --mount=type=cache,target=/root/.cache two\nRUN --mount=type=cache,target=/root/.cache three\nRUN --network=none four\n",
  );
  if (!plain || !cached || !cachedAgain || !other) throw new Error("missing RUN");
  expect(sameRunFlags(plain, plain)).toBe(true);
  expect(sameRunFlags(cached, cachedAgain)).toBe(true);
  expect(sameRunFlags(plain, cached)).toBe(false);
  expect(sameRunFlags(cached, plain)).toBe(false);
  expect(sameRunFlags(cached, other)).toBe(false);
});

test("commandEnd: after the last character that is not a space, tab, CR or LF of the instruction's range", () => {
  const endOf = (source: string, expected: string) => {
    const { file, instructions } = fileOfText(source);
    const last = instructions.at(-1);
    if (!last) throw new Error("no instruction");
    expect(source.slice(last.range.start.offset, commandEnd(file, last))).toBe(expected);
  };
  endOf("FROM a\nRUN echo hi \t \n", "RUN echo hi");
  endOf("FROM a\nRUN echo hi\t\n", "RUN echo hi");
  endOf("FROM a\nRUN echo hi\r \n", "RUN echo hi");
  // A continuation into a blank last line: the range ends with the line break.
  endOf("FROM a\nRUN echo hi \\\n\n", "RUN echo hi \\");
  endOf("FROM a\nRUN echo hi\n", "RUN echo hi");
});

test("lineEndAfter: just after the instruction's line break, or the end of a file without one", () => {
  const { file, instructions } = fileOfText("FROM a\nRUN echo hi  \nRUN last");
  const [from, first, last] = instructions;
  if (!from || !first || !last) throw new Error("missing instruction");
  expect(lineEndAfter(file, from)).toBe("FROM a\n".length);
  expect(lineEndAfter(file, first)).toBe("FROM a\nRUN echo hi  \n".length);
  expect(lineEndAfter(file, last)).toBe(file.text.length);
});
