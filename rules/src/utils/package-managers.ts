/**
 * Package-manager invocations in a RUN, as the package-manager rules read them: which tool, its
 * subcommand, its options (with the values that belong to them) and its operands. One table per
 * tool says which options take a value, so `-t bookworm-backports` or `--index-url URL` is never
 * read as a package.
 */
import type { Instruction } from "@dfbuild/parser";
import { type ParsedOptions, type RuleContext, type ShellCommand, type ShellWord, commandOf, parseOptions } from "@dfbuild/linter";
import { runCommands } from "./run-commands.js";

export interface ToolCall {
  /** The command from the tool's own name on (`pip install x` of `python3 -m pip install x`). */
  command: ShellCommand;
  /** Position of the command in the RUN's command list: the order the commands run in. */
  index: number;
  options: ParsedOptions;
  /** The first operand (`install`), if any. */
  subcommand: ShellWord | null;
  /** The operands after the subcommand. */
  operands: ShellWord[];
}

export interface Tool {
  /** Program names, without directories (`/usr/bin/apt-get` is `apt-get`). */
  programs: readonly string[];
  /** Options that take the next word as their value, by name without dashes. */
  valued: ReadonlySet<string>;
  /** The tool has no subcommand: every operand is an operand (`install_packages curl git`). */
  noSubcommand?: boolean;
}

/** Finds the tool's calls among the commands, through wrappers (`sudo`, `xargs`, `env`…). */
export function toolCalls(commands: readonly ShellCommand[], tool: Tool): ToolCall[] {
  const calls: ToolCall[] = [];
  for (let index = 0; index < commands.length; index++) {
    const source = commands[index];
    const command = source === undefined ? null : commandOf(source, tool.programs);
    if (command === null) continue;
    const options = parseOptions(command, tool.valued);
    const [first, ...rest] = options.operands;
    calls.push(tool.noSubcommand ? { command, index, options, subcommand: null, operands: options.operands } : { command, index, options, subcommand: first ?? null, operands: rest });
  }
  return calls;
}

/** The calls of a tool in a RUN (see `runCommands` for what is read). */
export function toolCallsIn(context: RuleContext, instruction: Instruction, tool: Tool): ToolCall[] {
  return toolCalls(runCommands(context, instruction), tool);
}

/** Whether the word is literally one of `values` (a computed word never is). */
export function isOneOf(word: ShellWord | null, values: readonly string[]): boolean {
  return word?.value !== null && word?.value !== undefined && values.includes(word.value);
}

const valued = (...names: string[]): ReadonlySet<string> => new Set(names);

// ---------------------------------------------------------------------------------------------
// Debian and Ubuntu

/**
 * apt-get(8) and apt(8) options with a value: `-o`/`--option`, `-c`/`--config-file`,
 * `-t`/`--target-release`/`--default-release`, `-a`/`--host-architecture`.
 */
const APT_VALUED = valued("o", "option", "c", "config-file", "t", "target-release", "default-release", "a", "host-architecture");

/** apt-get and the tools with its command line: apt, aptitude, and tonistiigi/xx's `xx-apt-get`/`xx-apt`. */
export const APT_FAMILY: Tool = { programs: ["apt-get", "apt", "aptitude", "xx-apt-get", "xx-apt"], valued: APT_VALUED };
/**
 * bitnami/minideb's `install_packages`: `apt-get update`, `apt-get install -y --no-install-recommends`
 * of its operands, then removal of the package lists and caches, with retries.
 */
export const INSTALL_PACKAGES: Tool = { programs: ["install_packages"], valued: new Set(), noSubcommand: true };

// ---------------------------------------------------------------------------------------------
// Alpine

/** apk(8) options with a value, global and `apk add`'s. */
export const APK: Tool = {
  programs: ["apk", "xx-apk"],
  valued: valued("t", "virtual", "X", "repository", "p", "root", "arch", "keys-dir", "repositories-file", "cache-dir", "cache-max-age", "timeout", "cache-predownload"),
};

// ---------------------------------------------------------------------------------------------
// RPM: yum, dnf, microdnf, zypper

/** yum(8)/dnf(8)/microdnf options with a value (the rest are switches). */
const RPM_VALUED = valued(
  "c", "config", "installroot", "releasever", "setopt", "enablerepo", "disablerepo", "repo", "repoid", "x", "exclude",
  "d", "debuglevel", "e", "errorlevel", "rpmverbosity", "forcearch", "color", "downloaddir", "destdir", "comment",
  "advisory", "advisories", "bz", "bzs", "cve", "cves", "sec-severity", "secseverity", "repofrompath", "disableplugin",
  "enableplugin", "disableexcludes", "disableexcludepkgs", "R", "randomwait", "platform-id", "use-host-config",
);
export const YUM: Tool = { programs: ["yum"], valued: RPM_VALUED };
export const DNF: Tool = { programs: ["dnf", "dnf5", "microdnf"], valued: RPM_VALUED };
/** Every RPM transaction tool (for clean-ups, which any of them may do). */
export const RPM_TOOLS: Tool = { programs: ["yum", "dnf", "dnf5", "microdnf"], valued: RPM_VALUED };

/** zypper(8) global options and install options with a value. */
export const ZYPPER: Tool = {
  programs: ["zypper"],
  valued: valued("c", "config", "R", "root", "D", "reposd-path", "C", "cache-dir", "raw-cache-dir", "solv-cache-dir", "pkg-cache-dir", "p", "plus-repo", "plus-content", "t", "type", "r", "repo", "from", "download"),
};

