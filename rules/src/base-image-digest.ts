import { defineRule } from "@dfbuild/linter";
import { baseImageOf } from "./utils/base-image.js";

export default defineRule({
  meta: {
    id: "base-image-digest",
    severity: "info",
    type: "suggestion",
    // Opt-in: pinning by digest trades automatic security updates of the tag for reproducibility,
    // a choice each team makes (with a bot such as Renovate or Dependabot to move the digest).
    recommended: false,
    docs: { description: "Pin base images by digest (name:tag@sha256:…) so every build starts from the same bytes" },
    messages: {
      digest:
        "{{image}} is not pinned by digest: the tag can be moved to other content at any time, so two builds of this file may start from different images. Pin it as {{name}}@sha256:<digest> (keep the tag for readers), and let a bot update the digest.",
    },
  },
  create(context) {
    return {
      From: (node) => {
        // The image the build pulls without --build-arg (scratch, earlier stages and unknown
        // names are not registry images).
        const image = baseImageOf(context.file, node);
        if (image?.reference.digest !== null) return;
        const name = image.reference.tag === null ? image.reference.name : `${image.reference.name}:${image.reference.tag}`;
        context.report({ node: image.word, messageId: "digest", data: { image: image.shown, name } });
      },
    };
  },
});
