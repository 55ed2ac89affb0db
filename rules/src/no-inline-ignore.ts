import { defineRule } from "@dfbuild/linter";

/** hadolint's line pragma (`Hadolint.Pragma.ignoreParser`): only rule codes, then an optional `# reason`. */
const HADOLINT_LINE_PRAGMA = /^hadolint[ \t]+ignore[ \t]*=[ \t]*[DLSC0-9]+(?:[ \t]*,[ \t]*[DLSC0-9]+)*[ \t]*(?:#.*)?$/;
/** Every comment that switches rules off: hadolint's pragmas of any scope, and dfbuild's. */
const SUPPRESSION = /^(?:hadolint\s+(?:(?:global|stage)\s+)?ignore\s*=|dfbuild-ignore(?:-file)?(?:\s|$))/;

export default defineRule({
  meta: {
    id: "no-inline-ignore",
    aliases: ["DL1001"],
    severity: "info",
    hadolint: "off",
    type: "suggestion",
    recommended: false,
    docs: { description: "Do not switch rules off with comments in the Dockerfile: exceptions belong in the shared configuration" },
    messages: {
      inline: "This comment switches lint rules off in the file itself; record the exception in the configuration (.dfbuild.yaml) where it is reviewed with the others.",
      hadolint: "Please refrain from using inline ignore pragmas `# hadolint ignore=DLxxxx`.",
    },
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    return {
      Comment: (node) => {
        // hadolint: only the line pragma, and only when it parses.
        if (hadolint) {
          if (HADOLINT_LINE_PRAGMA.test(node.value)) context.report({ node, messageId: "hadolint" });
          return;
        }
        if (SUPPRESSION.test(node.value)) context.report({ node, messageId: "inline" });
      },
    };
  },
});
