import { defineRule } from "@dfbuild/linter";

export default defineRule({
  meta: {
    id: "onbuild-invalid-trigger",
    scope: "instruction",
    aliases: ["DL3043"],
    severity: "error",
    hadolint: "error",
    type: "problem",
    docs: { description: "Do not use ONBUILD, FROM or MAINTAINER as an ONBUILD trigger" },
    messages: { invalid: "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction." },
  },
  create(context) {
    // BuildKit refuses these triggers when it reads the file (`instructions.ParseInstruction`:
    // "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", "FROM isn't allowed as an ONBUILD
    // trigger"), and the parser reports them as parse errors with those words. This rule adds
    // hadolint's own finding only under the hadolint preset, so no problem is reported twice.
    if (context.settings.preset !== "hadolint") return {};
    return {
      Onbuild: (node) => {
        const trigger = node.trigger;
        if (trigger && (trigger.type === "Onbuild" || trigger.type === "From" || trigger.type === "Maintainer")) context.report({ node: trigger.keyword, messageId: "invalid" });
      },
    };
  },
});
