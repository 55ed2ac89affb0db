import { describe, expect, test } from "vitest";
import { type Diagnostic, type Dockerfile, type Instruction, type Word, expand, parse, validateMount } from "@dfbuild/parser";
import { runCli } from "../cli.js";
import { readSharedJson } from "../shared.js";

interface Case {
  input: string;
  expectError: string | null;
  exact?: boolean;
  stage?: "parse" | "instruction" | "expand";
  errorLine?: number;
  env?: Record<string, string>;
}

const dir = ["conformance", "buildkit-instructions"];
const upstream = (readSharedJson(...dir, "cases.json") as { cases: Case[] }).cases;
const observed = (readSharedJson(...dir, "observed-cases.json") as { cases: Case[] }).cases;

test("the data sets are whole: 37 upstream cases, 149 observed (35 of them at the expand stage)", () => {
  expect(upstream).toHaveLength(37);
  expect(observed).toHaveLength(149);
  expect(observed.filter((c) => c.stage === "expand")).toHaveLength(35);
});

/**
 * Runs `dfbuild parse` and returns its error lines (FILE:LINE:COL: message). `upTo` drops the
 * errors of later BuildKit stages: a case about the instruction layer says nothing of what the
 * builder would reject later (`RUN --mount=type=foo` passes the instruction layer only).
 */
async function parseErrors(input: string, upTo: "instruction" | "expand" = "expand"): Promise<{ code: number; errors: string[] }> {
  const result = await runCli(["parse", "--format", "json", "-"], input);
  const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: Diagnostic[] };
  const errors = result.stderr.split("\n").filter((line) => line !== "" && !line.includes(": warning: "));
  const later = diagnostics.filter((d) => d.severity === "error" && upTo === "instruction" && d.stage === "expand");
  const kept = errors.filter((line) => !later.some((d) => line.endsWith(`: ${d.message}`)));
  // The command's own exit code, unless every error it had belongs to a later stage: then its 1
  // stands for errors the case does not ask about, and reads as 0 (any other code stays).
  const onlyLaterErrors = kept.length === 0 && errors.length > 0;
  return { code: onlyLaterErrors && result.code === 1 ? 0 : result.code, errors: kept };
}

function expectOutcome(outcome: { code: number; errors: string[] }, c: Case): void {
  if (c.expectError === null) {
    expect(outcome.errors).toEqual([]);
    expect(outcome.code).toBe(0);
    return;
  }
  expect(outcome.code).toBe(1);
  const messages = outcome.errors.map((line) => line.replace(/^<stdin>:\d+:\d+: /, ""));
  if (c.exact) expect(messages).toContain(c.expectError);
  else expect(messages.some((message) => message.includes(c.expectError ?? ""))).toBe(true);
}

describe("upstream instruction tests (cases.json) through dfbuild parse", () => {
  test.each(upstream.map((c) => [JSON.stringify(c.input), c] as const))("%s", async (_name, c) => {
    expectOutcome(await parseErrors(c.input), c);
  });
});

describe("observed parse and instruction cases through dfbuild parse", () => {
  const cases = observed.filter((c) => c.stage !== "expand");
  test.each(cases.map((c) => [`${c.stage ?? ""} ${JSON.stringify(c.input)}`, c] as const))("%s", async (_name, c) => {
    const outcome = await parseErrors(c.input, "instruction");
    expectOutcome(outcome, c);
    if (c.stage === "parse" && c.errorLine !== undefined && c.expectError !== "file with no instructions") {
      // BuildKit numbers directive errors from 0; every other line number is 1-based, like ours.
      const line = c.expectError?.includes("directive") || c.expectError?.includes("escape token") ? c.errorLine + 1 : c.errorLine;
      expect(outcome.errors[0]).toMatch(new RegExp(`^<stdin>:${line}:`));
    }
  });
});

/** The words BuildKit expands for an instruction, in the order it expands them. */
function expandedWords(instruction: Instruction): Word[] {
  switch (instruction.type) {
    case "Workdir":
      return instruction.path ? [instruction.path] : [];
    case "User":
      return instruction.user ? [instruction.user] : [];
    case "Volume":
      return instruction.paths;
    case "Env":
    case "Label":
      return instruction.pairs.flatMap((pair) => [pair.key, pair.value]);
    case "Copy":
    case "Add":
      return [...instruction.sources, ...(instruction.destination ? [instruction.destination] : [])];
    default:
      return [];
  }
}

function expandFirstInstruction(ast: Dockerfile, env: Record<string, string>): string | null {
  const [instruction] = ast.instructions;
  if (!instruction) return "no instruction";
  const flagWords = instruction.flags.filter((flag) => ["chown", "chmod"].includes(flag.name)).map((flag) => flag.value ?? "");
  for (const word of [...flagWords, ...expandedWords(instruction).map((w) => w.value)]) {
    const result = expand(word, env, { escape: ast.escape });
    if (!result.ok) return result.message;
  }
  return null;
}

describe("observed expand-stage cases", () => {
  const cases = observed.filter((c) => c.stage === "expand");
  const isMount = (c: Case): boolean => c.input.startsWith("RUN --mount");
  const literalMounts = cases.filter((c) => isMount(c) && Object.keys(c.env ?? {}).length === 0);
  const withEnv = cases.filter((c) => !literalMounts.includes(c));

  test.each(literalMounts.map((c) => [JSON.stringify(c.input), c] as const))("dfbuild parse reports literal mount %s", async (_name, c) => {
    expectOutcome(await parseErrors(c.input), { ...c, exact: true });
  });

  test.each(withEnv.map((c) => [JSON.stringify(c.input), c] as const))("expand with the case's env: %s", (_name, c) => {
    const env = c.env ?? {};
    const { ast } = parse(c.input);
    const [instruction] = ast.instructions;
    let error: string | null;
    if (instruction?.type === "Run") {
      const values = instruction.flags.filter((flag) => flag.name === "mount").map((flag) => flag.value ?? "");
      error = values.map((value) => validateMount(value, env, ast.escape)).find((message) => message !== null) ?? null;
    } else {
      error = expandFirstInstruction(ast, env);
    }
    expect(error).toBe(c.expectError);
  });
});
