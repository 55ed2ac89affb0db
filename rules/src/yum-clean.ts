import { type ShellCommand, defineRule } from "@dfbuild/linter";
import { mountTargetsHold } from "./utils/cache-mounts.js";
import { appendToScript, removesDirectory, runsAfter } from "./utils/cleanup.js";
import { cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { RPM_TOOLS, YUM, toolCalls } from "./utils/package-managers.js";
import { runCommands } from "./utils/run-commands.js";
import { cacheDirectories, fillsCache, rpmSubcommand } from "./utils/rpm.js";
import { layerFacts, readLayerFacts } from "./utils/layer-facts.js";

const YUM_CACHE = cacheDirectories("yum");

/** `yum clean all` (or dnf's, on systems where yum is dnf), or removing yum's cache directory. */
function cleansCache(command: ShellCommand): boolean {
  if (removesDirectory(command, YUM_CACHE.absolute)) return true;
  return toolCalls([command], RPM_TOOLS).some((call) => call.subcommand?.value === "clean" && call.operands.some((word) => word.value === "all"));
}

export default defineRule({
  meta: {
    id: "yum-clean",
    aliases: ["DL3032"],
    severity: "info",
    hadolint: "warning",
    type: "suggestion",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "End a RUN that installs with yum with `yum clean all`" },
    messages: {
      noClean:
        "yum {{subcommand}} leaves repository metadata and downloaded packages in /var/cache/yum (/var/cache/dnf where yum is dnf) in this layer; end the RUN with `yum clean all`, or keep the cache in a cache mount.",
      appendClean: "Append `&& yum clean all` to this RUN.",
    },
    shell: true,
    mentions: ["yum"],
    // Re-read on an edit only where a RUN, whether its stage ships or its mounts changed.
    scope: "instruction",
    facts: layerFacts,
  },
  create(context) {
    return {
      Run: (node, info) => {
        if (context.settings.preset === "hadolint") {
          // hadolint: the first `yum … install …` must come before the first `yum clean`/`yum all`
          // or `rm` with `-rf` or `/var/cache/yum/*`; in every stage.
          const commands = hadolintCommands(context, node);
          const install = commands.findIndex((command) => cmdHasArgs(command, "yum", ["install"]));
          const clean = commands.findIndex((command) => cmdHasArgs(command, "yum", ["clean", "all"]) || cmdHasArgs(command, "rm", ["-rf", "/var/cache/yum/*"]));
          const installing = commands[install];
          if (installing && !(clean !== -1 && install < clean)) context.report({ node: installing.command, messageId: "noClean", data: { subcommand: "install" } });
          return;
        }
        const facts = readLayerFacts(info);
        if (!facts.ships) return;
        const commands = runCommands(context, node);
        const last = toolCalls(commands, YUM).filter(fillsCache).pop();
        if (!last || mountTargetsHold(facts.mountTargets, YUM_CACHE) || runsAfter(commands, last.index, cleansCache)) return;
        const { verb, nested } = rpmSubcommand(last);
        const append = appendToScript(context, node, "yum clean all");
        context.report({
          node: last.command,
          messageId: "noClean",
          data: { subcommand: nested ? `${verb ?? ""} ${nested}` : (verb ?? "") },
          suggest: append ? [{ messageId: "appendClean", fix: append }] : [],
        });
      },
    };
  },
});
