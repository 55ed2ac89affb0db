import { defineRule } from "@dfbuild/linter";
import { argsNoFlags, cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { APT_FAMILY, INSTALL_PACKAGES, toolCalls } from "./utils/package-managers.js";
import { unpinnedReport, unpinnedSpecs } from "./utils/pins.js";
import { readScopeFacts, scopeFacts } from "./utils/scope-facts.js";
import { runCommands } from "./utils/run-commands.js";

/**
 * What apt-get accepts as a choice of version (apt-get(8), "install"): `pkg=version`, a release
 * `pkg/bookworm-backports`, or a `.deb` file (a path has a `/` too). hadolint's test, too.
 */
function pinned(spec: string): boolean {
  return spec.includes("=") || spec.includes("/") || spec.endsWith(".deb");
}

/** `pkg-` asks apt-get install to remove pkg: nothing is installed, so nothing needs a version. */
function removes(spec: string): boolean {
  return spec.endsWith("-");
}

export default defineRule({
  meta: {
    id: "apt-pin-versions",
    aliases: ["DL3008"],
    severity: "warning",
    hadolint: "warning",
    recommended: false,
    type: "suggestion",
    onbuild: true,
    docs: { description: "Pin the versions of the packages apt-get installs" },
    messages: {
      unpinned: "{{tool}} installs {{packages}} at whatever version the mirror has that day; pin each (`{{example}}=<version>`) so a rebuild installs what was tested.",
    },
    shell: true,
    // The apt tools, and bitnami's install_packages.
    mentions: ["apt", "install_packages"],
    // Re-read on an edit only where a RUN, or an ARG/ENV value it could expand, changed.
    scope: "instruction",
    facts: scopeFacts,
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    return {
      Run: (node, info) => {
        if (hadolint) {
          // hadolint: any `apt-get … install …` whose non-flag words (after dropping -t's value) are not all pinned.
          for (const command of hadolintCommands(context, node)) {
            if (!cmdHasArgs(command, "apt-get", ["install"])) continue;
            const packages = argsNoFlags(command, ["t", "target-release"]).filter((arg) => arg !== "install" && !pinned(arg));
            if (packages.length === 0) continue;
            context.report({ node: command.command, messageId: "unpinned", data: { tool: "apt-get", packages: packages.join(", "), example: packages[0] ?? "" } });
            return;
          }
          return;
        }
        const commands = runCommands(context, node);
        const calls = [...toolCalls(commands, APT_FAMILY).filter((call) => call.subcommand?.value === "install"), ...toolCalls(commands, INSTALL_PACKAGES)];
        calls.sort((a, b) => a.index - b.index);
        for (const call of calls) {
          const unpinned = unpinnedSpecs(readScopeFacts(info), call.operands, (spec) => pinned(spec) || removes(spec));
          const report = unpinnedReport(unpinned);
          if (report) context.report({ range: report.range, messageId: "unpinned", data: { tool: call.command.program ?? "apt-get", ...report.data } });
        }
      },
    };
  },
});
