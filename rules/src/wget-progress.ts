import type { RunInstruction } from "@dfbuild/parser";
import { type StageInfo, defineRule, parseOptions } from "@dfbuild/linter";
import { isBusyboxBased } from "./utils/base-os.js";
import { invocations } from "./utils/shell-commands.js";

/** `apk add … wget`: GNU wget replacing BusyBox's applet. */
const INSTALLS_GNU_WGET = /\bapk\b.*\badd\b[^;&|]*\bwget\b/s;

/** GNU wget options that take the next word as their value (those a Dockerfile uses). */
const WGET_VALUED = new Set(["O", "output-document", "o", "output-file", "a", "append-output", "P", "directory-prefix", "U", "user-agent", "t", "tries", "T", "timeout", "e", "execute", "i", "input-file", "B", "base", "w", "wait", "Q", "quota", "header", "user", "password", "post-data", "body-data", "method", "ca-certificate", "certificate", "private-key", "progress"]);

const WGET = ["wget"];

export default defineRule({
  meta: {
    id: "wget-progress",
    aliases: ["DL3047"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    scope: "stage",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "Give wget a quiet or coarse progress option: its default progress output floods the build log" },
    messages: {
      progress:
        "wget without a progress option prints a line of dots per 50 KB into the build log (it has no terminal to draw a bar on). Add -q (any wget, BusyBox's too), or --progress=dot:giga or -nv (GNU wget).",
      addQuiet: "Add -q",
      addProgress: "Add --progress=dot:giga (GNU wget only)",
    },
    shell: true,
    mentions: ["wget"],
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    /**
     * BusyBox's wget (Alpine's) prints no progress at all without a terminal, so it floods
     * nothing, unless the stage installs GNU wget.
     */
    const busyboxWget = (stage: StageInfo): boolean => {
      if (!isBusyboxBased(stage)) return false;
      for (let s: StageInfo | null = stage; s; s = s.baseStage) {
        for (const instruction of s.instructions) {
          if (instruction.type === "Run" && instruction.command?.type === "ShellForm" && INSTALLS_GNU_WGET.test(instruction.command.value)) return false;
        }
      }
      return true;
    };
    const busyboxByStage = new Map<StageInfo, boolean>();
    return {
      Run: (node: RunInstruction, { onbuild }) => {
        const script = context.shell(node);
        if (!script) return;
        const stage = onbuild ? null : file.stageOf(node);
        if (!hadolint && stage) {
          let known = busyboxByStage.get(stage);
          if (known === undefined) busyboxByStage.set(stage, (known = busyboxWget(stage)));
          if (known) return;
        }
        for (const command of invocations(context, script, WGET)) {
          const { options } = parseOptions(command, WGET_VALUED);
          const quiet = options.some((option) => ["progress", "q", "quiet", "no-verbose", "o", "output-file", "a", "append-output"].includes(option.name));
          // `-nv` is one option (--no-verbose), not -n -v.
          if (quiet || command.args.some((arg) => arg.value === "-nv")) continue;
          context.report({
            node: command,
            messageId: "progress",
            suggest: [
              { messageId: "addQuiet", fix: (fixer) => fixer.insertTextAfter(command.nameWord, " -q") },
              { messageId: "addProgress", fix: (fixer) => fixer.insertTextAfter(command.nameWord, " --progress=dot:giga") },
            ],
          });
        }
      },
    };
  },
});
