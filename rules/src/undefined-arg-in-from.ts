import type { Range } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { flagOf, onFirstLine } from "./utils/stage-reference.js";
import { suggestName } from "./utils/suggest.js";

function within(range: Range, outer: Range | null): boolean {
  return outer !== null && range.start.offset >= outer.start.offset && range.end.offset <= outer.end.offset;
}

export default defineRule({
  meta: {
    id: "undefined-arg-in-from",
    aliases: ["UndefinedArgInFrom"],
    severity: "warning",
    type: "problem",
    scope: "stage",
    docs: { description: "Declare the ARGs a FROM uses before the first FROM: only global ARGs reach FROM" },
    messages: {
      undeclared:
        "FROM argument '{{name}}' is not declared: FROM sees only the ARGs declared before the first FROM (and BuildKit's platform ARGs), so it expands to nothing. Declare `ARG {{name}}` above the first FROM.",
      undeclaredSuggest:
        "FROM argument '{{name}}' is not declared (did you mean {{suggestion}}?): FROM sees only the ARGs declared before the first FROM (and BuildKit's platform ARGs), so it expands to nothing.",
    },
  },
  create(context) {
    const { file } = context;
    return {
      From: (node) => {
        const references = file.semantic.fromReferences(node);
        if (references.length === 0) return;
        // BuildKit (`dockerfile2llb/convert.go`, `buildDispatchStates` → `reportUnusedFromArgs`)
        // expands the image name and then `--platform`, each with the global ARGs, and reports every
        // variable either one looked up that is neither a declared global ARG (with or without a
        // value) nor one it predefines: once per variable per word.
        const platform = flagOf(node, "platform")?.valueRange ?? null;
        const options = [...file.semantic.scopeAt(node).keys()];
        for (const inPlatform of [false, true]) {
          const seen = new Set<string>();
          for (const reference of references) {
            if (reference.definition !== null || within(reference.range, platform) !== inPlatform || seen.has(reference.name)) continue;
            seen.add(reference.name);
            const suggestion = suggestName(reference.name, options);
            context.report({
              range: onFirstLine(node, reference),
              messageId: suggestion === null ? "undeclared" : "undeclaredSuggest",
              data: suggestion === null ? { name: reference.name } : { name: reference.name, suggestion },
            });
          }
        }
      },
    };
  },
});
