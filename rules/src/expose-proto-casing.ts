import { defineRule } from "@dfbuild/linter";
import { onFirstLine } from "./utils/stage-reference.js";
import { exposedPorts } from "./utils/port-spec.js";

export default defineRule({
  meta: {
    id: "expose-proto-casing",
    aliases: ["ExposeProtoCasing"],
    severity: "warning",
    type: "layout",
    hasSuggestions: true,
    docs: { description: "Write the protocol of an EXPOSE port in lower case (`80/tcp`)" },
    messages: {
      casing: "Defined protocol '{{port}}' in EXPOSE instruction should be lowercase: write {{fixed}}.",
      lowercase: "Write {{fixed}}",
    },
  },
  create(context) {
    const { file } = context;
    return {
      Expose: (node) => {
        for (const { word, port, spec, written } of exposedPorts(file, node)) {
          if (spec.protocol === spec.protocol.toLowerCase()) continue;
          const fixed = `${port.slice(0, port.length - spec.protocol.length)}${spec.protocol.toLowerCase()}`;
          context.report({
            range: onFirstLine(node, word),
            messageId: "casing",
            data: { port, fixed },
            // The image's port is the same (both builders lower-case it), but the classic
            // builder's history records the text as written: a suggestion, not an automatic fix.
            suggest: written ? [{ messageId: "lowercase", data: { fixed }, fix: (fixer) => fixer.replaceText(word, fixed) }] : [],
          });
        }
      },
    };
  },
});
