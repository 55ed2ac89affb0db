import { defineRule } from "@dfbuild/linter";
import { baseImageOf } from "./utils/base-image.js";
import { parseImageReference } from "./utils/image.js";

export default defineRule({
  meta: {
    id: "pin-base-image",
    aliases: ["DL3006"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    docs: { description: "Tag the base image explicitly (an untagged image means `latest`)" },
    messages: { untagged: "{{image}} has no tag, so it means latest and changes under you; pin a release tag, e.g. {{name}}:<version>." },
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    const aliases = new Set<string>();
    return {
      From: (node) => {
        if (hadolint) {
          // hadolint's DL3006 (src/Hadolint/Rule/DL3006.hs): the image as written, no variable
          // expanded; `$…` names, scratch and earlier aliases (as written) pass.
          const word = node.image;
          const seen = aliases.has(word?.value ?? "");
          if (node.stageName) aliases.add(node.stageName.value);
          if (!word || word.value.startsWith("$") || seen) return;
          const reference = parseImageReference(word.value);
          if (reference.name !== "scratch" && reference.tag === null && reference.digest === null) {
            context.report({ node: word, messageId: "untagged", data: { image: word.value, name: reference.name } });
          }
          return;
        }
        const image = baseImageOf(context.file, node);
        if (image?.reference.tag === null && image.reference.digest === null) {
          context.report({ node: image.word, messageId: "untagged", data: { image: image.shown, name: image.reference.name } });
        }
      },
    };
  },
});
