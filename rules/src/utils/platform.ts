import type { FromInstruction } from "@dfbuild/parser";
import { expand } from "@dfbuild/parser";
import type { LintFile } from "@dfbuild/linter";

/**
 * The platform ARGs BuildKit defines for every FROM without a declaration (the Dockerfile
 * reference, "Automatic platform ARGs in the global scope"). Their values depend on the build;
 * a placeholder stands in, so an expansion can tell whether it used one.
 */
export const AUTOMATIC_PLATFORM_ARGS: ReadonlySet<string> = new Set([
  "BUILDPLATFORM",
  "BUILDOS",
  "BUILDARCH",
  "BUILDVARIANT",
  "TARGETPLATFORM",
  "TARGETOS",
  "TARGETARCH",
  "TARGETVARIANT",
]);

/** The placeholder value of an automatic platform ARG. */
export function platformPlaceholder(name: string): string {
  return `\u0000${name}\u0000`;
}

export interface PlatformExpansion {
  /** The expanded value (automatic ARGs as placeholders). */
  value: string;
  /** Variables that were set (global ARGs with a value, automatic ARGs). */
  matched: readonly string[];
  /** Variables that were referenced but have no value. */
  unmatched: readonly string[];
}

/**
 * Expands a `FROM --platform` value the way BuildKit does before its checks
 * (`dockerfile2llb.toDispatchState`: `shlex.ProcessWordWithMatches(st.Platform, globalArgs)`):
 * with the global ARGs' defaults and the automatic platform ARGs. Null when it does not expand.
 */
export function expandPlatform(file: LintFile, from: FromInstruction, text: string): PlatformExpansion | null {
  const scope = file.scopeAt(from);
  const result = expand(
    text,
    (name) => {
      const variable = scope.get(name);
      // The semantic model lists the automatic ARGs as predefined with no known value.
      if (AUTOMATIC_PLATFORM_ARGS.has(name) && (!variable || variable.kind === "predefined")) return platformPlaceholder(name);
      return variable?.state === "set" ? variable.value : undefined;
    },
    { escape: file.escape },
  );
  return result.ok ? { value: result.value, matched: result.matched, unmatched: result.unmatched } : null;
}

const KNOWN_ARCH = new Set(["386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm"]);
const KNOWN_OS = new Set(["aix", "android", "darwin", "dragonfly", "freebsd", "illumos", "ios", "js", "linux", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows"]);

/** containerd's `platforms.normalizeArch`: the spellings people use for the same architecture. */
function normalizeArch(arch: string): string {
  switch (arch) {
    case "i386":
      return "386";
    case "x86_64":
    case "x86-64":
      return "amd64";
    case "aarch64":
      return "arm64";
    case "armhf":
    case "armel":
      return "arm";
    // containerd lists amd64, arm64 and arm under their cases too; the default returns them unchanged.
    default:
      return arch;
  }
}

/** The architecture BuildKit assumes when a platform names only an OS: the machine's own. */
function hostArch(): string {
  return normalizeArch(process.arch === "x64" ? "amd64" : process.arch === "ia32" ? "386" : process.arch);
}

/**
 * A platform string parsed as containerd's `platforms.Parse` does (`os`, `arch`, `os/arch`,
 * `os/arch/variant`, lower-cased and normalised); null when it does not parse.
 */
export function parsePlatform(text: string): { os: string; architecture: string } | null {
  const parts = text.toLowerCase().split("/");
  if (parts.some((part) => !/^[a-z0-9_-]+$/.test(part))) return null;
  const [first = "", second] = parts;
  if (parts.length === 1) {
    if (KNOWN_OS.has(first)) return { os: first, architecture: hostArch() };
    // A lone architecture means that architecture on the default OS (linux); anything else is an error.
    const architecture = normalizeArch(first);
    return KNOWN_ARCH.has(architecture) ? { os: "linux", architecture } : null;
  }
  // (An empty part, `linux/amd64/`, failed the pattern above, as containerd's `specifierRe` fails it.)
  if (parts.length > 3 || second === undefined) return null;
  return { os: first, architecture: normalizeArch(second) };
}
