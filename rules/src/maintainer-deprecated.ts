import { defineRule } from "@dfbuild/linter";
import { quoteValue } from "./utils/instructions.js";

export default defineRule({
  meta: {
    id: "maintainer-deprecated",
    scope: "instruction",
    aliases: ["DL4000", "MaintainerDeprecated"],
    severity: "warning",
    hadolint: "error",
    type: "suggestion",
    fixable: true,
    fixChanges: ["maintainer-label"],
    docs: { description: "Use LABEL maintainer=… instead of the deprecated MAINTAINER instruction" },
    messages: { deprecated: 'MAINTAINER is deprecated; use LABEL maintainer="…", which tools and registries read.' },
  },
  create(context) {
    return {
      Maintainer: (node) => {
        const value = node.maintainer?.value ?? "";
        const end = node.maintainer ? node.maintainer.range.end.offset : node.keyword.range.end.offset;
        context.report({
          node: node.keyword,
          messageId: "deprecated",
          // A multi-line MAINTAINER keeps its line structure out of the fix; rare enough to leave to people.
          fix:
            value === "" || node.range.start.line !== node.range.end.line
              ? null
              : (fixer) => fixer.replaceTextRange([node.range.start.offset, end], `LABEL maintainer=${quoteValue(value, context.file.escape)}`),
        });
      },
    };
  },
});
