import { type ShellCommand, defineRule } from "@dfbuild/linter";
import { hadolintCacheMountWith, mountTargetsHold } from "./utils/cache-mounts.js";
import { appendToScript, removesDirectory, runsAfter } from "./utils/cleanup.js";
import { cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { DNF, RPM_TOOLS, toolCalls } from "./utils/package-managers.js";
import { runCommands } from "./utils/run-commands.js";
import { cacheDirectories, fillsCache, rpmSubcommand } from "./utils/rpm.js";
import { layerFacts, readLayerFacts } from "./utils/layer-facts.js";

/** dnf 4, dnf5 and yum (on EL8+, dnf) clean each other's caches; microdnf only its own. */
function cleanersOf(program: string): string[] {
  return program === "microdnf" ? ["microdnf"] : ["dnf", "dnf5", "yum"];
}

/** `<tool> clean all` by a tool that cleans this one's cache, or removing the cache directory. */
function cleansCache(program: string): (command: ShellCommand) => boolean {
  const directories = cacheDirectories(program).absolute;
  const cleaners = cleanersOf(program);
  return (command) =>
    removesDirectory(command, directories) ||
    toolCalls([command], RPM_TOOLS).some((call) => cleaners.includes(call.command.program ?? "") && call.subcommand?.value === "clean" && call.operands.some((word) => word.value === "all"));
}

/** hadolint's DL3040 subcommands. */
const HADOLINT_INSTALLS = ["install", "in", "upgrade", "up", "upgrade-minimal", "up-min", "reinstall", "rei"];

export default defineRule({
  meta: {
    id: "dnf-clean",
    aliases: ["DL3040"],
    severity: "info",
    hadolint: "warning",
    type: "suggestion",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "End a RUN that installs with dnf or microdnf with `dnf clean all`" },
    messages: {
      noClean: "{{tool}} {{subcommand}} leaves repository metadata and packages in {{cache}} in this layer; end the RUN with `{{tool}} clean all`, or keep the cache in a cache mount.",
      appendClean: "Append `&& {{tool}} clean all` to this RUN.",
    },
    shell: true,
    // dnf, dnf5 and microdnf.
    mentions: ["dnf"],
    // Re-read on an edit only where a RUN, whether its stage ships or its mounts changed.
    scope: "instruction",
    facts: layerFacts,
  },
  create(context) {
    return {
      Run: (node, info) => {
        if (context.settings.preset === "hadolint") {
          // hadolint: for dnf and for microdnf, the first install-like command must come before the
          // first `<same tool> clean`/`all` or `rm` with `-rf` or `/var/cache/libdnf5*`, unless a
          // cache or tmpfs mount's target contains /var/cache/libdnf5 or .cache/libdnf5; every stage.
          if (hadolintCacheMountWith(node, "/var/cache/libdnf5") || hadolintCacheMountWith(node, ".cache/libdnf5")) return;
          const commands = hadolintCommands(context, node);
          for (const tool of ["dnf", "microdnf"]) {
            const install = commands.findIndex((command) => cmdHasArgs(command, tool, HADOLINT_INSTALLS));
            const clean = commands.findIndex((command) => cmdHasArgs(command, tool, ["clean", "all"]) || cmdHasArgs(command, "rm", ["-rf", "/var/cache/libdnf5*"]));
            const installing = commands[install];
            if (installing && !(clean !== -1 && install < clean)) {
              context.report({ node: installing.command, messageId: "noClean", data: { tool, subcommand: "install", cache: tool === "dnf" ? "/var/cache/dnf" : "/var/cache/yum" } });
              return;
            }
          }
          return;
        }
        const facts = readLayerFacts(info);
        if (!facts.ships) return;
        const commands = runCommands(context, node);
        const last = toolCalls(commands, DNF).filter(fillsCache).pop();
        const program = last?.command.program;
        if (!last || !program) return;
        const directories = cacheDirectories(program);
        if (mountTargetsHold(facts.mountTargets, directories) || runsAfter(commands, last.index, cleansCache(program))) return;
        const { verb, nested } = rpmSubcommand(last);
        const append = appendToScript(context, node, `${program} clean all`);
        context.report({
          node: last.command,
          messageId: "noClean",
          data: { tool: program, subcommand: nested ? `${verb ?? ""} ${nested}` : (verb ?? ""), cache: directories.absolute.join(" or ") },
          suggest: append ? [{ messageId: "appendClean", data: { tool: program }, fix: append }] : [],
        });
      },
    };
  },
});
