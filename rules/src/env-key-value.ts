import type { EnvInstruction, KeyValue, LabelInstruction } from "@dfbuild/parser";
import { defineRule, type LintFile } from "@dfbuild/linter";
import { parseWord } from "@dfbuild/parser";
import { onFirstLine } from "./utils/stage-reference.js";

/**
 * The `key=value` spelling of a legacy `key value` pair, or null when it cannot be written
 * without changing the value (quotes or escapes inside a value that needs quoting).
 */
function keyValueText(file: LintFile, pair: KeyValue): string | null {
  // The key and the whole value on one line (a value over several lines would need its line breaks kept).
  if (pair.key.range.start.line !== pair.value.range.end.line) return null;
  const key = file.text.slice(pair.key.range.start.offset, pair.key.range.end.offset);
  const raw = file.text.slice(pair.value.range.start.offset, pair.value.range.end.offset);
  if (raw === "") return null;
  const parts = parseWord(raw, { escape: file.escape, skipProcessQuotes: false });
  const unquotedSpace = parts.some((part) => part.type === "Literal" && /\s/.test(part.value));
  if (!unquotedSpace) return `${key}=${raw}`;
  if (/["'`]/.test(raw) || raw.includes(file.escape)) return null;
  return `${key}="${raw}"`;
}

export default defineRule({
  meta: {
    id: "env-key-value",
    scope: "instruction",
    aliases: ["LegacyKeyValueFormat"],
    severity: "warning",
    type: "suggestion",
    fixable: true,
    fixChanges: [],
    docs: { description: "Write ENV and LABEL as key=value: the legacy `key value` form is deprecated and sets one variable per line" },
    messages: {
      legacy: '"{{keyword}} {{key}} value" is the legacy form; write {{keyword}} {{key}}=value (BuildKit LegacyKeyValueFormat).',
    },
  },
  create(context) {
    const check = (node: EnvInstruction | LabelInstruction) => {
      for (const pair of node.pairs) {
        if (!pair.legacy) continue;
        const replacement = keyValueText(context.file, pair);
        // BuildKit (`dockerfile2llb/convert.go`, `dispatchEnv`/`dispatchLabel`) reports each legacy
        // pair at the instruction: a pair on a continuation line is reported on the first line.
        context.report({
          range: onFirstLine(node, pair),
          messageId: "legacy",
          data: { keyword: node.keyword.name, key: pair.key.value },
          fix: replacement === null ? null : (fixer) => fixer.replaceTextRange([pair.key.range.start.offset, pair.value.range.end.offset], replacement),
        });
      }
    };
    return { Env: check, Label: check };
  },
});
