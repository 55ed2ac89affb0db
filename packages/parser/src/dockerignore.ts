/**
 * `.dockerignore` as Docker reads and applies it (moby/patternmatcher and the walk of the CLI's
 * context archive). Patterns are compiled the way patternmatcher compiles them — an exact, prefix
 * (`dir/**`), suffix (`**` + literal) or regular-expression match — because its `**` rules
 * (`a**b` is `a(.*\/)?b`, `**.txt` is a plain suffix test) cannot be expressed as globs.
 *
 * Pure (no file system): the builder applies it to the build context, the linter's
 * CopyIgnoredFile check to COPY and ADD sources.
 */

/** Go's `path.Clean` for slash-separated paths: the shortest equivalent path (`./a/` → `a`, `/../a` → `/a`, `` → `.`). */
export function goClean(path: string): string {
  if (path === "") return ".";
  const rooted = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = out.join("/");
  if (rooted) return `/${joined}`;
  return joined === "" ? "." : joined;
}

export interface IgnorePattern {
  /** The cleaned pattern without its `!`. */
  text: string;
  /** A `!` pattern: it re-includes what earlier patterns excluded. */
  exception: boolean;
  matches: (path: string) => boolean;
}

/** A `.dockerignore` pattern Docker rejects (a lone `!`, an unclosed `[`). */
export class DockerignoreError extends Error {
  override readonly name = "DockerignoreError";
  readonly code = "DFB_DOCKERIGNORE";
}

/** Reads a .dockerignore file into patterns, as `ignorefile.ReadAll` does. */
export function readIgnoreFile(text: string): string[] {
  const patterns: string[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index] ?? "";
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (index === 0 && line.startsWith("\uFEFF")) line = line.slice(1);
    // Only a # in the very first column starts a comment.
    if (line.startsWith("#")) continue;
    let pattern = line.trim();
    if (pattern === "") continue;
    const exception = pattern.startsWith("!");
    if (exception) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = goClean(pattern);
      if (pattern.length > 1 && pattern.startsWith("/")) pattern = pattern.slice(1);
    }
    patterns.push(exception ? `!${pattern}` : pattern);
  }
  return patterns;
}

/** Compiles patterns as `patternmatcher.New` does; throws a `DockerignoreError` for a bad one. */
export function compilePatterns(patterns: readonly string[]): IgnorePattern[] {
  const compiled: IgnorePattern[] = [];
  for (const raw of patterns) {
    let text = raw.trim();
    if (text === "") continue;
    text = goClean(text);
    let exception = false;
    if (text.startsWith("!")) {
      if (text.length === 1) throw new DockerignoreError('illegal exclusion pattern: "!"');
      exception = true;
      text = text.slice(1);
    }
    if (!isValidGoPattern(text)) throw new DockerignoreError(`syntax error in pattern: ${raw}`);
    compiled.push({ text, exception, matches: compileMatcher(text) });
  }
  return compiled;
}

/** Turns one cleaned pattern into a predicate, following patternmatcher's `compile`. */
function compileMatcher(pattern: string): (path: string) => boolean {
  type Kind = "exact" | "prefix" | "suffix" | "regexp";
  let kind: Kind = "exact";
  let source = "^";
  // Code points, as Go's text/scanner reads the pattern.
  const chars = Array.from(pattern);
  for (let i = 0, position = 0; i < chars.length; position++) {
    const char = chars[i++] ?? "";
    if (char === "*") {
      if (chars[i] === "*") {
        i++;
        if (chars[i] === "/") i++;
        if (i >= chars.length) {
          if (kind === "exact") kind = "prefix";
          else {
            source += ".*";
            kind = "regexp";
          }
        } else {
          source += "(.*/)?";
          kind = "regexp";
        }
        if (position === 0) kind = "suffix";
      } else {
        source += "[^/]*";
        kind = "regexp";
      }
    } else if (char === "?") {
      source += "[^/]";
      kind = "regexp";
    } else if (".+()|{}$".includes(char)) {
      source += `\\${char}`;
    } else if (char === "\\") {
      if (i < chars.length) {
        source += `\\${chars[i++] ?? ""}`;
        kind = "regexp";
      } else source += "\\\\";
    } else if (char === "[" || char === "]") {
      source += char;
      kind = "regexp";
    } else {
      // Go's regexp and JavaScript's read the remaining characters alike (`^` is an anchor in both).
      source += char;
    }
  }
  switch (kind) {
    case "exact":
      return (path) => path === pattern;
    case "prefix": {
      const prefix = pattern.slice(0, -2);
      return (path) => path.startsWith(prefix);
    }
    case "suffix": {
      const suffix = pattern.slice(2);
      return (path) => path.endsWith(suffix) || (suffix.startsWith("/") && path === suffix.slice(1));
    }
    case "regexp": {
      let expression: RegExp;
      try {
        expression = new RegExp(`${source}$`, "u");
      } catch {
        return () => false;
      }
      return (path) => expression.test(path);
    }
  }
}

