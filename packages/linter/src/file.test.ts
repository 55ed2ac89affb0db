import { type Instruction, analyze, parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { LintFile } from "./file.js";
import { LineIndex } from "./positions.js";

function lintFile(text: string, context: ConstructorParameters<typeof LintFile>[4] = {}): LintFile {
  const { ast, diagnostics } = parse(text);
  return new LintFile(text, ast, diagnostics, "Dockerfile", context);
}

function instruction(file: LintFile, index: number): Instruction {
  const found = file.ast.instructions[index];
  if (!found) throw new Error(`no instruction ${String(index)}`);
  return found;
}

describe("LintFile", () => {
  test("keeps the text, name, parse and diagnostics it was given, and indexes the text's lines", () => {
    const text = "FROM alpine\nRUN --bogus=1 true\n";
    const { ast, diagnostics } = parse(text);
    const file = new LintFile(text, ast, diagnostics, "app/Dockerfile");
    expect(file.text).toBe(text);
    expect(file.name).toBe("app/Dockerfile");
    expect(file.ast).toBe(ast);
    expect(file.diagnostics).toBe(diagnostics);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(file.lines.lineStart(2)).toBe("FROM alpine\n".length);
  });

  test("uses the line index and semantic model a host shares, and computes the model otherwise", () => {
    const text = "FROM alpine AS base\nRUN a\n";
    const { ast, diagnostics } = parse(text);
    const lines = new LineIndex(text);
    // A model of another parse of the text: the file must take the one it is given.
    const semantic = analyze(parse(text).ast);
    const shared = new LintFile(text, ast, diagnostics, "Dockerfile", { lines, semantic });
    expect(shared.lines).toBe(lines);
    expect(shared.semantic).toBe(semantic);
    const own = new LintFile(text, ast, diagnostics, "Dockerfile");
    expect(own.lines).not.toBe(lines);
    expect(own.semantic).not.toBe(semantic);
    expect(own.semantic.stages[0]?.from).toBe(ast.instructions[0]);
    expect(own.stages.map((stage) => stage.name)).toEqual(["base"]);
  });

  test("the escape character is the parse's (`# escape=`)", () => {
    expect(lintFile("FROM alpine\n").escape).toBe("\\");
    expect(lintFile("# escape=`\nFROM alpine\n").escape).toBe("`");
  });

  test("the .dockerignore: none given is null; given, it is compiled once; a pattern Docker rejects is null", () => {
    expect(lintFile("FROM alpine\n").dockerignore).toBeNull();
    const file = lintFile("FROM alpine\n", { dockerignore: "*\n!src\n" });
    const matcher = file.dockerignore;
    expect(matcher?.matchesOrParentMatches("README.md")).toBe(true);
    expect(matcher?.matchesOrParentMatches("src/a.txt")).toBe(false);
    expect(file.dockerignore).toBe(matcher);
    // Go's filepath.Match rejects an unclosed class (ErrBadPattern), as the build does.
    const bad = lintFile("FROM alpine\n", { dockerignore: "[a\n" });
    expect(bad.dockerignore).toBeNull();
    expect(bad.dockerignore).toBeNull();
  });

  test("the preamble, each instruction's stage (asked again and for another instruction), and stages found by name or index", () => {
    const file = lintFile("ARG V=1\nFROM alpine AS one\nRUN a\nFROM one AS two\nRUN b\n");
    expect(file.preamble.map((each) => each.type)).toEqual(["Arg"]);
    expect(file.stageOf(instruction(file, 0))).toBeNull();
    expect(file.stageOf(instruction(file, 2))?.name).toBe("one");
    expect(file.stageOf(instruction(file, 2))?.name).toBe("one");
    expect(file.stageOf(instruction(file, 4))?.name).toBe("two");
    expect(file.stageOf(instruction(file, 0))).toBeNull();
    const two = file.stages[1] ?? null;
    expect(file.findStage("ONE")?.name).toBe("one");
    expect(file.findStage("1")?.name).toBe("two");
    expect(file.findStage("two", two)).toBeNull();
    expect(file.findStage("one", two)?.name).toBe("one");
  });

  test("the scope at an instruction has the file's ARGs and ENVs, not the builder's predefined variables, and is kept", () => {
    const file = lintFile("FROM scratch\nARG TARGETPLATFORM\nARG A=1\nENV B=2\nRUN echo $A $B\n");
    const run = instruction(file, 4);
    const scope = file.scopeAt(run);
    expect([...scope.keys()].sort()).toEqual(["A", "B", "TARGETPLATFORM"]);
    expect(scope.get("A")?.kind).toBe("arg");
    expect(scope.get("B")?.kind).toBe("env");
    // The semantic model's scope has the default PATH a stage from scratch gets too (predefined).
    expect([...file.semantic.scopeAt(run).keys()]).toContain("PATH");
    expect(file.scopeAt(run)).toBe(scope);
    expect([...file.scopeAt(instruction(file, 1)).keys()]).toEqual([]);
  });

  test("a word resolves to its value where it is certain, and to null where a variable has no known value", () => {
    const file = lintFile("FROM alpine\nARG A=x\nARG U\nWORKDIR /$A/$U\nRUN true\nWORKDIR /$A\n");
    const unsure = file.ast.instructions[3];
    const sure = file.ast.instructions[5];
    if (unsure?.type !== "Workdir" || sure?.type !== "Workdir" || !unsure.path || !sure.path) throw new Error("expected WORKDIRs with paths");
    expect(file.resolve(sure.path, sure)).toBe("/x");
    expect(file.resolve(unsure.path, unsure)).toBeNull();
  });
});
