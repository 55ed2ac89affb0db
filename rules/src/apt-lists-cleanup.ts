import { type ShellCommand, defineRule } from "@dfbuild/linter";
import { hadolintCacheMountWith, mountTargetsHold } from "./utils/cache-mounts.js";
import { appendToScript, removesDirectory, runsAfter } from "./utils/cleanup.js";
import { cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { APT_FAMILY, toolCalls } from "./utils/package-managers.js";
import { runCommands } from "./utils/run-commands.js";
import { layerFacts, readLayerFacts } from "./utils/layer-facts.js";

const LISTS = "/var/lib/apt/lists";
const CLEANUP = "rm -rf /var/lib/apt/lists/*";

/**
 * Removes the package lists: `rm`/`find -delete` of /var/lib/apt/lists (or above it), or apt's
 * `dist-clean`/`distclean` (apt 2.7.8+: deletes every list file except the Release files).
 */
function removesLists(command: ShellCommand): boolean {
  if (removesDirectory(command, [LISTS])) return true;
  return toolCalls([command], APT_FAMILY).some((call) => call.subcommand?.value === "dist-clean" || call.subcommand?.value === "distclean");
}

export default defineRule({
  meta: {
    id: "apt-lists-cleanup",
    aliases: ["DL3009"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "Delete the apt package lists in the RUN that downloads them" },
    messages: {
      lists: "{{tool}} update leaves the package lists (tens of MB) in this layer; delete them at the end of the same RUN (`rm -rf /var/lib/apt/lists/*`) or keep them in a cache mount on /var/lib/apt/lists.",
      appendCleanup: "Append `&& rm -rf /var/lib/apt/lists/*` to this RUN.",
    },
    shell: true,
    // Every tool it reads (apt-get, apt, aptitude, xx-apt-get, xx-apt) has "apt" in its name.
    mentions: ["apt"],
    // Re-read on an edit only where a RUN, whether its stage ships or its mounts changed.
    scope: "instruction",
    facts: layerFacts,
  },
  create(context) {
    const hadolint = context.settings.preset === "hadolint";
    return {
      Run: (node, info) => {
        const facts = readLayerFacts(info);
        if (hadolint) {
          // hadolint: an apt/apt-get/aptitude command with an `update` argument and no `rm` with
          // `-rf` or `/var/lib/apt/lists/*` among its arguments, outside a cache or tmpfs mount.
          const commands = hadolintCommands(context, node);
          const update = commands.find((command) => cmdHasArgs(command, ["apt", "apt-get", "aptitude"], ["update"]));
          if (!update || commands.some((command) => cmdHasArgs(command, "rm", ["-rf", "/var/lib/apt/lists/*"]))) return;
          if (hadolintCacheMountWith(node, LISTS) || (hadolintCacheMountWith(node, "/var/lib/apt") && hadolintCacheMountWith(node, "/var/cache/apt"))) return;
          if (!facts.ships) return;
          context.report({ node: update.command, messageId: "lists", data: { tool: update.name } });
          return;
        }
        const commands = runCommands(context, node);
        const last = toolCalls(commands, APT_FAMILY)
          .filter((call) => call.subcommand?.value === "update")
          .pop();
        if (!last || !facts.ships) return;
        if (mountTargetsHold(facts.mountTargets, { absolute: [LISTS] })) return;
        if (runsAfter(commands, last.index, removesLists)) return;
        const append = appendToScript(context, node, CLEANUP);
        context.report({
          node: last.command,
          messageId: "lists",
          data: { tool: last.command.program ?? "apt-get" },
          suggest: append ? [{ messageId: "appendCleanup", fix: append }] : [],
        });
      },
    };
  },
});
