import { type ShellCommand, defineRule, hasOption } from "@dfbuild/linter";
import { hadolintCacheMountWith, mountTargetsHold } from "./utils/cache-mounts.js";
import { appendToScript, removesDirectory, runsAfter } from "./utils/cleanup.js";
import { cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { ZYPPER, isOneOf, toolCalls } from "./utils/package-managers.js";
import { runCommands } from "./utils/run-commands.js";
import { layerFacts, readLayerFacts } from "./utils/layer-facts.js";

const ZYPP_CACHE = "/var/cache/zypp";
/** zypper(8) subcommands (and aliases) that refresh repositories and download packages. */
const FILLS_CACHE = ["install", "in", "update", "up", "patch", "dist-upgrade", "dup", "source-install", "si", "install-new-recommends", "inr", "refresh", "ref"];

/**
 * `zypper clean --all` (or `-m` with `-M`): a plain `zypper clean` empties only the package cache
 * (`src/commands/repos/clean.cc` in openSUSE/zypper: the default is `CleanRepoBits::Default`), which
 * zypper does not keep anyway; the repository metadata stays. Or removing /var/cache/zypp.
 */
function cleansCache(command: ShellCommand): boolean {
  if (removesDirectory(command, [ZYPP_CACHE])) return true;
  return toolCalls([command], ZYPPER).some(
    (call) => isOneOf(call.subcommand, ["clean", "cc"]) && (hasOption(call.options, "a", "all") || (hasOption(call.options, "m", "metadata") && hasOption(call.options, "M", "raw-metadata"))),
  );
}

export default defineRule({
  meta: {
    id: "zypper-clean",
    aliases: ["DL3036"],
    severity: "info",
    hadolint: "warning",
    type: "suggestion",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "End a RUN that installs with zypper with `zypper clean --all`" },
    messages: {
      noClean: "zypper {{subcommand}} leaves repository metadata in /var/cache/zypp in this layer; end the RUN with `zypper clean --all` (a plain `zypper clean` keeps the metadata), or keep the cache in a cache mount.",
      appendClean: "Append `&& zypper clean --all` to this RUN.",
    },
    shell: true,
    mentions: ["zypper"],
    // Re-read on an edit only where a RUN, whether its stage ships or its mounts changed.
    scope: "instruction",
    facts: layerFacts,
  },
  create(context) {
    return {
      Run: (node, info) => {
        if (context.settings.preset === "hadolint") {
          // hadolint v2.15.1 (`src/Hadolint/Rule/DL3036.hs`): the first `zypper … install|in …`
          // must come before the first `zypper … clean|cc …`, unless a cache or tmpfs mount's
          // target contains /var/cache/zypp. (Up to v2.14.0 any clean counted, wherever it was.)
          if (hadolintCacheMountWith(node, ZYPP_CACHE)) return;
          const commands = hadolintCommands(context, node);
          const install = commands.findIndex((command) => cmdHasArgs(command, "zypper", ["install", "in"]));
          const clean = commands.findIndex((command) => cmdHasArgs(command, "zypper", ["clean", "cc"]));
          const installing = commands[install];
          if (installing && !(clean !== -1 && install < clean)) context.report({ node: installing.command, messageId: "noClean", data: { subcommand: "install" } });
          return;
        }
        const facts = readLayerFacts(info);
        if (!facts.ships) return;
        const commands = runCommands(context, node);
        const last = toolCalls(commands, ZYPPER)
          .filter((call) => isOneOf(call.subcommand, FILLS_CACHE))
          .pop();
        if (!last || mountTargetsHold(facts.mountTargets, { absolute: [ZYPP_CACHE] }) || runsAfter(commands, last.index, cleansCache)) return;
        const append = appendToScript(context, node, "zypper clean --all");
        context.report({
          node: last.command,
          messageId: "noClean",
          data: { subcommand: last.subcommand?.value ?? "" },
          suggest: append ? [{ messageId: "appendClean", fix: append }] : [],
        });
      },
    };
  },
});
