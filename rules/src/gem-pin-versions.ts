import { defineRule, hasOption } from "@dfbuild/linter";
import { type HadolintCommand, cmdHasArgs, hadolintCommands } from "./utils/hadolint-shell.js";
import { GEM, type ToolCall, isOneOf, toolCalls } from "./utils/package-managers.js";
import { unpinnedReport, unpinnedSpecs } from "./utils/pins.js";
import { readScopeFacts, scopeFacts } from "./utils/scope-facts.js";
import { runCommands } from "./utils/run-commands.js";

/** `gem install NAME:VERSION` (gem-install(1)), a local .gem file, or a path. */
function pinned(spec: string): boolean {
  return spec.includes(":") || spec.endsWith(".gem") || spec.includes("/");
}

/** The gems named before `--` (after it come options for the gems' native extension builds). */
function gemsOf(call: ToolCall) {
  const end = call.command.args.find((arg) => arg.value === "--")?.range.start.offset ?? Infinity;
  return call.operands.filter((word) => word.range.start.offset < end);
}

/**
 * hadolint's DL3028 gems (`src/Hadolint/Rule/DL3028.hs`): for `gem … install|i …` without a `-v`,
 * `--version` or `--version=` argument, the words before `--` where every word starting with `-`
 * also takes the word after it.
 */
function hadolintGems(command: HadolintCommand): string[] {
  if (!cmdHasArgs(command, "gem", ["install", "i"]) || command.args.some((arg) => arg === "-v" || arg === "--version" || arg.startsWith("--version="))) return [];
  const words = command.args.slice(0, command.args.includes("--") ? command.args.indexOf("--") : undefined);
  const gems: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (word.startsWith("-")) i++;
    else if (word !== "install" && word !== "i") gems.push(word);
  }
  return gems;
}

export default defineRule({
  meta: {
    id: "gem-pin-versions",
    aliases: ["DL3028"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    onbuild: true,
    docs: { description: "Pin the versions of the gems gem install installs" },
    messages: {
      unpinned: "gem install takes the latest release of {{packages}} on the day of the build; pin each (`{{example}}:<version>`, or `-v <version>`) so a rebuild installs what was tested.",
    },
    shell: true,
    mentions: ["gem"],
    // Re-read on an edit only where a RUN, or an ARG/ENV value it could expand, changed.
    scope: "instruction",
    facts: scopeFacts,
  },
  create(context) {
    return {
      Run: (node, info) => {
        if (context.settings.preset === "hadolint") {
          for (const command of hadolintCommands(context, node)) {
            const gems = hadolintGems(command).filter((gem) => !gem.includes(":"));
            if (gems.length === 0) continue;
            context.report({ node: command.command, messageId: "unpinned", data: { packages: gems.join(", "), example: gems[0] ?? "" } });
            return;
          }
          return;
        }
        for (const call of toolCalls(runCommands(context, node), GEM)) {
          // `-v`/`--version` pins every gem named; `-g`/`--file` installs what a Gemfile says.
          if (!isOneOf(call.subcommand, ["install", "i"]) || hasOption(call.options, "v", "version", "g", "file")) continue;
          const report = unpinnedReport(unpinnedSpecs(readScopeFacts(info), gemsOf(call), pinned));
          if (report) context.report({ range: report.range, messageId: "unpinned", data: report.data });
        }
      },
    };
  },
});
