import { defineRule } from "@dfbuild/linter";
import { onFirstLine } from "./utils/stage-reference.js";
import { exposedPorts } from "./utils/port-spec.js";

export default defineRule({
  meta: {
    id: "expose-invalid-format",
    aliases: ["ExposeInvalidFormat"],
    severity: "warning",
    type: "problem",
    scope: "stage",
    hasSuggestions: true,
    docs: { description: "EXPOSE only the container's port: an IP address or host port belongs to `docker run -p`" },
    messages: {
      format:
        "EXPOSE {{port}} defines an IP address or host-port mapping, which EXPOSE ignores (the image only records {{exposed}}); BuildKit will make this an error. Publish ports with `docker run -p`, and EXPOSE {{fixed}}.",
      containerPort: "Write {{fixed}}",
    },
  },
  create(context) {
    const { file } = context;
    return {
      Expose: (node) => {
        for (const { word, port, spec, written } of exposedPorts(file, node)) {
          if (spec.ip === "" && spec.hostPort === "") continue;
          const fixed = spec.protocol === "" ? spec.containerPort : `${spec.containerPort}/${spec.protocol}`;
          const exposed = `${spec.containerPort}/${spec.protocol === "" ? "tcp" : spec.protocol.toLowerCase()}`;
          context.report({
            range: onFirstLine(node, word),
            messageId: "format",
            data: { port, fixed, exposed },
            // Same exposed ports, but the classic builder's history records the text: a suggestion.
            suggest: written ? [{ messageId: "containerPort", data: { fixed }, fix: (fixer) => fixer.replaceText(word, fixed) }] : [],
          });
        }
      },
    };
  },
});
