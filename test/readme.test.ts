/**
 * The README's statements that can be read off the code, checked against it: the rule table (ids,
 * aliases, fix kinds, opt-in marks, the documentation each rule links to), the severities that
 * differ from hadolint's, the preset version, the package table, and the console examples of
 * `dfbuild parse` and `dfbuild fmt` (run, their output compared). test/README-claims.md lists every
 * claim of the README with the test or benchmark that backs it.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { runCli } from "./cli.js";

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const readme = readFileSync(join(repo, "README.md"), "utf8");

interface RuleRow {
  id: string;
  aliases: string[];
  presets: Record<"recommended" | "strict" | "hadolint", string>;
  presetVersion: number;
  fixable: boolean;
  hasSuggestions: boolean;
  url: string;
}

const listed = await runCli(["rules", "--format", "json"]);
const registry = JSON.parse(listed.stdout) as RuleRow[];

/** The markdown table that follows the line `header`, as rows of trimmed cells. */
function table(header: string): string[][] {
  const lines = readme.split("\n");
  const start = lines.indexOf(header);
  expect(start, `README.md has no table headed ${header}`).toBeGreaterThan(-1);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
  }
  return rows;
}

interface TableEntry {
  id: string;
  /** The parenthesised note right after the id, if any: `(opt-in)`, `(with \`label-schema\`)`… */
  note: string;
  aliases: string[];
  fix: string;
}

/** "DL3052–DL3056, DL3058" → each code. */
function expandAliases(cell: string): string[] {
  return cell
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .flatMap((part) => {
      const range = /^DL(\d+)–DL(\d+)$/.exec(part);
      if (range === null) return [part];
      const codes: string[] = [];
      for (let code = Number(range[1]); code <= Number(range[2]); code += 1) codes.push(`DL${String(code)}`);
      return codes;
    });
}

function ruleTable(): TableEntry[] {
  return table("| rule | aliases | fix |").map(([rules = "", aliases = "", fix = ""]) => {
    const ids = [...rules.matchAll(/`([a-z0-9-]+)`(?:\s*\(([^()]*(?:\([^()]*\))?[^()]*)\))?/g)];
    expect(ids.length, rules).toBeGreaterThan(0);
    return ids.map(([, id = "", note = ""]) => ({ id, note, aliases: expandAliases(aliases), fix }));
  }).flat();
}

describe("the README's rule table is the rule registry", () => {
  const entries = ruleTable();

  test("every rule is listed once, and only rules that exist", () => {
    expect(entries.map((entry) => entry.id).sort()).toEqual(registry.map((rule) => rule.id).sort());
  });

  test("each row's aliases are its rules' aliases", () => {
    const rows = new Map<string, { aliases: string[]; ids: string[] }>();
    for (const entry of entries) {
      const key = entry.aliases.join(",");
      const row = rows.get(key) ?? { aliases: entry.aliases, ids: [] };
      row.ids.push(entry.id);
      rows.set(key, row);
    }
    for (const { aliases, ids } of rows.values()) {
      const actual = new Set(registry.filter((rule) => ids.includes(rule.id)).flatMap((rule) => rule.aliases));
      expect([...actual].sort(), ids.join(", ")).toEqual([...aliases].sort());
    }
  });

  test("the fix column: yes for a fix, suggestion for suggestions only, empty for neither", () => {
    for (const entry of entries) {
      const rule = registry.find((candidate) => candidate.id === entry.id);
      const kind = rule?.fixable === true ? "yes" : rule?.hasSuggestions === true ? "suggestion" : "";
      expect(kind, entry.id).toBe(entry.fix);
    }
  });

  test("(opt-in) marks exactly the rules the recommended preset leaves off", () => {
    const optIn = entries.filter((entry) => /\bopt-in\b/.test(entry.note)).map((entry) => entry.id);
    expect(optIn.sort()).toEqual(registry.filter((rule) => rule.presets.recommended === "off").map((rule) => rule.id).sort());
  });

  test("each rule's documentation is where the README says, and is what its findings link to", () => {
    for (const rule of registry) {
      const path = rule.url.replace("https://github.com/dfbuild/dfbuild/blob/main/", "");
      const engineRule = ["parse-error", "invalid-directive", "no-empty-continuation"].includes(rule.id);
      expect(path, rule.id).toBe(engineRule ? `packages/linter/docs/${rule.id}.md` : `rules/src/${rule.id}.md`);
      expect(existsSync(join(repo, path)), path).toBe(true);
    }
  });
});

describe("presets", () => {
  test("the severities that differ from hadolint's in recommended are the ones the README names", () => {
    const paragraph = /Severities that differ from hadolint's in `recommended`[^:]*:([\s\S]*?)\n\n/.exec(readme)?.[1] ?? "";
    const text = paragraph.replace(/\s+/g, " ");
    const named = [...paragraph.matchAll(/`([a-z0-9-]+)`/g)].map((match) => match[1]).sort();
    const differing = registry.filter((rule) => !["off", rule.presets.hadolint].includes(rule.presets.recommended) && rule.presets.hadolint !== "off");
    expect(named).toEqual(differing.map((rule) => rule.id).sort());
    // Each clause (between semicolons) gives its rules' level in recommended, then "LEVEL(s) in hadolint".
    for (const rule of differing) {
      const clause = text.split(";").find((part) => part.includes(`\`${rule.id}\``)) ?? "";
      const [ours = "", theirs = ""] = clause.split(/,(?= (?:an? )?\w+ in hadolint)/);
      expect(ours, rule.id).toMatch(new RegExp(`\\b${rule.presets.recommended}s?\\b`));
      expect(theirs, rule.id).toMatch(new RegExp(`\\b${rule.presets.hadolint}s? in hadolint`));
    }
  });

  test("this release is preset version 1: every rule joined at version 1", () => {
    expect(readme).toContain("This release is version 1.");
    expect(new Set(registry.map((rule) => rule.presetVersion))).toEqual(new Set([1]));
  });
});

test("the package table names every workspace package", () => {
  const named = table("| package | what |").map(([cell = ""]) => /^`([^`]+)`/.exec(cell)?.[1]);
  const packages = readdirSync(join(repo, "packages")).filter((name) => existsSync(join(repo, "packages", name, "package.json")));
  for (const name of packages) expect(named, name).toContain(`packages/${name}`);
});

describe("the README's console examples print what it shows", () => {
  /** The ```console blocks whose command is `printf … | dfbuild SUBCOMMAND …`, as [stdin, args, expected output]. */
  const examples = [...readme.matchAll(/```console\n\$ printf '([^']*)' \| dfbuild ([^\n]+)\n([\s\S]*?)```/g)].map(([, text = "", command = "", output = ""]) => ({
    stdin: text.replaceAll("\\n", "\n"),
    args: command.split(" "),
    output,
  }));

  test("there are two: dfbuild parse and dfbuild fmt", () => {
    expect(examples.map((example) => example.args[0])).toEqual(["parse", "fmt"]);
  });

  test.each(examples)("dfbuild $args", async ({ stdin, args, output }) => {
    const result = await runCli(args, stdin);
    // The README shows the terminal: standard output, then what went to standard error.
    expect(`${result.stdout}${result.stderr}`).toBe(output);
  });
});
