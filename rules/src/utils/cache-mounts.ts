import { type Instruction, expand } from "@dfbuild/parser";
import type { LintFile } from "@dfbuild/linter";

/** Mount types whose contents never reach the image's layer. */
const CACHE_TYPES = new Set(["cache", "tmpfs"]);
/** BuildKit's spellings of a mount's target (`instructions/commands_runmount.go`). */
const TARGET_KEYS = new Set(["target", "dst", "destination"]);

/** The raw targets of a RUN's `--mount=type=cache|tmpfs` flags, as written. */
function rawCacheTargets(instruction: Instruction): string[] {
  if (instruction.type !== "Run") return [];
  const targets: string[] = [];
  for (const mount of instruction.mounts) {
    if (!CACHE_TYPES.has(mount.mountType)) continue;
    for (const field of mount.fields) if (TARGET_KEYS.has(field.key) && field.value !== null) targets.push(field.value);
  }
  return targets;
}

/**
 * hadolint's `hasCacheOrTmpfsMountWith` (`src/Hadolint/Utils.hs`): a cache or tmpfs mount whose
 * target, as written, contains `fragment`.
 */
export function hadolintCacheMountWith(instruction: Instruction, fragment: string): boolean {
  return rawCacheTargets(instruction).some((target) => target.includes(fragment));
}

function normalize(path: string): string {
  const trimmed = path.replace(/\/+/g, "/").replace(/\/$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/**
 * Targets of a RUN's cache and tmpfs mounts as the build sees them, ARG/ENV references expanded
 * where known. BuildKit's builder expands every mount value (`instructions/commands_runmount.go`
 * `parseMount` with an expander), so quotes and escapes the flag's word left go without a `$` too.
 */
export function cacheMountTargets(file: LintFile, instruction: Instruction): string[] {
  const targets = rawCacheTargets(instruction);
  if (targets.length === 0) return [];
  let scope: ReturnType<LintFile["scopeAt"]> | undefined;
  return targets.map((target) => {
    const result = expand(target, (name) => (scope ??= file.scopeAt(instruction)).get(name)?.value, { escape: file.escape });
    return normalize(result.ok ? result.value : target);
  });
}

/** Whether the mount at `target` holds everything under the absolute directory `directory`. */
export function covers(target: string, directory: string): boolean {
  const dir = normalize(directory);
  return target === "/" || dir === target || dir.startsWith(`${target}/`);
}

/**
 * Whether a cache or tmpfs mount holds one of these absolute directories, or a per-user cache
 * directory given relative to a home (`.cache/pip` is held by a mount on `/root/.cache/pip`,
 * `/home/app/.cache` or `/root`).
 */
export function cacheMountHolds(file: LintFile, instruction: Instruction, directories: { absolute?: readonly string[]; inHome?: readonly string[] }): boolean {
  return mountTargetsHold(cacheMountTargets(file, instruction), directories);
}

/** `cacheMountHolds` on targets already expanded (`cacheMountTargets`, or a rule's `layerFacts`). */
export function mountTargetsHold(targets: readonly string[], directories: { absolute?: readonly string[]; inHome?: readonly string[] }): boolean {
  if (targets.length === 0) return false;
  return targets.some((target) => {
    if (directories.absolute?.some((directory) => covers(target, directory))) return true;
    return (directories.inHome ?? []).some((relative) => {
      // A home is `/root` or `/home/<user>` (or any directory named by $HOME); the mount may sit at
      // the home itself or any directory between it and the cache.
      const segments = relative.split("/");
      for (let depth = 0; depth <= segments.length; depth++) {
        const suffix = segments.slice(0, depth).join("/");
        if (depth === 0 ? /^\/(root|home\/[^/]+)$/.test(target) : target.endsWith(`/${suffix}`)) return true;
      }
      return false;
    });
  });
}
