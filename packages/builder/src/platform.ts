/**
 * Platforms as the engine reads them: containerd's `platforms.Parse` and `Normalize`
 * (github.com/containerd/platforms `parse.go`, `database.go`), its `Only` matcher (`compare.go`
 * `platformVector`: what a machine runs natively), and whether this engine can run a platform's
 * programs at all — natively, or through an emulator registered with the kernel's binfmt_misc
 * (https://docs.kernel.org/admin-guide/binfmt-misc.html), as BuildKit's multi-platform docs
 * require (https://docs.docker.com/build/building/multi-platform/#qemu).
 */
import { readFile } from "node:fs/promises";
import { BuildError, type DockerfileLocation } from "./errors.js";

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** A platform the build cannot use: malformed, or one the engine cannot build or run. */
export class PlatformError extends BuildError {
  override readonly name = "PlatformError";
  readonly code: "DFB_PLATFORM_INVALID" | "DFB_PLATFORM_UNSUPPORTED" | "DFB_PLATFORM_MISMATCH";

  constructor(message: string, code: PlatformError["code"], location?: DockerfileLocation) {
    super(message, { location });
    this.code = code;
  }
}

const KNOWN_OS = new Set(["aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "windows", "zos"]);
const KNOWN_ARCH = new Set([
  "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips", "mipsle", "mips64", "mips64le",
  "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
]);
const COMPONENT = /^[A-Za-z0-9_-]+$/;

function normalizeOs(os: string): string {
  const lower = os.toLowerCase();
  return lower === "macos" ? "darwin" : lower;
}

/** containerd's `normalizeArch`. */
function normalizeArch(architecture: string, variant: string): { architecture: string; variant: string } {
  let arch = architecture.toLowerCase();
  let vari = variant.toLowerCase();
  switch (arch) {
    case "i386":
      arch = "386";
      vari = "";
      break;
    case "x86_64":
    case "x86-64":
    case "amd64":
      arch = "amd64";
      if (vari === "v1") vari = "";
      break;
    case "aarch64":
    case "arm64":
      arch = "arm64";
      if (vari === "8" || vari === "v8" || vari === "v8.0") vari = "";
      else if (vari === "9" || vari === "9.0" || vari === "v9.0") vari = "v9";
      else if (/^\d+\.\d+$/.test(vari)) vari = `v${vari}`;
      break;
    case "armhf":
      arch = "arm";
      vari = "v7";
      break;
    case "armel":
      arch = "arm";
      vari = "v6";
      break;
    case "arm":
      if (vari === "" || vari === "7") vari = "v7";
      else if (vari === "5" || vari === "6" || vari === "8") vari = `v${vari}`;
      break;
  }
  return { architecture: arch, variant: vari };
}

function withVariant(os: string, architecture: string, variant: string): Platform {
  return variant === "" ? { os, architecture } : { os, architecture, variant };
}

/** containerd's `Normalize`: the form platforms are compared in (`arm` gets its implied `v7`). */
export function normalizePlatform(platform: Platform): Platform {
  const { architecture, variant } = normalizeArch(platform.architecture, platform.variant ?? "");
  return withVariant(normalizeOs(platform.os), architecture, variant);
}

/**
 * containerd's `Parse` then `Normalize`, on the engine (`platform` is the engine's own: a lone OS
 * takes its architecture, a lone architecture its OS). Errors carry containerd's words, which the
 * engine answers with.
 */
export function parsePlatform(specifier: string, engine: Platform): Platform {
  const invalid = (reason: string): PlatformError => new PlatformError(`${reason}: invalid argument`, "DFB_PLATFORM_INVALID");
  if (specifier.includes("*")) throw invalid(`"${specifier}": wildcards not yet supported`);
  const parts = specifier.split("/");
  for (const part of parts) {
    if (!COMPONENT.test(part)) throw invalid(`"${part}" is an invalid component of "${specifier}": platform specifier component must match "${COMPONENT.source}"`);
  }
  const [first = "", second = "", third = ""] = parts;
  switch (parts.length) {
    case 1: {
      const os = normalizeOs(first);
      if (KNOWN_OS.has(os)) return normalizePlatform({ os, architecture: engine.architecture, variant: engine.variant });
      const { architecture, variant } = normalizeArch(first, "");
      if (KNOWN_ARCH.has(architecture)) return withVariant(engine.os, architecture, variant);
      throw invalid(`"${specifier}": unknown operating system or architecture`);
    }
    case 2:
      return normalizePlatform({ os: first, architecture: second });
    case 3: {
      const { architecture, variant } = normalizeArch(second, third);
      return withVariant(normalizeOs(first), architecture, architecture === "arm64" && variant === "" ? "v8" : variant);
    }
    default:
      throw invalid(`"${specifier}": cannot parse platform specifier`);
  }
}

/** containerd's `platforms.Format`: `os/arch[/variant]`. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant ?? ""].filter((part) => part !== "").join("/");
}

/** containerd's `platformVector`: the platform, then those a machine of it also runs natively. */
function platformVector(platform: Platform): Platform[] {
  const vector = [platform];
  const version = Number((platform.variant ?? "").replace(/^v/, ""));
  switch (platform.architecture) {
    case "amd64":
      if (Number.isInteger(version) && version > 1) for (let v = version - 1; v >= 1; v--) vector.push({ ...platform, variant: `v${String(v)}` });
      vector.push({ os: platform.os, architecture: "386" });
      break;
    case "arm":
      if (Number.isInteger(version) && version > 5) for (let v = version - 1; v >= 5; v--) vector.push({ ...platform, variant: `v${String(v)}` });
      break;
    case "arm64":
      vector.push(...platformVector({ os: platform.os, architecture: "arm", variant: platform.variant ?? "v8" }));
      break;
  }
  return vector.map(normalizePlatform);
}

function samePlatform(a: Platform, b: Platform): boolean {
  return a.os === b.os && a.architecture === b.architecture && (a.variant ?? "") === (b.variant ?? "");
}

/** containerd's `Only(wanted).Match(image)`: an image the wanted platform's machine runs natively. */
export function platformMatches(wanted: Platform, image: Platform): boolean {
  const normalized = normalizePlatform(image);
  return platformVector(normalizePlatform(wanted)).some((candidate) => samePlatform(candidate, normalized));
}

/** The interpreter names binfmt registrations use for an architecture (qemu's and tonistiigi/binfmt's). */
const QEMU_NAMES: Readonly<Record<string, string>> = {
  amd64: "x86_64",
  "386": "i386",
  arm64: "aarch64",
  arm: "arm",
  ppc64le: "ppc64le",
  ppc64: "ppc64",
  s390x: "s390x",
  riscv64: "riscv64",
  mips64le: "mips64el",
  mips64: "mips64",
  loong64: "loongarch64",
};

/**
 * Whether the kernel the engine runs on has an enabled binfmt_misc emulator for the platform's
 * architecture (`/proc/sys/fs/binfmt_misc/qemu-<arch>`). Only meaningful for an engine on this
 * machine: the registrations belong to the kernel.
 */
export async function hasEmulator(platform: Platform, binfmtDir = "/proc/sys/fs/binfmt_misc"): Promise<boolean> {
  const name = QEMU_NAMES[platform.architecture];
  if (name === undefined) return false;
  try {
    return (await readFile(`${binfmtDir}/qemu-${name}`, "utf8")).split("\n")[0] === "enabled";
  } catch {
    return false;
  }
}
