import { defineRule, hasOption } from "@dfbuild/linter";
import { hadolintCacheMountWith, mountTargetsHold } from "./utils/cache-mounts.js";
import { removesDirectory, runsAfter } from "./utils/cleanup.js";
import { cmdHasArgs, hadolintCommands, hasFlag } from "./utils/hadolint-shell.js";
import { APK, toolCalls } from "./utils/package-managers.js";
import { runCommands } from "./utils/run-commands.js";
import { layerFacts, readLayerFacts } from "./utils/layer-facts.js";
import { insertArgumentAfter } from "./utils/word-edits.js";

/**
 * Where apk keeps the indexes `apk update`/`--update` fetch, and its package cache when
 * /etc/apk/cache links to it (apk-cache(5)). A cache mount on either keeps them out of the layer.
 */
const APK_CACHE = "/var/cache/apk";
const APK_CACHE_LINK = "/etc/apk/cache";

export default defineRule({
  meta: {
    id: "apk-no-cache",
    aliases: ["DL3019"],
    severity: "info",
    hadolint: "info",
    type: "suggestion",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "Run apk add with --no-cache so the package index stays out of the image" },
    messages: {
      add: "apk add without --no-cache keeps the package index it fetched (/var/cache/apk) in this layer; add --no-cache, which fetches a fresh index and keeps nothing.",
      update: "apk update stores the package index in /var/cache/apk, where this layer keeps it; drop the update and use apk add --no-cache, which fetches a fresh index and keeps nothing.",
      insertNoCache: "Add --no-cache to apk add.",
    },
    shell: true,
    // apk and xx-apk.
    mentions: ["apk"],
    // Re-read on an edit only where a RUN, whether its stage ships or its mounts changed.
    scope: "instruction",
    facts: layerFacts,
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    return {
      Run: (node, info) => {
        if (hadolint) {
          // hadolint: an `apk … add …` without a `--no-cache` flag, outside a cache or tmpfs mount
          // on /var/cache/apk; once per RUN.
          if (hadolintCacheMountWith(node, APK_CACHE)) return;
          const add = hadolintCommands(context, node).find((command) => cmdHasArgs(command, "apk", ["add"]) && !hasFlag(command, "no-cache"));
          if (add) context.report({ node: add.command, messageId: "add" });
          return;
        }
        const facts = readLayerFacts(info);
        if (!facts.ships || mountTargetsHold(facts.mountTargets, { absolute: [APK_CACHE, APK_CACHE_LINK] })) return;
        const commands = runCommands(context, node);
        let updated = false;
        for (const call of toolCalls(commands, APK)) {
          const verb = call.subcommand?.value;
          // `--no-network` installs only from what is already on disk: nothing is fetched or stored.
          // An add after an `apk update` that is reported uses that update's index: one finding.
          const caches = verb === "update" || (verb === "add" && !updated && !hasOption(call.options, "no-cache", "no-network"));
          if (!caches || runsAfter(commands, call.index, (command) => removesDirectory(command, [APK_CACHE]))) continue;
          if (verb === "update") updated = true;
          const insert = verb === "add" && call.subcommand ? insertArgumentAfter(file, node, call.subcommand, "--no-cache") : null;
          context.report({
            node: call.command,
            messageId: verb === "add" ? "add" : "update",
            suggest: insert ? [{ messageId: "insertNoCache", fix: insert }] : [],
          });
        }
      },
    };
  },
});
