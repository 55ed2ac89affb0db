import { type LintFile, defineRule } from "@dfbuild/linter";
import type { Instruction } from "@dfbuild/parser";
import { cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { ZYPPER, isOneOf, toolCallsIn } from "./utils/package-managers.js";

/**
 * openSUSE's rolling releases, where `zypper dup` is the documented way to update
 * (en.opensuse.org/Tumbleweed, en.opensuse.org/openSUSE:Slowroll).
 */
const ROLLING = /(^|\/)opensuse\/(tumbleweed|slowroll)([:@]|$)/;

/** The image the stage's chain of `FROM <stage>` starts from. */
function rootImage(file: LintFile, instruction: Instruction): string | null {
  let stage = file.stageOf(instruction);
  while (stage?.baseStage) stage = stage.baseStage;
  return stage?.baseImage ?? null;
}

export default defineRule({
  meta: {
    id: "zypper-no-dist-upgrade",
    aliases: ["DL3035"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    scope: "stage",
    onbuild: true,
    docs: { description: "Do not run zypper dist-upgrade in a Dockerfile; use a newer base image" },
    messages: {
      distUpgrade:
        "zypper {{subcommand}} may move the image to a new release of the distribution (and replace vendor packages), so it no longer matches its base image; build on a newer base image, or use `zypper -n update`/`patch` for updates within the release.",
    },
    shell: true,
    mentions: ["zypper"],
  },
  create(context) {
    return {
      Run: (node, info) => {
        if (context.settings.preset === "hadolint") {
          const zypper = hadolintCommands(context, node).find((command) => cmdHasArgs(command, "zypper", ["dist-upgrade", "dup"]));
          if (zypper) context.report({ node: zypper.command, messageId: "distUpgrade", data: { subcommand: "dist-upgrade" } });
          return;
        }
        const image = (info.onbuild ? null : rootImage(context.file, node))?.toLowerCase() ?? "";
        // ROLLING needs "opensuse/": other images never run it, so a start does not compile it
        // (V8 compiles a pattern when it first runs, again to machine code when it runs twice).
        if (image.includes("opensuse/") && ROLLING.test(image)) return;
        for (const call of toolCallsIn(context, node, ZYPPER)) {
          if (isOneOf(call.subcommand, ["dist-upgrade", "dup"])) context.report({ node: call.command, messageId: "distUpgrade", data: { subcommand: call.subcommand?.value ?? "" } });
        }
      },
    };
  },
});
