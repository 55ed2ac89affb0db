import { readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Dockerfile, Diagnostic } from "@dfbuild/parser";
import { runCli } from "../cli.js";
import { readShared, readSharedJson, sharedPath } from "../shared.js";

const root = ["conformance", "buildkit-parser"];

async function parseJson(text: string): Promise<{ ast: Dockerfile; diagnostics: Diagnostic[] }> {
  const result = await runCli(["parse", "--format", "json"], text);
  return JSON.parse(result.stdout) as { ast: Dockerfile; diagnostics: Diagnostic[] };
}

describe("positive cases: dfbuild parse --format dump equals BuildKit's result", () => {
  const cases = readdirSync(sharedPath(...root, "positive")).sort();
  test("all 33 cases are present", () => {
    expect(cases).toHaveLength(33);
  });
  test.each(cases)("%s", async (name) => {
    const input = readShared(...root, "positive", name, "Dockerfile");
    const expected = readShared(...root, "positive", name, "result");
    const result = await runCli(["parse", "--format", "dump", "-"], input);
    expect(result.stdout).toBe(expected);
  });
});

describe("negative cases fail with BuildKit's error", () => {
  const { cases } = readSharedJson(...root, "negative", "expected-errors.json") as {
    cases: Record<string, { error: string; line?: number }>;
  };
  test("all 4 cases are present", () => {
    expect(Object.keys(cases)).toHaveLength(4);
  });
  test.each(Object.entries(cases))("%s", async (name, expected) => {
    const input = readShared(...root, "negative", name, "Dockerfile");
    const result = await runCli(["parse", "--format", "dump", "-"], input);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(expected.error);
    if (expected.line !== undefined) expect(result.stderr).toContain(`<stdin>:${expected.line}:`);
  });
});

interface ExpectedInstruction {
  startLine: number;
  endLine: number;
  original: string;
  heredocs?: { name: string; content: string; expand: boolean; chomp: boolean; fileDescriptor: number }[];
}

describe("heredoc extraction", () => {
  const expected = readSharedJson(...root, "heredoc", "expected.json") as { instructions: ExpectedInstruction[] };
  test("every instruction, its lines and its heredocs", async () => {
    expect(expected.instructions).toHaveLength(28);
    const { ast, diagnostics } = await parseJson(readShared(...root, "heredoc", "Dockerfile"));
    expect(diagnostics.filter((d) => d.stage === "parse" && d.severity === "error")).toEqual([]);
    const actual = ast.instructions.map((instruction) => ({
      startLine: instruction.range.start.line,
      endLine: instruction.range.end.line,
      original: instruction.original,
      heredocs: instruction.heredocs.map(({ name, content, expand, chomp, fileDescriptor }) => ({ name, content, expand, chomp, fileDescriptor })),
    }));
    expect(actual).toEqual(expected.instructions);
  });
});

describe("empty continuation line warnings", () => {
  const expected = readSharedJson(...root, "warnings", "expected.json") as {
    warnings: { short: string; url: string; line: number }[];
    instructions: ExpectedInstruction[];
  };
  test("two warnings with BuildKit's text, URL and line", async () => {
    expect([expected.warnings.length, expected.instructions.length]).toEqual([2, 6]);
    const text = readShared(...root, "warnings", "Dockerfile");
    const { ast, diagnostics } = await parseJson(text);
    const warnings = diagnostics.filter((d) => d.severity === "warning");
    expect(warnings.map((w) => ({ short: w.message, url: w.url, line: w.range.end.line }))).toEqual(
      expected.warnings.map(({ short, url, line }) => ({ short, url, line })),
    );
    expect(ast.instructions.map((i) => ({ startLine: i.range.start.line, endLine: i.range.end.line, original: i.original }))).toEqual(
      expected.instructions,
    );
    const stderr = (await runCli(["parse", "--format", "dump"], text)).stderr;
    expect(stderr).toContain("warning: Empty continuation line found in: RUN something     following     more");
  });
});

describe("line numbers", () => {
  const expected = readSharedJson(...root, "line-info", "expected.json") as {
    root: { startLine: number; endLine: number };
    children: { startLine: number; endLine: number }[];
  };
  test("each instruction spans its first to last physical line", async () => {
    expect(expected.children).toHaveLength(3);
    const { ast } = await parseJson(readShared(...root, "line-info", "Dockerfile"));
    const children = ast.instructions.map((i) => ({ startLine: i.range.start.line, endLine: i.range.end.line }));
    expect(children).toEqual(expected.children);
    expect({ startLine: children[0]?.startLine, endLine: children.at(-1)?.endLine }).toEqual(expected.root);
  });
});
