import type { RunInstruction } from "@dfbuild/parser";
import { defineRule, parseOptions } from "@dfbuild/linter";
import { invocations } from "./utils/shell-commands.js";

const USERADD_VALUED = new Set(["b", "base-dir", "c", "comment", "d", "home-dir", "e", "expiredate", "f", "inactive", "g", "gid", "G", "groups", "k", "skel", "K", "key", "p", "password", "R", "root", "P", "prefix", "s", "shell", "u", "uid", "Z", "selinux-user", "btrfs-subvolume-home"]);

const USERADD = ["useradd"];

export default defineRule({
  meta: {
    id: "useradd-no-log-init",
    scope: "instruction",
    aliases: ["DL3046"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "Pass --no-log-init to useradd with a large UID: lastlog and faillog grow with the UID" },
    messages: {
      logInit: "useradd with the UID {{uid}} and without -l/--no-log-init writes sparse /var/log/lastlog and faillog sized by the UID, which image layers store in full (gigabytes for large UIDs). Add --no-log-init.",
      addNoLogInit: "Add --no-log-init",
    },
    shell: true,
    mentions: ["useradd"],
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    return {
      Run: (node: RunInstruction) => {
        const script = context.shell(node);
        if (!script) return;
        for (const command of invocations(context, script, USERADD)) {
          const options = parseOptions(command, USERADD_VALUED).options;
          if (options.some((option) => option.name === "l" || option.name === "no-log-init")) continue;
          const uid = options.find((option) => option.name === "u" || option.name === "uid");
          if (!uid) continue;
          // hadolint reads the word as written (`${UID}` included); dfbuild only a literal number.
          const value = uid.value ?? (hadolint ? (command.args[command.args.indexOf(uid.word) + 1]?.text ?? null) : null);
          if (value === null) continue;
          // hadolint: more than 5 characters. dfbuild: a number above 99999 (lastlog holds one
          // record per UID up to the highest); a variable's value is not known here.
          const large = hadolint ? value.length > 5 : /^\d+$/.test(value) && Number(value) > 99999;
          if (!large) continue;
          context.report({
            node: command,
            messageId: "logInit",
            data: { uid: value },
            // A suggestion: the image changes (smaller log files), as intended.
            suggest: [{ messageId: "addNoLogInit", fix: (fixer) => fixer.insertTextAfter(command.nameWord, " --no-log-init") }],
          });
        }
      },
    };
  },
});
