import { defineRule } from "@dfbuild/linter";
import { expandPlatform, platformPlaceholder } from "./utils/platform.js";
import { flagOf, onFirstLine } from "./utils/stage-reference.js";

/** The whitespace after a flag, removed with it. */
const TRAILING_SPACE = /^[ \t]+/;

export default defineRule({
  meta: {
    id: "redundant-target-platform",
    aliases: ["DL3065", "RedundantTargetPlatform"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    fixable: true,
    fixChanges: ["from-target-platform"],
    docs: { description: "Drop `FROM --platform=$TARGETPLATFORM`: the target platform is already the default" },
    messages: {
      redundant: "Setting --platform to the predefined {{platform}} is redundant: a FROM builds for the target platform by default. Remove the flag.",
    },
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    const { file } = context;
    return {
      From: (node) => {
        const flag = flagOf(node, "platform");
        if (flag?.value === null || flag?.value === undefined) return;
        let redundant: boolean;
        if (hadolint) {
          redundant = flag.value === "$TARGETPLATFORM" || flag.value === "${TARGETPLATFORM}";
        } else {
          // BuildKit's `reportRedundantTargetPlatform`: the only variable the value uses is
          // TARGETPLATFORM and the expansion is exactly its value (`${TARGETPLATFORM:-x}` too).
          const expansion = expandPlatform(file, node, flag.value);
          redundant =
            expansion !== null &&
            expansion.unmatched.length === 0 &&
            expansion.matched.length === 1 &&
            expansion.matched[0] === "TARGETPLATFORM" &&
            // (A global `ARG TARGETPLATFORM=…` makes the value a constant: `expandPlatform` gives the
            // placeholder only to the automatic ARG.)
            expansion.value === platformPlaceholder("TARGETPLATFORM");
        }
        if (!redundant) return;
        const after = file.text.slice(flag.range.end.offset);
        const spaces = TRAILING_SPACE.exec(after)?.[0].length ?? 0;
        context.report({
          range: onFirstLine(node, flag),
          messageId: "redundant",
          data: { platform: flag.value },
          // Same platform either way, so removing the flag cannot change the image.
          fix: spaces > 0 ? (fixer) => fixer.removeRange([flag.range.start.offset, flag.range.end.offset + spaces]) : null,
        });
      },
    };
  },
});
