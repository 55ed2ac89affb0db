import { defineRule } from "@dfbuild/linter";
import { argsNoFlags, cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { APK, toolCalls } from "./utils/package-managers.js";
import { unpinnedReport, unpinnedSpecs } from "./utils/pins.js";
import { readScopeFacts, scopeFacts } from "./utils/scope-facts.js";
import { runCommands } from "./utils/run-commands.js";

/**
 * apk's version constraints (apk-world(5): `name=ver`, `name~ver`, `name>ver`, `name<ver`,
 * `name=~ver`…) or a package file. hadolint's test, plus any path (a file given by its path).
 */
function pinned(spec: string): boolean {
  return /[=~<>]/.test(spec) || spec.endsWith(".apk");
}

export default defineRule({
  meta: {
    id: "apk-pin-versions",
    aliases: ["DL3018"],
    severity: "warning",
    hadolint: "warning",
    recommended: false,
    type: "suggestion",
    onbuild: true,
    docs: { description: "Pin the versions of the packages apk add installs" },
    messages: {
      unpinned:
        "apk add installs {{packages}} at whatever version the repository has that day; pin each (`{{example}}=<version>`, or `{{example}}~<major.minor>` to follow patch releases) so a rebuild installs what was tested.",
    },
    shell: true,
    // apk and xx-apk.
    mentions: ["apk"],
    // Re-read on an edit only where a RUN, or an ARG/ENV value it could expand, changed.
    scope: "instruction",
    facts: scopeFacts,
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    return {
      Run: (node, info) => {
        if (hadolint) {
          // hadolint: an `apk … add …` whose non-flag words, without the values of -t/--virtual
          // and -X/--repository, are not all pinned; once per RUN.
          for (const command of hadolintCommands(context, node)) {
            if (!cmdHasArgs(command, "apk", ["add"])) continue;
            const packages = argsNoFlags(command, ["t", "virtual", "repository", "X"]).filter((arg) => arg !== "add" && !pinned(arg));
            if (packages.length === 0) continue;
            context.report({ node: command.command, messageId: "unpinned", data: { packages: packages.join(", "), example: packages[0] ?? "" } });
            return;
          }
          return;
        }
        for (const call of toolCalls(runCommands(context, node), APK)) {
          if (call.subcommand?.value !== "add") continue;
          const report = unpinnedReport(unpinnedSpecs(readScopeFacts(info), call.operands, (spec) => pinned(spec) || spec.includes("/")));
          if (report) context.report({ range: report.range, messageId: "unpinned", data: report.data });
        }
      },
    };
  },
});
