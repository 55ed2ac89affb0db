import { defineRule } from "@dfbuild/linter";
import { baseImageOf } from "./utils/base-image.js";

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
    return {
      From: (node) => {
        const image = baseImageOf(context.file, node);
        if (image?.reference.tag === "latest" && image.reference.digest === null) context.report({ node: image.word, messageId: "latest", data: { image: image.shown } });
      },
    };
  },
});
