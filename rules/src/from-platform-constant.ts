import { defineRule } from "@dfbuild/linter";
import { expandPlatform, parsePlatform } from "./utils/platform.js";
import { flagOf, onFirstLine } from "./utils/stage-reference.js";

export default defineRule({
  meta: {
    id: "from-platform-constant",
    aliases: ["DL3029", "FromPlatformFlagConstDisallowed"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    docs: { description: "Do not pin `FROM --platform` to a constant: the image stops following the platform it is built for" },
    messages: {
      constant:
        'FROM --platform is the constant "{{platform}}", so this stage ignores the platform it is built for. Use $BUILDPLATFORM for a build-only stage, or name the stage after its platform (e.g. "build-{{arch}}") if pinning it is intended.',
      hadolint: "Do not use --platform with FROM unless it is $BUILDPLATFORM or $TARGETPLATFORM: a constant platform ignores the one being built for.",
    },
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    const { file } = context;
    return {
      From: (node) => {
        const flag = flagOf(node, "platform");
        if (flag?.value === null || flag?.value === undefined) return;
        const range = onFirstLine(node, flag);
        if (hadolint) {
          if (!flag.value.includes("BUILDPLATFORM") && !flag.value.includes("TARGETPLATFORM")) context.report({ range, messageId: "hadolint" });
          return;
        }
        // BuildKit's `reportConstPlatformDisallowed`: any variable makes it no constant; a value
        // that does not parse fails the build anyway; a stage named after the OS or architecture
        // pins its platform on purpose.
        const expansion = expandPlatform(file, node, flag.value);
        if (!expansion || expansion.matched.length > 0 || expansion.unmatched.length > 0) return;
        const platform = parsePlatform(expansion.value);
        if (!platform) return;
        const stageName = node.stageName?.value.toLowerCase() ?? "";
        if (stageName.includes(platform.os) || stageName.includes(platform.architecture)) return;
        context.report({ range, messageId: "constant", data: { platform: expansion.value, arch: platform.architecture } });
      },
    };
  },
});
