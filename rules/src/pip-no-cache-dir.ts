import type { FromInstruction, Instruction } from "@dfbuild/parser";
import { type LintFile, type RuleContext, type ShellCommand, type VisitInfo, defineRule, hasOption } from "@dfbuild/linter";
import { cacheMountHolds, covers, cacheMountTargets, hadolintCacheMountWith } from "./utils/cache-mounts.js";
import { type HadolintCommand, hadolintCommands } from "./utils/hadolint-shell.js";
import { hadolintImageName } from "./utils/image-stages.js";
import { languageDockerPairValue } from "./utils/language-docker.js";
import { type PipCall, pipCalls } from "./utils/package-managers.js";
import { runCommands } from "./utils/run-commands.js";
import { layerShips } from "./utils/shipped-layers.js";
import { insertArgumentAfter } from "./utils/word-edits.js";

/**
 * The values pip accepts for PIP_NO_CACHE_DIR: any that `strtobool` parses. Every one of them
 * disables the cache — "false" too, which pip keeps for compatibility (`_handle_no_cache_dir` in
 * pip's `src/pip/_internal/cli/cmdoptions.py`).
 */
const PIP_BOOLEAN = /^(y|yes|t|true|on|1|n|no|f|false|off|0)$/i;
/** The values hadolint takes as setting PIP_NO_CACHE_DIR (its `truthy`). */
const HADOLINT_TRUTHY = new Set(["1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES"]);

/** The shell text of a RUN as hadolint searches it (its `Shell.original`). */
function runText(instruction: Instruction): string {
  if (instruction.type !== "Run" || !instruction.command) return "";
  if (instruction.command.type === "ExecForm") return instruction.command.elements.map((element) => element.value).join(" ");
  return [instruction.command.value, ...instruction.heredocs.map((heredoc) => heredoc.content)].join("\n");
}

/** hadolint's `pipNoCacheDirIsSet`: the text after the first `PIP_NO_CACHE_DIR=` starts with a truthy value. */
function hadolintSetInScript(instruction: Instruction): boolean {
  const text = runText(instruction);
  const at = text.indexOf("PIP_NO_CACHE_DIR=");
  if (at === -1) return false;
  const rest = text.slice(at + "PIP_NO_CACHE_DIR=".length);
  return [...HADOLINT_TRUTHY].some((value) => rest.startsWith(value));
}

/** hadolint's `forgotNoCacheDir`: a pip install without `--no-cache-dir`, not pipx/pipenv. */
function hadolintForgot(command: HadolintCommand): boolean {
  const { name, args } = command;
  const pipInstall = (name.startsWith("pip") && !name.startsWith("pipenv") && args.includes("install")) || (name.startsWith("python") && args.some((arg, i) => arg === "-m" && args[i + 1] === "pip" && args[i + 2] === "install"));
  const wrapper = ["pipx", "pipenv"].some((tool) => name.includes(tool) || (name.startsWith("python") && args.some((arg, i) => arg === "-m" && args[i + 1] === tool)));
  return pipInstall && !args.includes("--no-cache-dir") && !wrapper;
}

/**
 * hadolint's per-stage memory of `ENV PIP_NO_CACHE_DIR=<truthy>` (`src/Hadolint/Rule/DL3042.hs`):
 * keyed by the stage's alias, or its image name when it has none, and copied from the parent
 * stage's key at each FROM.
 */
class HadolintNoCacheStages {
  private current: string | null = null;
  private readonly set = new Map<string | null, boolean>();

  from(from: FromInstruction): void {
    const image = hadolintImageName(from);
    const key = from.stageName?.value ?? image;
    this.set.set(key, this.set.get(image) ?? false);
    this.current = key;
  }

  env(pairs: readonly { name: string; value: string }[]): void {
    const pair = pairs.find((candidate) => candidate.name === "PIP_NO_CACHE_DIR");
    if (pair && HADOLINT_TRUTHY.has(pair.value)) this.set.set(this.current, true);
  }

  get disabled(): boolean {
    return this.set.get(this.current) === true;
  }
}

