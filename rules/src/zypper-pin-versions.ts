import { defineRule } from "@dfbuild/linter";
import { argsNoFlags, cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { ZYPPER, isOneOf, toolCalls } from "./utils/package-managers.js";
import { unpinnedReport, unpinnedSpecs } from "./utils/pins.js";
import { readScopeFacts, scopeFacts } from "./utils/scope-facts.js";
import { runCommands } from "./utils/run-commands.js";

/** zypper(8) capabilities with an edition: `name=1.2`, `name>=1.2`, `name<2`…; or an RPM file. hadolint's test. */
function pinned(spec: string): boolean {
  return /[=<>]/.test(spec) || spec.endsWith(".rpm");
}

export default defineRule({
  meta: {
    id: "zypper-pin-versions",
    aliases: ["DL3037"],
    severity: "warning",
    hadolint: "warning",
    recommended: false,
    type: "suggestion",
    onbuild: true,
    docs: { description: "Pin the versions of the packages zypper installs" },
    messages: {
      unpinned: "zypper installs {{packages}} at whatever version the repositories have that day; pin each (`{{example}}=<version>`) so a rebuild installs what was tested.",
    },
    shell: true,
    mentions: ["zypper"],
    // Re-read on an edit only where a RUN, or an ARG/ENV value it could expand, changed.
    scope: "instruction",
    facts: scopeFacts,
  },
  create(context) {
    return {
      Run: (node, info) => {
        if (context.settings.preset === "hadolint") {
          // hadolint: the non-flag words of `zypper … install|in …` need `=`, `<`, `>` or `.rpm`; once per RUN.
          for (const command of hadolintCommands(context, node)) {
            if (!cmdHasArgs(command, "zypper", ["install", "in"])) continue;
            const packages = argsNoFlags(command).filter((arg) => arg !== "install" && arg !== "in" && !pinned(arg));
            if (packages.length === 0) continue;
            context.report({ node: command.command, messageId: "unpinned", data: { packages: packages.join(", "), example: packages[0] ?? "" } });
            return;
          }
          return;
        }
        for (const call of toolCalls(runCommands(context, node), ZYPPER)) {
          if (!isOneOf(call.subcommand, ["install", "in"])) continue;
          // Patterns, patches and products (`-t pattern`) have no version to choose.
          const type = call.options.options.find((option) => option.name === "t" || option.name === "type")?.value;
          if (type !== undefined && type !== null && type !== "package") continue;
          const report = unpinnedReport(unpinnedSpecs(readScopeFacts(info), call.operands, (spec) => pinned(spec) || spec.includes("/")));
          if (report) context.report({ range: report.range, messageId: "unpinned", data: report.data });
        }
      },
    };
  },
});
