import { defineRule } from "@dfbuild/linter";
import { onFirstLine } from "./utils/stage-reference.js";

const isLower = (text: string) => text === text.toLowerCase();
const isUpper = (text: string) => text === text.toUpperCase();

export default defineRule({
  meta: {
    id: "from-as-casing",
    scope: "instruction",
    aliases: ["FromAsCasing"],
    severity: "warning",
    type: "layout",
    fixable: true,
    fixChanges: [],
    docs: { description: "Write the `AS` of a FROM in the same case as `FROM`" },
    messages: {
      casing: '"{{as}}" and "{{from}}" keywords\' casing do not match: write "{{from}} … {{fixed}} …".',
    },
  },
  create(context) {
    return {
      From: (node) => {
        // BuildKit `instructions.doesFromCaseMatchAsCase`: only when FROM is all lower or all
        // upper case (a mixed-case FROM is ConsistentInstructionCasing's finding), the AS word
        // must be in that case too.
        const as = node.as;
        if (!as || !node.stageName) return;
        const from = node.keyword.text;
        const fixed = isLower(from) ? as.value.toLowerCase() : isUpper(from) ? as.value.toUpperCase() : null;
        if (fixed === null || fixed === as.value) return;
        context.report({
          range: onFirstLine(node, as),
          messageId: "casing",
          data: { as: as.value, from, fixed },
          // Keywords are case-insensitive: the build reads the same file.
          fix: (fixer) => fixer.replaceText(as, fixed),
        });
      },
    };
  },
});