/** Whether PIP_NO_CACHE_DIR is in the environment of this pip call: ARG/ENV, a prefix assignment, `env`, or an earlier `export`. */
function noCacheDirSet(file: LintFile, instruction: Instruction, commands: readonly ShellCommand[], call: PipCall): boolean {
  const variable = file.scopeAt(instruction).get("PIP_NO_CACHE_DIR");
  if (variable?.value !== undefined && PIP_BOOLEAN.test(variable.value)) return true;
  const source = commands[call.index];
  if (!source) return false;
  // `PIP_NO_CACHE_DIR=1 pip …`, `env PIP_NO_CACHE_DIR=1 pip …`: the text before pip's name.
  const before = file.text.slice(source.range.start.offset, call.command.nameWord.range.start.offset);
  if (/(^|\s)PIP_NO_CACHE_DIR=["']?(y|yes|t|true|on|1|n|no|f|false|off|0)["']?(\s|$)/i.test(before)) return true;
  return commands.slice(0, call.index).some((command) => command.program === "export" && command.args.some((arg) => PIP_BOOLEAN.test(/^PIP_NO_CACHE_DIR=(.*)$/.exec(arg.value ?? "")?.[1] ?? "")));
}

/** Whether the cache pip would write is in a cache or tmpfs mount: ~/.cache/pip, or PIP_CACHE_DIR / --cache-dir. */
function cacheMounted(file: LintFile, instruction: Instruction, call: PipCall): boolean {
  if (cacheMountHolds(file, instruction, { inHome: [".cache/pip"] })) return true;
  const directory = call.options.options.find((option) => option.name === "cache-dir")?.value ?? file.scopeAt(instruction).get("PIP_CACHE_DIR")?.value ?? undefined;
  return directory !== undefined && cacheMountTargets(file, instruction).some((target) => covers(target, directory));
}

export default defineRule({
  meta: {
    id: "pip-no-cache-dir",
    aliases: ["DL3042"],
    severity: "info",
    hadolint: "warning",
    type: "suggestion",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "Run pip install with --no-cache-dir so its download cache stays out of the image" },
    messages: {
      cache: "pip install keeps every downloaded package and built wheel in its cache (~/.cache/pip) in this layer; add --no-cache-dir, set ENV PIP_NO_CACHE_DIR=1, or keep the cache in a cache mount.",
      insertNoCacheDir: "Add --no-cache-dir to pip install.",
    },
    shell: true,
    // It reports pip installs only: `pip…` or `python… -m pip` (not uv's or pipx's).
    mentions: ["pip"],
  },
  create(context: RuleContext<"cache" | "insertNoCacheDir">) {
    const { file } = context;
    const stages = { file: new HadolintNoCacheStages(), onbuild: new HadolintNoCacheStages() };
    const at = (info: VisitInfo) => (info.onbuild ? stages.onbuild : stages.file);
    if (context.settings.preset === "hadolint") {
      return {
        From: (node, info) => {
          at(info).from(node);
        },
        Env: (node, info) => {
          at(info).env(node.pairs.map((pair) => ({ name: pair.key.value, value: languageDockerPairValue(pair) })));
        },
        Run: (node, info) => {
          // hadolint: a pip install without --no-cache-dir, unless the stage's ENV set
          // PIP_NO_CACHE_DIR, the RUN's text sets it, or a cache/tmpfs mount's target contains .cache/pip.
          if (at(info).disabled || hadolintSetInScript(node) || hadolintCacheMountWith(node, ".cache/pip")) return;
          const pip = hadolintCommands(context, node).find(hadolintForgot);
          if (pip) context.report({ node: pip.command, messageId: "cache" });
        },
      };
    }
    return {
      Run: (node, info) => {
        if (!layerShips(file, node, info)) return;
        const commands = runCommands(context, node);
        for (const call of pipCalls(commands)) {
          const subcommand = call.subcommand;
          if (call.flavour !== "pip" || subcommand?.value !== "install" || hasOption(call.options, "no-cache-dir")) continue;
          if (noCacheDirSet(file, node, commands, call) || cacheMounted(file, node, call)) continue;
          const insert = insertArgumentAfter(file, node, subcommand, "--no-cache-dir");
          context.report({ node: call.command, messageId: "cache", suggest: insert ? [{ messageId: "insertNoCacheDir", fix: insert }] : [] });
        }
      },
    };
  },
});
