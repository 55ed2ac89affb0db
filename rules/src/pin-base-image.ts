import { defineRule } from "@dfbuild/linter";
import { baseImageOf } from "./utils/base-image.js";

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
    return {
      From: (node) => {
        const image = baseImageOf(context.file, node);
        if (image?.reference.tag === null && image.reference.digest === null) {
          context.report({ node: image.word, messageId: "untagged", data: { image: image.shown, name: image.reference.name } });
        }
      },
    };
  },
});
