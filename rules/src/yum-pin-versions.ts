import { defineRule } from "@dfbuild/linter";
import { HadolintVariableScopes } from "./utils/hadolint-variables.js";
import { argsNoFlags, cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { YUM, toolCalls } from "./utils/package-managers.js";
import { unpinnedReport, unpinnedSpecs } from "./utils/pins.js";
import { scopeLookup } from "./utils/scope-facts.js";
import { runCommands } from "./utils/run-commands.js";
import { hadolintRpmVersioned, rpmInstallOperands, rpmSpecPinned } from "./utils/rpm.js";

export default defineRule({
  meta: {
    id: "yum-pin-versions",
    aliases: ["DL3033"],
    severity: "warning",
    hadolint: "warning",
    recommended: false,
    type: "suggestion",
    onbuild: true,
    docs: { description: "Pin the versions of the packages yum installs" },
    messages: {
      unpinned: "yum installs {{packages}} at whatever version the repositories have that day; pin each (`{{example}}`) so a rebuild installs what was tested.",
    },
    shell: true,
    mentions: ["yum"],
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    const variables = new HadolintVariableScopes();
    return {
      ...(hadolint ? variables.visitors() : {}),
      Run: (node, info) => {
        if (hadolint) {
          // hadolint: packages of `yum … install …` (not `yum module`) need a version-like part after
          // a `-` (or a defined variable); `yum module … install` specs need a `:`; once per RUN.
          const known = variables.at(info);
          for (const command of hadolintCommands(context, node)) {
            if (!cmdHasArgs(command, "yum", ["install"])) continue;
            const module = cmdHasArgs(command, "yum", ["module"]);
            const unpinned = argsNoFlags(command).filter(
              (arg) => arg !== "install" && arg !== "module" && !(module ? arg.includes(":") : arg.includes("$") ? known.defines(arg) : hadolintRpmVersioned(arg)),
            );
            if (unpinned.length === 0) continue;
            context.report({ node: command.command, messageId: "unpinned", data: { packages: unpinned.join(", "), example: module ? `${unpinned[0] ?? ""}:<stream>` : `${unpinned[0] ?? ""}-<version>` } });
            return;
          }
          return;
        }
        for (const call of toolCalls(runCommands(context, node), YUM)) {
          const install = rpmInstallOperands(call);
          if (!install) continue;
          const report = unpinnedReport(unpinnedSpecs(scopeLookup(context.file, node), install.words, (spec) => rpmSpecPinned(spec, install.module)));
          if (report) context.report({ range: report.range, messageId: "unpinned", data: { packages: report.data.packages, example: install.module ? `${report.data.example}:<stream>` : `${report.data.example}-<version>` } });
        }
      },
    };
  },
});
