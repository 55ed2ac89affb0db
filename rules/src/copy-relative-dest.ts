import type { AddInstruction, CopyInstruction } from "@dfbuild/parser";
import { type StageInfo, defineRule } from "@dfbuild/linter";
import { hadolintImageName } from "./utils/image-stages.js";
import { dropQuotes } from "./utils/hadolint-rule.js";

/** `/x`, `C:\x`, `c:/x`, `\x`: a destination that does not depend on WORKDIR. */
function isAbsolute(path: string): boolean {
  return path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:/.test(path);
}

export default defineRule({
  meta: {
    id: "copy-relative-dest",
    aliases: ["DL3045"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    docs: { description: "Set WORKDIR before copying to a relative destination" },
    messages: {
      relative:
        "{{keyword}} to the relative destination {{dest}} in a stage without WORKDIR: where it lands depends on the base image's working directory. Set WORKDIR first, or use an absolute path.",
    },
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";

    if (hadolint) {
      // hadolint tracks WORKDIR per stage, keyed by alias or else image name (so two `FROM
      // debian` share one entry), inherited when a FROM names a key it knows.
      const workdirSet = new Map<string, boolean>();
      let current: string | null = null;
      return {
        From: (node) => {
          const parent = hadolintImageName(node);
          current = node.stageName?.value ?? parent;
          workdirSet.set(current, workdirSet.get(parent) ?? false);
        },
        Workdir: () => {
          workdirSet.set(current ?? "", true);
        },
        Copy: (node) => {
          if (workdirSet.get(current ?? "") === true || !node.destination) return;
          const dest = dropQuotes(node.destination.value);
          if (isAbsolute(dest) || dest.startsWith("$")) return;
          context.report({ node: node.destination, messageId: "relative", data: { keyword: "COPY", dest } });
        },
      };
    }

    /** Where each stage's first WORKDIR starts (Infinity: none), found once per stage. */
    const firstWorkdir = new Map<StageInfo, number>();
    const workdirAt = (stage: StageInfo): number => {
      let offset = firstWorkdir.get(stage);
      if (offset === undefined) {
        offset = stage.instructions.find((instruction) => instruction.type === "Workdir")?.range.start.offset ?? Infinity;
        firstWorkdir.set(stage, offset);
      }
      return offset;
    };
    const check = (node: CopyInstruction | AddInstruction) => {
      if (!node.destination) return;
      const stage = file.stageOf(node);
      // A WORKDIR earlier in the stage, or anywhere in the stages it builds on.
      if (stage && workdirAt(stage) < node.range.start.offset) return;
      for (let base = stage?.baseStage ?? null; base; base = base.baseStage) if (workdirAt(base) < Infinity) return;
      const dest = file.resolve(node.destination, node);
      if (dest === null || dest === "" || isAbsolute(dest)) return;
      context.report({ node: node.destination, messageId: "relative", data: { keyword: node.keyword.name, dest } });
    };
    return { Copy: check, Add: check };
  },
});
