import { defineRule } from "@dfbuild/linter";
import { schemaLabels } from "./utils/label-schema.js";
import { languageDockerPairValue } from "./utils/language-docker.js";

export default defineRule({
  meta: {
    id: "label-empty",
    aliases: ["DL3051"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    docs: { description: "Do not leave a label-schema label empty" },
    messages: { empty: "Label {{name}} is empty; the label schema requires a value." },
  },
  create(context) {
    const schema = context.settings.labelSchema;
    if (schema.size === 0) return {};
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    return {
      Label: (node) => {
        const labels = schemaLabels(node, schema, (pair) => (hadolint ? languageDockerPairValue(pair) : file.resolve(pair.value, node)));
        for (const { pair, name, value } of labels) if (value === "") context.report({ node: pair.key, messageId: "empty", data: { name } });
      },
    };
  },
});