// ---------------------------------------------------------------------------------------------
// Language package managers

/**
 * `pip install` options with a value (`pip install --help`, pip 25): everything else is a switch.
 * `-r`, `-c` and `-e` are here too; callers read their values.
 */
const PIP_VALUED = valued(
  "r", "requirement", "c", "constraint", "e", "editable", "t", "target", "platform", "python-version", "implementation",
  "abi", "root", "prefix", "src", "upgrade-strategy", "install-option", "global-option", "C", "config-settings",
  "no-binary", "only-binary", "progress-bar", "root-user-action", "report", "i", "index-url", "extra-index-url", "f",
  "find-links", "proxy", "retries", "timeout", "exists-action", "trusted-host", "cert", "client-cert", "cache-dir",
  "log", "log-file", "python", "keyring-provider", "use-feature", "use-deprecated", "resume-retries", "b", "build",
  "group", "spec", "pip-args", "suffix", "index", "default-index",
);
/** `pip`, `pip3`, `pip3.12`…, and the same for `python`. */
const VERSION_SUFFIXES = ["", "2", "3", "2.7", ...Array.from({ length: 20 }, (_, minor) => `3.${minor}`)];
const PIP_PROGRAMS = VERSION_SUFFIXES.map((suffix) => `pip${suffix}`);
const PYTHON_PROGRAMS = VERSION_SUFFIXES.map((suffix) => `python${suffix}`);

export interface PipCall extends ToolCall {
  /** `pip` (any pip/python -m pip), `pipx` or `uv` (`uv pip install`). */
  flavour: "pip" | "pipx" | "uv";
}

/** Every program `pipCalls` reads, for `commandOf`. */
const PIP_CALL_PROGRAMS = [...PIP_PROGRAMS, ...PYTHON_PROGRAMS, "pipx", "uv"];

/**
 * Whether a word could name one of PIP_CALL_PROGRAMS, as a command or as what a wrapper runs
 * (`sudo pip3 …`): each of them contains "pip", "python" or "uv". Most commands (`echo`, `cd`)
 * fail this at once, without `commandsOf` comparing them with fifty names.
 */
function mayNamePip(value: string | null): boolean {
  return value !== null && (value.includes("pip") || value.includes("python") || value.includes("uv"));
}

/** `pip …`, `pip3.12 …`, `python3 -m pip …`, `pipx …` and `uv pip …`, read from pip's name on. */
export function pipCalls(commands: readonly ShellCommand[]): PipCall[] {
  const calls: PipCall[] = [];
  for (let index = 0; index < commands.length; index++) {
    const source = commands[index];
    if (source === undefined || (!mayNamePip(source.program) && !source.args.some((arg) => mayNamePip(arg.value)))) continue;
    const found = commandOf(source, PIP_CALL_PROGRAMS);
    if (found === null) continue;
    let command: ShellCommand | null = found;
    let flavour: PipCall["flavour"] = found.program === "pipx" ? "pipx" : "pip";
    if (found.program?.startsWith("python") === true) command = afterModule(found);
    else if (found.program === "uv") {
      flavour = "uv";
      const subcommand = found.args[0];
      command = subcommand?.value === "pip" ? { ...found, name: "pip", program: "pip", nameWord: subcommand, args: found.args.slice(1) } : null;
    }
    if (!command) continue;
    const options = parseOptions(command, PIP_VALUED);
    const [first, ...rest] = options.operands;
    calls.push({ command, index, options, subcommand: first ?? null, operands: rest, flavour });
  }
  return calls;
}

/** `python3 [options] -m pip ARGS` as the command `pip ARGS`; null for any other use of python. */
function afterModule(python: ShellCommand): ShellCommand | null {
  for (let i = 0; i < python.args.length; i++) {
    const value = python.args[i]?.value;
    if (value === "-m") {
      const module = python.args[i + 1];
      return module?.value === "pip" ? { ...python, name: "pip", program: "pip", nameWord: module, args: python.args.slice(i + 2) } : null;
    }
    if (value === null || value === undefined || !value.startsWith("-") || value === "-c") return null;
  }
  return null;
}

/** npm's config keys that take a value (`npm help config`); others are booleans. */
export const NPM: Tool = {
  programs: ["npm"],
  valued: valued(
    "registry", "loglevel", "prefix", "C", "cache", "userconfig", "globalconfig", "w", "workspace", "omit", "include",
    "tag", "install-strategy", "save-prefix", "before", "script-shell", "location", "otp", "scope", "proxy",
    "https-proxy", "noproxy", "cafile", "ca", "cert", "key", "fetch-retries", "fetch-timeout", "maxsockets", "node-options",
    "install-links", "access", "auth-type", "depth", "foreground-scripts", "L", "userconfig", "cpu", "os", "libc",
  ),
};
/** Every spelling npm accepts for `install` (npm's `lib/utils/cmd-list.js` aliases), and `add`. */
export const NPM_INSTALL = ["install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall", "add"];

/** `gem install` options with a value (`gem help install`). */
export const GEM: Tool = {
  programs: ["gem"],
  valued: valued("v", "version", "i", "install-dir", "n", "bindir", "document", "P", "trust-policy", "s", "source", "p", "http-proxy", "platform", "build-root", "config-file", "g", "file"),
};

/** yarn (classic and berry). */
export const YARN: Tool = { programs: ["yarn"], valued: valued("cache-folder", "modules-folder", "global-folder", "mutex", "network-timeout", "registry", "cwd", "link-folder", "preferred-cache-folder", "use-yarnrc", "network-concurrency", "https-proxy", "proxy", "mode") };
