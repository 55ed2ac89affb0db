import { defineRule } from "@dfbuild/linter";
import { onFirstLine } from "./utils/stage-reference.js";

/** Names BuildKit gives a meaning of its own (`dockerfile2llb.reservedStageNames`). */
const RESERVED = new Set(["scratch", "context"]);

export default defineRule({
  meta: {
    id: "reserved-stage-name",
    scope: "instruction",
    aliases: ["DL3063", "ReservedStageName"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    docs: { description: "Do not name a stage `scratch` or `context`: those names already mean something" },
    messages: {
      reserved: 'Stage name "{{name}}" is reserved: FROM {{name}} means {{meaning}}, not this stage. Rename the stage.',
    },
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    return {
      From: (node) => {
        if (!node.stageName) return;
        // BuildKit compares the lower-cased name (`dockerfile2llb.validateStageNames`); hadolint the name as written.
        const name = hadolint ? node.stageName.value : node.stageName.value.toLowerCase();
        if (!RESERVED.has(name)) return;
        const meaning = name === "scratch" ? "the empty image" : "the build context (a named context)";
        context.report({ range: onFirstLine(node, node.stageName), messageId: "reserved", data: { name, meaning } });
      },
    };
  },
});