/** Go's `filepath.Match` syntax check: a `[` class must close, a trailing `\` is bad. */
function isValidGoPattern(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") {
      if (i === pattern.length - 1) return false;
      i++;
    } else if (char === "[") {
      let j = i + 1;
      if (pattern[j] === "^") j++;
      let closed = false;
      let first = true;
      for (; j < pattern.length; j++) {
        if (pattern[j] === "]" && !first) {
          closed = true;
          break;
        }
        if (pattern[j] === "\\") j++;
        first = false;
      }
      if (!closed) return false;
      i = j;
    }
  }
  return true;
}

/**
 * Which context paths the classic builder sees: patternmatcher's `MatchesOrParentMatches` for each
 * path, plus the walk's rule that an excluded directory is entered again only when some exception
 * pattern's text starts with `dir/` (so `!*\/keep` never brings files back from excluded dirs).
 */
export class IgnoreMatcher {
  readonly patterns: readonly IgnorePattern[];
  readonly #hasExceptions: boolean;

  constructor(patterns: readonly string[]) {
    this.patterns = compilePatterns(patterns);
    this.#hasExceptions = this.patterns.some((pattern) => pattern.exception);
  }

  static fromFile(text: string): IgnoreMatcher {
    return new IgnoreMatcher(readIgnoreFile(text));
  }

  /** patternmatcher's `MatchesOrParentMatches` for a slash-separated path relative to the context. */
  matchesOrParentMatches(path: string): boolean {
    const file = goClean(path);
    if (file === ".") return false;
    const parent = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
    const parentDirs = parent.split("/");
    let matched = false;
    for (const pattern of this.patterns) {
      if (pattern.exception !== matched) continue;
      let match = pattern.matches(file);
      if (!match && parent !== ".") {
        for (let i = 0; i < parentDirs.length && !match; i++) match = pattern.matches(parentDirs.slice(0, i + 1).join("/"));
      }
      if (match) matched = !pattern.exception;
    }
    return matched;
  }

  /** patternmatcher's `Exclusions`: whether any pattern is a `!` exception. */
  hasExceptions(): boolean {
    return this.#hasExceptions;
  }

  /** Whether the walk enters an excluded directory anyway, for an exception under it. */
  entersExcludedDirectory(directory: string): boolean {
    if (!this.#hasExceptions) return false;
    const prefix = `${directory}/`;
    return this.patterns.some((pattern) => pattern.exception && `${pattern.text}/`.startsWith(prefix));
  }

  /**
   * Whether a path reaches the build: `sent` when the context archive has it, `entered` for an
   * excluded directory that the walk goes into for an exception (the daemon then has it as a plain
   * directory without an entry of its own), `excluded` otherwise.
   */
  status(path: string): "sent" | "entered" | "excluded" {
    const file = goClean(path);
    if (file === ".") return "sent";
    const parts = file.split("/");
    for (let i = 1; i < parts.length; i++) {
      const ancestor = parts.slice(0, i).join("/");
      if (this.matchesOrParentMatches(ancestor) && !this.entersExcludedDirectory(ancestor)) return "excluded";
    }
    if (!this.matchesOrParentMatches(file)) return "sent";
    return this.entersExcludedDirectory(file) ? "entered" : "excluded";
  }
}
