import { goClean } from "@dfbuild/parser";
import { minimatch } from "minimatch";

// Go's `path.Clean`: the parser's, which `.dockerignore` matching uses too.
export { goClean };

/** Go's `path.Join`: joins the non-empty parts and cleans the result. */
export function goJoin(...parts: string[]): string {
  const nonEmpty = parts.filter((part) => part !== "");
  return nonEmpty.length === 0 ? "" : goClean(nonEmpty.join("/"));
}

/** Go's `path.Base`. */
export function goBase(path: string): string {
  if (path === "") return ".";
  const trimmed = path.replace(/\/+$/, "");
  if (trimmed === "") return "/";
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

/** Go's `path.Dir`. */
export function goDir(path: string): string {
  const slash = path.lastIndexOf("/");
  return goClean(slash === -1 ? "." : path.slice(0, slash + 1));
}

/** The classic builder's test for a wildcard source: `*`, `?` or `[`, unescaped. */
export function containsWildcards(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const char = path[i];
    if (char === "\\") i++;
    else if (char === "*" || char === "?" || char === "[") return true;
  }
  return false;
}

/**
 * Go's `filepath.Match` through minimatch: `*` and `?` stop at `/`, dot files match, `\` escapes.
 * Globstars, braces, extglobs and `!` negation (none of which `filepath.Match` has) are off.
 */
export function matchesGoPattern(pattern: string, path: string): boolean {
  return minimatch(path, pattern, {
    dot: true,
    nobrace: true,
    noext: true,
    noglobstar: true,
    nonegate: true,
    nocomment: true,
    optimizationLevel: 0,
  });
}

/** The longest leading part of a wildcard pattern without wildcards, as a directory. */
export function literalDirectoryOf(pattern: string): string {
  const parts = pattern.split("/");
  const literal: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (containsWildcards(part)) break;
    literal.push(part);
  }
  return literal.join("/");
}
