import { posix } from "node:path";
import type { CopyInstruction } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";
import { parseImageReference } from "./utils/image.js";
import { rootImageOf } from "./utils/base-os.js";
import { flagOf, stageSourcesByInstruction } from "./utils/stage-reference.js";
import { dropQuotes } from "./utils/hadolint-rule.js";

/**
 * Images built FROM scratch to be copied whole into another stage (tonistiigi/xx's README:
 * `COPY --from=xx / /`): their root holds only the helper files.
 */
const SCRATCH_HELPER_IMAGES = new Set(["tonistiigi/xx", "docker.io/tonistiigi/xx"]);

export default defineRule({
  meta: {
    id: "copy-from-root",
    aliases: ["DL3067"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    docs: { description: "Do not copy a whole filesystem from another stage or image onto `/`" },
    messages: {
      wholeFilesystem:
        "COPY --from={{from}} / / copies every file of {{from}} over this image: its package database, /etc and leftovers included. Copy the directories you need, or build on it with FROM {{from}}.",
    },
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    // hadolint drops the quotes at either end only (`dropQuotes`); dfbuild resolves variables and normalises `/.` and `//`.
    const isRoot = hadolint
      ? (text: string | null) => text !== null && dropQuotes(text) === "/"
      : (text: string | null) => text !== null && posix.normalize(text) === "/";
    let sources: ReturnType<typeof stageSourcesByInstruction> | null = null;
    /**
     * Whether the COPY's `--from` holds a whole OS: not a stage built FROM scratch (the usual way
     * to collect build outputs), not a scratch helper image, not a stage whose base is unknown.
     */
    const holdsAnOperatingSystem = (node: CopyInstruction): boolean => {
      sources ??= stageSourcesByInstruction(file);
      const reference = sources.get(node)?.[0];
      if (!reference) return false;
      let image: string | null = null;
      if (reference.resolution === "stage" && reference.target) image = rootImageOf(reference.target);
      else if (reference.resolution === "image") image = reference.text;
      if (image === null) return false;
      const name = parseImageReference(image).name.toLowerCase();
      return name !== "scratch" && !SCRATCH_HELPER_IMAGES.has(name);
    };
    return {
      Copy: (node) => {
        const from = flagOf(node, "from");
        if (!from?.value || !node.destination) return;
        const dest = hadolint ? node.destination.value : file.resolve(node.destination, node);
        if (!isRoot(dest)) return;
        const rootSource = node.sources.find((source) => isRoot(hadolint ? source.value : file.resolve(source, node)));
        if (!rootSource) return;
        if (!hadolint && !holdsAnOperatingSystem(node)) return;
        context.report({ range: { start: rootSource.range.start, end: node.destination.range.end }, messageId: "wholeFilesystem", data: { from: from.value } });
      },
    };
  },
});
