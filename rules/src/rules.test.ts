/**
 * Every rule has its docs and its tests beside it, the index lists exactly the rule files, and
 * each doc's Bad example triggers the rule while its Good example does not.
 */
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type LabelType, type LintConfig, RuleRegistry, defaultConfig, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { rules } from "./index.js";

const directory = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(directory);
const ruleFiles = files.filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "index.ts").map((file) => file.slice(0, -3));
const HEADINGS = ["## What it checks", "## Why", "## Bad", "## Good", "## Fix"];

/**
 * The settings a rule's examples need (`trustedRegistries`, `label-schema`, `strict-labels`), from
 * a yaml block under the doc's "## Configuration" heading.
 */
function exampleSettings(doc: string): Partial<LintConfig> {
  const match = /\n## Configuration\n\n[^`]*```yaml\n([\s\S]*?)```/.exec(doc);
  if (!match?.[1]) return {};
  const data = parseYaml(match[1]) as Record<string, unknown>;
  const trusted = data.trustedRegistries;
  const schema = data["label-schema"];
  return {
    trustedRegistries: Array.isArray(trusted) ? trusted.map(String) : [],
    labelSchema: new Map(Object.entries(schema && typeof schema === "object" ? (schema as Record<string, LabelType>) : {})),
    strictLabels: data["strict-labels"] === true,
  };
}

/** The build context's `.dockerignore` a rule's examples need (CopyIgnoredFile): the doc's `dockerignore` block. */
function exampleDockerignore(doc: string): { dockerignore?: string } {
  const match = /```dockerignore\n([\s\S]*?)```/.exec(doc);
  return match?.[1] === undefined ? {} : { dockerignore: match[1] };
}

function example(doc: string, heading: "Bad" | "Good"): string {
  const match = new RegExp(`## ${heading}\\n\\n\`\`\`dockerfile\\n([\\s\\S]*?)\`\`\``).exec(doc);
  if (!match?.[1]) throw new Error(`no dockerfile example under "## ${heading}"`);
  return match[1];
}

test("the index lists exactly the rule files, sorted by id", () => {
  const ids = rules.map((rule) => rule.meta.id);
  expect(ids).toEqual([...ruleFiles].sort());
  expect(ids).toEqual([...ids].sort());
});

test("ids and aliases are unique across rules (an alias may name a family)", () => {
  expect(() => new RuleRegistry(rules)).not.toThrow();
});

describe.each(rules.map((rule) => [rule.meta.id, rule] as const))("%s", (id, rule) => {
  const doc = files.includes(`${id}.md`) ? readFileSync(join(directory, `${id}.md`), "utf8") : "";

  test("has docs with the standard sections in order, naming its aliases", () => {
    expect(doc.startsWith(`# ${id}\n`), `${id}.md must start with "# ${id}"`).toBe(true);
    const positions = HEADINGS.map((heading) => doc.indexOf(`\n${heading}\n`));
    expect(positions.every((position) => position > 0), `${id}.md needs ${HEADINGS.join(", ")}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const alias of rule.meta.aliases ?? []) expect(doc).toContain(`\`${alias}\``);
  });

  // The summary paragraph under the title is what a reader sees first: it must say what meta says.
  test("its doc's summary states its severity, aliases and fixability as meta does", () => {
    const summary = doc.split("\n\n")[1]?.replace(/\n/g, " ") ?? "";
    const severity = /^Severity: (error|warning|info|style)\b/.exec(summary)?.[1];
    // ShellCheck's findings carry ShellCheck's levels; its doc says so instead of one severity.
    if (severity === undefined) expect(summary).toMatch(/^Severity: ShellCheck's own for each finding/);
    else expect(severity).toBe(rule.meta.severity);
    const aliases = /\bAliases: ((?:`[^`]+`(?:, )?)+)/.exec(summary)?.[1];
    expect(aliases?.split(", ").map((alias) => alias.slice(1, -1)) ?? [], `${id}.md's "Aliases:"`).toEqual(rule.meta.aliases ?? []);
    expect(summary.includes("Fixable with `--fix`"), `${id}.md says "Fixable with \`--fix\`" exactly when meta.fixable`).toBe(rule.meta.fixable === true);
  });

  test("every message and its description say something", () => {
    expect(rule.meta.docs.description.trim()).not.toBe("");
    for (const [messageId, message] of Object.entries<string>(rule.meta.messages)) expect(message.trim(), `${id}'s message ${messageId}`).not.toBe("");
  });

  test("has RuleTester cases", () => {
    expect(files).toContain(`${id}.test.ts`);
    expect(readFileSync(join(directory, `${id}.test.ts`), "utf8")).toContain("new RuleTester().run(");
  });

  const unavailable = rule.meta.unavailable?.() ?? null;
  // A rule that needs a program (shellcheck) runs where it is installed; CI installs it.
  test.skipIf(unavailable !== null && process.env.CI !== "true")("its Bad example is reported and its Good example is not", () => {
    const registry = new RuleRegistry([rule]);
    // On whatever the presets say (opt-in rules included); a rule that reports only under the
    // hadolint preset says so on its doc's second line.
    const preset = doc.split("\n")[2]?.includes("only under the `hadolint` preset") ? "hadolint" : "recommended";
    const config: LintConfig = { ...defaultConfig(), ...exampleSettings(doc), preset, levels: new Map([[id, rule.meta.severity]]) };
    const bad = lintText(example(doc, "Bad"), { registry, config, only: [id], ...exampleDockerignore(doc) });
    expect(bad.findings.filter((finding) => finding.ruleId === id).length).toBeGreaterThan(0);
    const good = lintText(example(doc, "Good"), { registry, config, only: [id], ...exampleDockerignore(doc) });
    expect(good.findings.filter((finding) => finding.ruleId === id)).toEqual([]);
  });
});
