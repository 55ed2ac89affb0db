import { defineRule } from "@dfbuild/linter";

const PORT_SPEC = /^(\d+)(?:-(\d+))?(?:\/[A-Za-z]+)?$/;

export default defineRule({
  meta: {
    id: "expose-port-range",
    aliases: ["DL3011"],
    severity: "error",
    hadolint: "error",
    type: "problem",
    scope: "stage",
    docs: { description: "EXPOSE only ports from 0 to 65535" },
    messages: { outOfRange: "EXPOSE {{port}}: {{bad}} is not a port; ports go from 0 to 65535." },
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    return {
      Expose: (node) => {
        for (const word of node.ports) {
          // hadolint reads the text as written (a variable is no number); dfbuild the value.
          const value = hadolint ? word.value : file.resolve(word, node);
          if (value === null) continue;
          // One word may expand to several ports (`EXPOSE $PORTS`).
          for (const port of value.split(/\s+/)) {
            const match = PORT_SPEC.exec(port);
            if (!match) continue;
            const bad = [match[1], match[2]].find((number) => number !== undefined && Number(number) > 65535);
            if (bad !== undefined) context.report({ node: word, messageId: "outOfRange", data: { port, bad } });
          }
        }
      },
    };
  },
});
