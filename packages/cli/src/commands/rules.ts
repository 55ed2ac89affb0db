import { parseArgs } from "node:util";
import { PRESET_NAMES, RuleRegistry, presetLevel, presetVersionOf } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { type CliIo, UsageError } from "../io.js";

export const rulesUsage = `Usage: dfbuild rules [--format text|json]

Lists every lint rule: id, aliases (hadolint codes, BuildKit check names), its level in each
preset (recommended, strict, hadolint: off or the severity), whether --fix can fix it, and what it
checks. Any id or alias works in configuration, inline ignores and --rule.`;

function listRules(argv: string[], io: CliIo): number {
  const { values } = parseArgs({
    args: argv,
    options: { format: { type: "string", default: "text" }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    io.stdout(`${rulesUsage}\n`);
    return 0;
  }
  const registry = new RuleRegistry(rules);
  const rows = registry.rules.map((rule) => {
    const { meta } = rule;
    return {
      id: meta.id,
      aliases: meta.aliases ?? [],
      severity: meta.severity,
      presets: Object.fromEntries(PRESET_NAMES.map((name) => [name, presetLevel(rule, { name, version: "latest" })])),
      presetVersion: presetVersionOf(rule),
      fixable: meta.fixable === true,
      hasSuggestions: meta.hasSuggestions === true,
      type: meta.type,
      description: meta.docs.description,
      url: meta.docs.url ?? null,
      unavailable: meta.unavailable?.() ?? null,
    };
  });
  if (values.format === "json") {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (values.format !== "text") throw new UsageError(`dfbuild rules: unknown format "${values.format}" (expected text or json)`);
  const idWidth = Math.max(...rows.map((row) => row.id.length));
  const aliasWidth = Math.max(...rows.map((row) => row.aliases.join(", ").length));
  const level = (value: string | undefined) => (value ?? "").padEnd(11);
  io.stdout(`${"RULE".padEnd(idWidth)}  ${"ALIASES".padEnd(aliasWidth)}  ${level("RECOMMENDED")}  ${level("STRICT")}  ${level("HADOLINT")}  FIX         DESCRIPTION\n`);
  const notes: string[] = [];
  for (const row of rows) {
    if (row.unavailable !== null) notes.push(`${row.id}: cannot run here: ${row.unavailable}.`);
    const fix = row.fixable ? "yes" : row.hasSuggestions ? "suggestion" : "";
    io.stdout(
      `${row.id.padEnd(idWidth)}  ${row.aliases.join(", ").padEnd(aliasWidth)}  ${level(row.presets.recommended)}  ${level(row.presets.strict)}  ${level(row.presets.hadolint)}  ${fix.padEnd(10)}  ${row.description}\n`,
    );
  }
  if (notes.length > 0) io.stdout(`\n${notes.join("\n")}\n`);
  return 0;
}

export function rulesCommand(argv: string[], io: CliIo): Promise<number> {
  return Promise.resolve(listRules(argv, io));
}
