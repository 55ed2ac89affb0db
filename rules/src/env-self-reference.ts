import { defineRule } from "@dfbuild/linter";
import { variableReferences } from "./utils/instructions.js";

export default defineRule({
  meta: {
    id: "env-self-reference",
    aliases: ["DL3044"],
    severity: "error",
    hadolint: "error",
    type: "problem",
    scope: "stage",
    docs: { description: "Do not refer to a variable in the same ENV instruction that defines it: the reference sees the old value" },
    messages: {
      selfReference:
        "${{name}} refers to {{name}} as defined before this ENV, not to the value set earlier in the same instruction (BuildKit expands all values first). Set {{name}} in a separate ENV above.",
    },
  },
  create(context) {
    return {
      Env: (node) => {
        const scope = context.file.scopeAt(node);
        const definedHere = new Set<string>();
        for (const pair of node.pairs) {
          for (const reference of variableReferences(pair.value)) {
            if (definedHere.has(reference.name) && !scope.has(reference.name)) context.report({ range: reference.range, messageId: "selfReference", data: { name: reference.name } });
          }
          definedHere.add(pair.key.value);
        }
      },
    };
  },
});
