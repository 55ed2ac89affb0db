import { defineRule } from "@dfbuild/linter";
import { baseImageOf } from "./utils/base-image.js";
import { parseImageReference } from "./utils/image.js";

export default defineRule({
  meta: {
    id: "no-latest-tag",
    aliases: ["DL3007"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    docs: { description: "Do not build on the `latest` tag: it moves, so the same Dockerfile builds different images" },
    messages: { latest: "{{image}} uses the latest tag, which changes under you; pin a release tag (and ideally a digest)." },
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    return {
      From: (node) => {
        if (hadolint) {
          // hadolint's DL3007: the tag as written is `latest`, without a digest.
          const reference = node.image ? parseImageReference(node.image.value) : null;
          if (node.image && reference?.tag === "latest" && reference.digest === null) context.report({ node: node.image, messageId: "latest", data: { image: node.image.value } });
          return;
        }
        const image = baseImageOf(context.file, node);
        if (image?.reference.tag === "latest" && image.reference.digest === null) context.report({ node: image.word, messageId: "latest", data: { image: image.shown } });
      },
    };
  },
});
