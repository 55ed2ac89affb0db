import { defineRule } from "@dfbuild/linter";

export default defineRule({
  meta: {
    id: "label-unexpected",
    aliases: ["DL3050"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    docs: { description: "With strict-labels, set only the labels the label schema lists" },
    messages: {
      unexpected: "Label {{name}} is not in the label schema ({{schema}}); with strict-labels only those labels are allowed.",
      hadolint: "Superfluous label(s) present.",
    },
  },
  create(context) {
    const { labelSchema: schema, strictLabels } = context.settings;
    if (!strictLabels) return {};
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    const listed = [...schema.keys()].join(", ") || "empty";
    return {
      Label: (node) => {
        if (hadolint) {
          // hadolint: one finding per LABEL instruction with any such key.
          if (node.pairs.some((pair) => !schema.has(pair.key.value))) context.report({ node: node.keyword, messageId: "hadolint" });
          return;
        }
        for (const pair of node.pairs) {
          const name = file.resolve(pair.key, node);
          if (name !== null && !schema.has(name)) context.report({ node: pair.key, messageId: "unexpected", data: { name, schema: listed } });
        }
      },
    };
  },
});
