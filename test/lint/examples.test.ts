/**
 * The examples: the classic Dockerfile gets the findings a reviewer would give, and --fix over
 * every Dockerfile under examples/ leaves no fixable finding and changes nothing but the fixes.
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RuleRegistry, lintText } from "@dfbuild/linter";
import { parse } from "@dfbuild/parser";
import { rules } from "@dfbuild/rules";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { copyOf } from "./helpers.js";

const examples = resolve(dirname(fileURLToPath(import.meta.url)), "../../examples");
const registry = new RuleRegistry(rules);

test("examples/classic gets the findings a reviewer would give", async () => {
  const result = await runCli(["lint", "--format", "compact", "examples/classic"], "", resolve(examples, ".."));
  expect(result.code).toBe(1);
  expect(result.stdout.trim().split("\n").map((line) => line.replace(/: (error|warning|info|style): .*\[/, ": $1 ["))).toEqual([
    "examples/classic/Dockerfile:2:1: warning [maintainer-deprecated]",
    "examples/classic/Dockerfile:3:5: info [apt-lists-cleanup]",
    "examples/classic/Dockerfile:3:5: warning [apt-update-with-install]",
    "examples/classic/Dockerfile:4:1: info [consecutive-run]",
    "examples/classic/Dockerfile:4:5: info [apt-no-install-recommends]",
  ]);
});

/**
 * What a Dockerfile does, with the effect of the fixes normalised away: MAINTAINER becomes a
 * maintainer label, legacy ENV/LABEL pairs become key=value, merged RUNs are one list of
 * commands, and apt-get's -y / --no-install-recommends are ignored.
 */
function meaning(text: string): string[] {
  const { ast } = parse(text);
  const out: string[] = [];
  let runs: string[] | null = null;
  const flushRuns = () => {
    if (runs) out.push(`RUN ${runs.join(" && ")}`);
    runs = null;
  };
  for (const instruction of ast.instructions) {
    if (instruction.type === "Run" && instruction.command?.type === "ShellForm" && instruction.heredocs.length === 0) {
      const commands = instruction.command.value
        .split("&&")
        .map((command) => command.replace(/ (-y|--no-install-recommends)(?= )/g, "").trim().replace(/\s+/g, " "));
      runs = [...(runs ?? []), ...commands];
      continue;
    }
    flushRuns();
    if (instruction.type === "Maintainer") out.push(`LABEL maintainer=${instruction.maintainer?.value ?? ""}`);
    else if (instruction.type === "Env" || instruction.type === "Label") {
      for (const pair of instruction.pairs) out.push(`${instruction.keyword.name} ${pair.key.value}=${pair.value.value.replace(/^"(.*)"$/, "$1")}`);
    } else out.push(instruction.original);
  }
  flushRuns();
  return out;
}

describe("--fix over every Dockerfile under examples/", () => {
  const files = readdirSync(examples, { recursive: true, encoding: "utf8" })
    .filter((path) => /(^|\/)(Dockerfile|Containerfile|[^/]+\.(Dockerfile|Containerfile)|(Dockerfile|Containerfile)\.[^/]+)$/i.test(path) && !path.endsWith(".dockerignore"))
    .sort();
  test("there are examples", () => {
    expect(files).toContain("classic/Dockerfile");
  });
  test.each(files)("%s", async (file) => {
    const copy = copyOf(examples);
    const before = readFileSync(join(copy, file), "utf8");
    await runCli(["lint", "--fix", "--format", "json", file], "", copy);
    const after = readFileSync(join(copy, file), "utf8");
    const remaining = lintText(after, { registry, filePath: relative(copy, join(copy, file)) });
    expect(remaining.findings.filter((finding) => finding.fix).map((finding) => finding.ruleId)).toEqual([]);
    expect(parse(after).diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual(parse(before).diagnostics.filter((diagnostic) => diagnostic.severity === "error"));
    expect(meaning(after)).toEqual(meaning(before));
  });
});
