import { describe, expect, test } from "vitest";
import { expand } from "@dfbuild/parser";
import { readShared, readSharedJson } from "../shared.js";

const envVarEnv = { PWD: "/home", SHELL: "bash", KOREAN: "한국어", NULL: "" };

describe("envVarTest (ProcessWord)", () => {
  const cases = readShared("conformance", "buildkit-shell", "envVarTest")
    .split("\n")
    .filter((line) => !line.startsWith("#") && line.trim() !== "")
    .map((line) => line.trim().split("|").map((field) => field.trim()) as [string, string, string]);

  test("all 230 cases are read", () => {
    expect(cases).toHaveLength(230);
  });
  test.each(cases)("%s | %s | %s", (platform, input, expected) => {
    const platforms = platform === "A" ? [false, true] : [platform === "W"];
    for (const caseInsensitive of platforms) {
      const result = expand(input, envVarEnv, { caseInsensitive });
      if (expected === "error") expect(result.ok).toBe(false);
      else expect(result).toMatchObject({ ok: true, value: expected });
    }
  });
});

describe("wordsTest (ProcessWords)", () => {
  const env: Record<string, string> = {};
  const cases: [string, Record<string, string>, string][] = [];
  for (const line of readShared("conformance", "buildkit-shell", "wordsTest").split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    if (line.startsWith("ENV ")) {
      const assignment = line.slice(4).trimStart();
      const eq = assignment.indexOf("=");
      env[assignment.slice(0, eq)] = assignment.slice(eq + 1);
      continue;
    }
    const bar = line.indexOf("|");
    cases.push([line.slice(0, bar).trim(), { ...env }, line.slice(bar + 1).trimStart()]);
  }

  test("all 24 cases are read", () => {
    expect(cases).toHaveLength(24);
  });
  test.each(cases)("%s", (input, environment, expected) => {
    const result = expand(input, environment);
    if (expected === "error") expect(result.ok).toBe(false);
    else expect(result).toMatchObject({ ok: true, words: expected.split(",") });
  });
});

interface ProcessWordCase {
  input: string;
  env: Record<string, string>;
  expectError: boolean;
  errorContains?: string;
  expected?: string;
  matches?: string[];
  unmatched?: string[];
}

describe("process-word-cases.json", () => {
  const { cases } = readSharedJson("conformance", "buildkit-shell", "process-word-cases.json") as { cases: ProcessWordCase[] };
  test("all 56 cases are read", () => {
    expect(cases).toHaveLength(56);
  });
  test.each(cases.map((c) => [c.input, c] as const))("%s", (_input, c) => {
    const result = expand(c.input, c.env);
    if (c.expectError) {
      expect(result.ok).toBe(false);
      if (!result.ok && c.errorContains) expect(result.message).toContain(c.errorContains);
      return;
    }
    expect(result).toMatchObject({ ok: true, value: c.expected });
    if (c.matches) expect([...result.matched].sort()).toEqual([...c.matches].sort());
    if (c.unmatched) expect([...result.unmatched].sort()).toEqual([...c.unmatched].sort());
  });
});
