/**
 * What the rules need to know about the RPM package managers: which subcommands run a transaction
 * (and so ask for confirmation and download packages), where each tool keeps its cache, and what
 * a versioned package spec looks like.
 */
import { type ShellWord, hasOption } from "@dfbuild/linter";
import type { ToolCall } from "./package-managers.js";

/**
 * yum(8)/dnf(8)/dnf5(8)/microdnf subcommands that change installed packages, with their aliases:
 * each prints the transaction and asks "Is this ok [y/N]" unless -y is given.
 */
const TRANSACTIONS = new Set([
  "install", "in", "localinstall", "groupinstall", "reinstall", "rei", "remove", "rm", "erase", "autoremove",
  "upgrade", "up", "update", "upgrade-minimal", "up-min", "update-minimal", "localupdate", "groupupdate",
  "groupremove", "groupupgrade", "downgrade", "dg", "distro-sync", "dsync", "distrosync", "swap", "builddep",
  "debuginfo-install", "update-to", "upgrade-to",
]);
/** `group …`/`module …` subcommands that run a transaction (`module enable` switches streams). */
const NESTED_TRANSACTIONS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["group", new Set(["install", "remove", "upgrade", "update", "mark"])],
  ["groups", new Set(["install", "remove", "upgrade", "update", "mark"])],
  ["module", new Set(["install", "remove", "enable", "disable", "reset", "switch-to", "update", "upgrade"])],
]);
/** Transactions that download packages and repository metadata into the cache. */
const DOWNLOADS = new Set([
  "install", "in", "localinstall", "groupinstall", "reinstall", "rei", "upgrade", "up", "update", "upgrade-minimal",
  "up-min", "update-minimal", "localupdate", "groupupdate", "groupupgrade", "downgrade", "dg", "distro-sync", "dsync",
  "distrosync", "swap", "builddep", "debuginfo-install", "makecache", "update-to", "upgrade-to",
]);

/** The subcommand of a call: `install`, or `module` with `install` nested for the two-word ones. */
export function rpmSubcommand(call: ToolCall): { verb: string | null; nested: string | null } {
  const verb = call.subcommand?.value ?? null;
  if (verb !== null && NESTED_TRANSACTIONS.has(verb)) return { verb, nested: call.operands[0]?.value ?? null };
  return { verb, nested: null };
}

/** The call runs a transaction that would ask for confirmation. */
export function asksConfirmation(call: ToolCall): boolean {
  const { verb, nested } = rpmSubcommand(call);
  if (verb === null) return false;
  const group = NESTED_TRANSACTIONS.get(verb);
  return group ? nested !== null && group.has(nested) : TRANSACTIONS.has(verb);
}

/** The call downloads packages or metadata into the tool's cache. */
export function fillsCache(call: ToolCall): boolean {
  const { verb, nested } = rpmSubcommand(call);
  if (verb === null) return false;
  if (NESTED_TRANSACTIONS.has(verb)) return nested === "install" || nested === "upgrade" || nested === "update" || nested === "enable";
  return DOWNLOADS.has(verb);
}

/**
 * Where each tool keeps its cache: yum 3 (EL7) /var/cache/yum, dnf 4 (EL8+, where yum is dnf)
 * /var/cache/dnf, dnf5 /var/cache/libdnf5 (~/.cache/libdnf5 for other users), and microdnf
 * /var/cache/yum (`rpm-software-management/microdnf` dnf/dnf-main.c, `CACHEDIR`). `yum` and
 * `dnf` may be either generation, so both of their directories count.
 */
export function cacheDirectories(program: string): { absolute: string[]; inHome: string[] } {
  switch (program) {
    case "yum":
      return { absolute: ["/var/cache/yum", "/var/cache/dnf"], inHome: [] };
    case "dnf":
      return { absolute: ["/var/cache/dnf", "/var/cache/libdnf5"], inHome: [".cache/libdnf5"] };
    case "dnf5":
      return { absolute: ["/var/cache/libdnf5"], inHome: [".cache/libdnf5"] };
    default:
      return { absolute: ["/var/cache/yum"], inHome: [] };
  }
}

/**
 * The package operands of an install: `install`/`in`/`localinstall` operands, or the module
 * specs of `module install`. Groups (`groupinstall`, `group install`, `@group`) have no versions.
 */
export function rpmInstallOperands(call: ToolCall): { words: ShellWord[]; module: boolean } | null {
  const { verb, nested } = rpmSubcommand(call);
  const skipGroups = (words: ShellWord[]) => words.filter((word) => !(word.value?.startsWith("@") === true && !word.value.includes(":")));
  if (verb === "install" || verb === "in" || verb === "localinstall") return { words: skipGroups(call.operands), module: false };
  if (verb === "module" && nested === "install") return { words: call.operands.slice(1), module: true };
  return null;
}

/** Architectures an RPM spec may end with (`name-1.0-1.el9.x86_64`). */
const ARCH_SUFFIX = /\.(x86_64|aarch64|i686|i386|noarch|ppc64le|ppc64|s390x|armv7hl|src)$/;
const VERSION = /^(\d+:)?\d[\w.~^+]*$/;
const RELEASE = /^\d[\w.~^+]*$/;

/**
 * Whether a yum/dnf package spec chooses a version: `name-version`, `name-version-release` (with
 * an optional epoch `N:` and `.arch`), a version comparison (`"name >= 1.2"`), a package file or
 * URL (`.rpm`, a path), or a module stream (`name:stream`, for `module install`). A number inside
 * the name does not count: `java-17-openjdk` is unpinned.
 */
export function rpmSpecPinned(spec: string, module: boolean): boolean {
  if (module) return spec.includes(":");
  if (/\s(=|==|>=|<=|>|<)\s*\S/.test(spec) || spec.endsWith(".rpm") || spec.includes("/")) return true;
  const parts = spec.replace(/\*$/, "").replace(ARCH_SUFFIX, "").split("-");
  const last = parts[parts.length - 1] ?? "";
  const beforeLast = parts[parts.length - 2] ?? "";
  if (parts.length >= 2 && VERSION.test(last)) return true;
  return parts.length >= 3 && VERSION.test(beforeLast) && RELEASE.test(last);
}

/**
 * hadolint's version test for DL3033 and DL3041 (`packageVersionFixed` without its variable
 * case): some `-` in the spec, and every part after the first made of version characters
 * (letters, digits, `.~^_:+`) with at least one starting with a digit; `.rpm` files pass.
 */
export function hadolintRpmVersioned(spec: string): boolean {
  const parts = spec.split("-");
  if (parts.length <= 1) return false;
  if (spec.endsWith(".rpm")) return true;
  const rest = parts.slice(1);
  return rest.every((part) => /^[\w.~^:+]*$/.test(part)) && rest.some((part) => /^\d/.test(part));
}

/** `-y`, `--assumeyes`, `--assumeno` (answers no: nothing hangs) or `--setopt=assumeyes=1`. */
export function answersPrompt(call: ToolCall): boolean {
  if (hasOption(call.options, "y", "assumeyes", "assumeno")) return true;
  return call.options.options.some((option) => option.name === "setopt" && /^assumeyes=(1|true|yes|on)$/i.test(option.value ?? ""));
}
