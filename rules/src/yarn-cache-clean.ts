import type { Instruction } from "@dfbuild/parser";
import { type LintFile, type ShellCommand, commandOf, defineRule, hasOption, parseOptions } from "@dfbuild/linter";
import { cacheMountHolds, cacheMountTargets, covers, hadolintCacheMountWith } from "./utils/cache-mounts.js";
import { appendToScript, removesDirectory, runsAfter } from "./utils/cleanup.js";
import { cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { type ToolCall, YARN, isOneOf, toolCalls } from "./utils/package-managers.js";
import { runCommands } from "./utils/run-commands.js";
import { hadolintLayerShips, layerShips } from "./utils/shipped-layers.js";

/**
 * Where yarn keeps its cache: Yarn 1 uses $XDG_CACHE_HOME/yarn, ~/.cache/yarn, and for root
 * /usr/local/share/.cache/yarn (yarnpkg/yarn `src/constants.js`, `getPreferredCacheDirectories`);
 * Yarn 2+ keeps a global mirror in ~/.yarn/berry/cache.
 */
const YARN_CACHE = { absolute: ["/usr/local/share/.cache/yarn"], inHome: [".cache/yarn", ".yarn/berry/cache"] };

/** `yarn`, `yarn install`, `yarn add`, `yarn global add`: the commands that fill the cache (`yarn --version` does not). */
function installs(call: ToolCall): boolean {
  if (call.subcommand === null) return !hasOption(call.options, "v", "version", "h", "help");
  return isOneOf(call.subcommand, ["install", "add"]) || (call.subcommand.value === "global" && call.operands[0]?.value === "add");
}

/** A cache folder chosen with `--cache-folder` or YARN_CACHE_FOLDER. */
function chosenFolder(file: LintFile, instruction: Instruction, call: ToolCall): string | null {
  const option = call.options.options.find((candidate) => candidate.name === "cache-folder")?.value;
  return option ?? file.scopeAt(instruction).get("YARN_CACHE_FOLDER")?.value ?? null;
}

const RM = ["rm"];

/** `yarn cache clean`, or deleting the cache (`rm -rf /usr/local/share/.cache/yarn`, `rm -rf "$(yarn cache dir)"`). */
function cleansCache(folder: string | null): (command: ShellCommand) => boolean {
  return (command) => {
    if (toolCalls([command], YARN).some((call) => call.subcommand?.value === "cache" && call.operands[0]?.value === "clean")) return true;
    if (removesDirectory(command, [...YARN_CACHE.absolute, ...(folder ? [folder] : [])])) return true;
    const rm = commandOf(command, RM);
    if (!rm) return false;
    return parseOptions(rm).operands.some((word) => {
      const path = (word.value ?? "").replace(/\/\*?$/, "");
      return /(^|\/)(\.cache\/yarn|\.yarn\/berry\/cache)$/.test(path) || /\$\(\s*yarn cache dir\s*\)/.test(word.text);
    });
  };
}

export default defineRule({
  meta: {
    id: "yarn-cache-clean",
    aliases: ["DL3060"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "Clean yarn's cache in the RUN that installs with yarn" },
    messages: {
      cache: "yarn {{subcommand}} keeps a copy of every package it fetched in its cache in this layer; end the RUN with `yarn cache clean`, or keep the cache in a cache mount.",
      appendClean: "Append `&& yarn cache clean` to this RUN.",
    },
    shell: true,
    mentions: ["yarn"],
  },
  create(context) {
    const { file } = context;
    return {
      Run: (node, info) => {
        if (context.settings.preset === "hadolint") {
          // hadolint: a `yarn … install …` with no `yarn … cache|clean …` after the first install
          // (none at all, or the first one before it), outside a mount whose target contains
          // .cache/yarn; in the last stage and stages other stages are built on.
          const commands = hadolintCommands(context, node);
          const install = commands.findIndex((command) => cmdHasArgs(command, "yarn", ["install"]));
          const clean = commands.findIndex((command) => cmdHasArgs(command, "yarn", ["cache", "clean"]));
          const installing = commands[install];
          if (!installing || !hadolintLayerShips(file, node, info)) return;
          if ((clean === -1 && !hadolintCacheMountWith(node, ".cache/yarn")) || (clean !== -1 && clean < install)) {
            context.report({ node: installing.command, messageId: "cache", data: { subcommand: "install" } });
          }
          return;
        }
        if (!layerShips(file, node, info)) return;
        const commands = runCommands(context, node);
        const last = toolCalls(commands, YARN).filter(installs).pop();
        if (!last) return;
        const folder = chosenFolder(file, node, last);
        if (cacheMountHolds(file, node, YARN_CACHE) || (folder !== null && cacheMountTargets(file, node).some((target) => covers(target, folder)))) return;
        if (runsAfter(commands, last.index, cleansCache(folder))) return;
        const append = appendToScript(context, node, "yarn cache clean");
        const subcommand = last.subcommand?.value === "global" ? "global add" : (last.subcommand?.value ?? "install");
        context.report({ node: last.command, messageId: "cache", data: { subcommand }, suggest: append ? [{ messageId: "appendClean", fix: append }] : [] });
      },
    };
  },
});
