import { parseArgs } from "node:util";
import { RuleRegistry } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { type CliIo, UsageError } from "../io.js";

export const rulesUsage = `Usage: dfbuild rules [--format text|json]

Lists every lint rule: id, aliases (hadolint codes, BuildKit check names), default severity,
whether --fix can fix it, and what it checks. Any id or alias works in configuration, inline
ignores and --rule.`;

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
  const rows = registry.rules.map(({ meta }) => ({
    id: meta.id,
    aliases: meta.aliases ?? [],
    severity: meta.severity,
    fixable: meta.fixable === true,
    hasSuggestions: meta.hasSuggestions === true,
    type: meta.type,
    description: meta.docs.description,
  }));
  if (values.format === "json") {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (values.format !== "text") throw new UsageError(`dfbuild rules: unknown format "${values.format}" (expected text or json)`);
  const idWidth = Math.max(...rows.map((row) => row.id.length));
  const aliasWidth = Math.max(...rows.map((row) => row.aliases.join(", ").length));
  io.stdout(`${"RULE".padEnd(idWidth)}  ${"ALIASES".padEnd(aliasWidth)}  SEVERITY  FIX  DESCRIPTION\n`);
  for (const row of rows) {
    io.stdout(`${row.id.padEnd(idWidth)}  ${row.aliases.join(", ").padEnd(aliasWidth)}  ${row.severity.padEnd(8)}  ${row.fixable ? "yes" : "   "}  ${row.description}\n`);
  }
  return 0;
}

export function rulesCommand(argv: string[], io: CliIo): Promise<number> {
  return Promise.resolve(listRules(argv, io));
}
