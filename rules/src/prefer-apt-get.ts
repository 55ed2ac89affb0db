import { type ShellCommand, commandsOf, defineRule } from "@dfbuild/linter";
import { hadolintCommands } from "./utils/hadolint-shell.js";
import { runCommands } from "./utils/run-commands.js";
import { replaceWord } from "./utils/word-edits.js";

/**
 * The script-safe command for each `apt` subcommand (apt(8), "DIFFERENCES TO APT-GET(8)"):
 * apt-get for package operations, apt-cache for queries. `apt upgrade` also installs new
 * dependencies, which is `apt-get upgrade --with-new-pkgs`; `apt full-upgrade` is
 * `apt-get dist-upgrade`. `list` and `edit-sources` have no scripted equivalent.
 */
const EQUIVALENTS: ReadonlyMap<string, { tool: string; subcommand?: string }> = new Map([
  ["install", { tool: "apt-get" }],
  ["reinstall", { tool: "apt-get", subcommand: "install --reinstall" }],
  ["remove", { tool: "apt-get" }],
  ["purge", { tool: "apt-get" }],
  ["autoremove", { tool: "apt-get" }],
  ["autopurge", { tool: "apt-get" }],
  ["update", { tool: "apt-get" }],
  ["upgrade", { tool: "apt-get", subcommand: "upgrade --with-new-pkgs" }],
  ["full-upgrade", { tool: "apt-get", subcommand: "dist-upgrade" }],
  ["dist-upgrade", { tool: "apt-get" }],
  ["clean", { tool: "apt-get" }],
  ["autoclean", { tool: "apt-get" }],
  ["distclean", { tool: "apt-get" }],
  ["dist-clean", { tool: "apt-get" }],
  ["source", { tool: "apt-get" }],
  ["build-dep", { tool: "apt-get" }],
  ["download", { tool: "apt-get" }],
  ["satisfy", { tool: "apt-get" }],
  ["changelog", { tool: "apt-get" }],
  ["show", { tool: "apt-cache" }],
  ["search", { tool: "apt-cache" }],
  ["policy", { tool: "apt-cache" }],
  ["depends", { tool: "apt-cache" }],
  ["rdepends", { tool: "apt-cache" }],
  ["showsrc", { tool: "apt-cache" }],
]);

/** apt, and tonistiigi/xx's wrapper of it. */
const APT = ["apt", "xx-apt"];

/** apt's options that take a value (the subcommand is the first word that is not one). */
const VALUED = new Set(["-o", "--option", "-c", "--config-file", "-t", "--target-release", "--default-release", "-a", "--host-architecture"]);

function subcommandOf(apt: ShellCommand): ShellCommand["args"][number] | null {
  for (let i = 0; i < apt.args.length; i++) {
    const value = apt.args[i]?.value;
    if (value === null || value === undefined) return null;
    if (VALUED.has(value)) i++;
    else if (!value.startsWith("-")) return apt.args[i] ?? null;
  }
  return null;
}

export default defineRule({
  meta: {
    id: "prefer-apt-get",
    scope: "instruction",
    aliases: ["DL3027"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "Use apt-get or apt-cache in scripts, not apt" },
    messages: {
      apt: "apt is made for people at a terminal: its command line and output are not stable between releases (it warns so itself when scripted); use {{replacement}} in a Dockerfile.",
      useReplacement: "Use {{replacement}}.",
    },
    shell: true,
    mentions: ["apt"],
  },
  create(context) {
    const { file } = context;
    return {
      Run: (node) => {
        if (context.settings.preset === "hadolint") {
          // hadolint: any command named exactly `apt`, once per RUN.
          const apt = hadolintCommands(context, node).find((command) => command.name === "apt");
          if (apt) context.report({ node: apt.command.nameWord, messageId: "apt", data: { replacement: "apt-get or apt-cache" } });
          return;
        }
        for (const program of commandsOf(runCommands(context, node), APT)) {
          const subcommand = subcommandOf(program);
          const equivalent = subcommand?.value ? EQUIVALENTS.get(subcommand.value) : undefined;
          const prefix = program.program === "xx-apt" ? "xx-" : "";
          if (!equivalent || !subcommand?.value) {
            context.report({ node: program.nameWord, messageId: "apt", data: { replacement: `${prefix}apt-get or apt-cache` } });
            continue;
          }
          const tool = equivalent.tool === "apt-get" ? `${prefix}apt-get` : equivalent.tool;
          const replacement = `${tool} ${equivalent.subcommand ?? subcommand.value}`;
          const nameEdit = replaceWord(file, node, program.nameWord, program.name?.replace(/(xx-)?apt$/, tool) ?? tool);
          const subcommandEdit = equivalent.subcommand ? replaceWord(file, node, subcommand, equivalent.subcommand) : null;
          const complete = nameEdit && (!equivalent.subcommand || subcommandEdit);
          context.report({
            node: program.nameWord,
            messageId: "apt",
            data: { replacement: `\`${replacement}\`` },
            suggest: complete
              ? [{ messageId: "useReplacement", data: { replacement: `\`${replacement}\`` }, fix: (fixer) => [nameEdit(fixer), ...(subcommandEdit ? [subcommandEdit(fixer)] : [])] }]
              : [],
          });
        }
      },
    };
  },
});
