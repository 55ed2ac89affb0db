import type { LabelInstruction } from "@dfbuild/parser";
import { type LabelType, defineRule } from "@dfbuild/linter";
import { isInvalidLabelValue } from "./label-values.js";
import { languageDockerPairValue } from "./language-docker.js";

interface TypedLabelRule {
  id: string;
  code: string;
  type: Exclude<LabelType, "text">;
  /** How the message names the expected format. */
  format: string;
  example: string;
}

/** The label-schema labels of one LABEL instruction, with their values (ARG/ENV resolved, or as written under hadolint). */
export function schemaLabels(
  node: LabelInstruction,
  schema: ReadonlyMap<string, LabelType>,
  resolve: (pair: LabelInstruction["pairs"][number]) => string | null,
): { pair: LabelInstruction["pairs"][number]; name: string; type: LabelType; value: string }[] {
  const found = [];
  for (const pair of node.pairs) {
    const type = schema.get(pair.key.value);
    if (type === undefined) continue;
    const value = resolve(pair);
    if (value !== null) found.push({ pair, name: pair.key.value, type, value });
  }
  return found;
}

/**
 * A rule checking the values of the label-schema labels of one type (hadolint DL3052–DL3058). It
 * does nothing unless `label-schema` gives a label that type; an empty value is `label-empty`'s.
 */
export function typedLabelRule(options: TypedLabelRule) {
  return defineRule({
    meta: {
      id: options.id,
      aliases: [options.code],
      severity: "warning",
      hadolint: "warning",
      type: "problem",
      docs: { description: `Give label-schema labels of type ${options.type} ${options.format}` },
      messages: { invalid: `Label {{name}} is "{{value}}", which is not ${options.format} (e.g. ${options.example}), as the label schema requires.` },
    },
    create(context) {
      const schema = context.settings.labelSchema;
      if (![...schema.values()].includes(options.type)) return {};
      const { file } = context;
      const hadolint = context.settings.preset === "hadolint";
      return {
        Label: (node) => {
          const labels = schemaLabels(node, schema, (pair) => (hadolint ? languageDockerPairValue(pair) : file.resolve(pair.value, node)));
          for (const { pair, name, type, value } of labels) {
            if (type !== options.type || value === "" || !isInvalidLabelValue(type, value, hadolint)) continue;
            context.report({ node: pair.value, messageId: "invalid", data: { name, value } });
          }
        },
      };
    },
  });
}
