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

/** Go's `unicode.IsSpace`: Latin-1's spaces and U+0085 and U+00A0, then Unicode's White_Space. */
const GO_SPACE = "\t\n\v\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";

/** Go's `strings.TrimSpace`; not JavaScript's `trim()`, which also strips U+FEFF and keeps U+0085. */
function goTrimSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && GO_SPACE.includes(text.charAt(start))) start++;
  while (end > start && GO_SPACE.includes(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

/**
 * Reads a .dockerignore file into patterns, as `ignorefile.ReadAll` does (moby/patternmatcher
 * ignorefile/ignorefile.go). Its `bufio.Scanner` also drops a line's final CR; `TrimSpace` below
 * removes that CR anyway, and a comment is dropped whatever it ends with.
 */
export function readIgnoreFile(text: string): string[] {
  const patterns: string[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    // The UTF-8 BOM is trimmed from the first line only, before the comment test.
    const unmarked = index === 0 && line.startsWith("\uFEFF") ? line.slice(1) : line;
    // Only a # in the very first column starts a comment.
    if (unmarked.startsWith("#")) continue;
    let pattern = goTrimSpace(unmarked);
    if (pattern === "") continue;
    const exception = pattern.startsWith("!");
    if (exception) pattern = goTrimSpace(pattern.slice(1));
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
  // Whether a `[` class is open: Go's regexp reads a `]` outside one as a literal, JavaScript's
  // (with the `u` flag, needed so that `?` is one code point as in Go) as a syntax error, so it is
  // escaped. (A `]` first in a class never gets here: isValidGoPattern rejects it, as Go does.)
  let inClass = false;
  for (let i = 0; i < chars.length; ) {
    const start = i;
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
        if (start === 0) kind = "suffix";
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
      // isValidGoPattern has rejected a trailing `\`, the case patternmatcher leaves alone.
      source += `\\${chars[i++] ?? ""}`;
      kind = "regexp";
    } else if (char === "[") {
      source += char;
      inClass = true;
      kind = "regexp";
    } else if (char === "]") {
      source += inClass ? char : `\\${char}`;
      inClass = false;
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

/**
 * Go's `filepath.Match` syntax check (patternmatcher.New rejects a pattern it fails), following
 * `matchChunk` and `getEsc` in path/filepath/match.go: a `\` needs a character after it; a `[`
 * class holds at least one range before its `]`, and a range's ends are neither `-` nor `]` (so
 * `[]a]` and `[a-]` are errors) and need something after them.
 */
function isValidGoPattern(pattern: string): boolean {
  const chars = Array.from(pattern);
  let i = 0;
  /** `getEsc`: one possibly escaped class character, which something must follow. */
  const classChar = (): boolean => {
    const char = chars[i];
    // Past the end (`[a-`), `i < chars.length` below fails: no need to test for it first.
    if (char === "-" || char === "]") return false;
    i += char === "\\" ? 2 : 1;
    return i < chars.length;
  };
  while (i < chars.length) {
    const char = chars[i++];
    if (char === "\\") {
      if (i === chars.length) return false;
      i++;
    } else if (char === "[") {
      if (chars[i] === "^") i++;
      for (let ranges = 0; !(chars[i] === "]" && ranges > 0); ranges++) {
        if (!classChar()) return false;
        if (chars[i] === "-") {
          i++;
          if (!classChar()) return false;
        }
      }
      i++;
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
    let matched = false;
    for (const pattern of this.patterns) {
      // A short-cut patternmatcher takes too: an inclusion cannot change a match, nor an exception
      // a non-match.
      if (pattern.exception !== matched) continue;
      let match = pattern.matches(file);
      // Then the parent directories, shortest first (patternmatcher joins `filepath.Dir`'s parts).
      for (let slash = file.indexOf("/"); slash >= 0 && !match; slash = file.indexOf("/", slash + 1)) match = pattern.matches(file.slice(0, slash));
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
    const prefix = `${directory}/`;
    return this.patterns.some((pattern) => pattern.exception && `${pattern.text}/`.startsWith(prefix));
  }

  /**
   * Whether a path reaches the build: `sent` when the context archive has it, `entered` for an
   * excluded directory that the walk goes into for an exception (the daemon then has it as a plain
   * directory without an entry of its own), `excluded` otherwise.
   */
  status(path: string): "sent" | "entered" | "excluded" {
    // The context root (".") is never excluded: matchesOrParentMatches(".") is false.
    const file = goClean(path);
    for (let slash = file.indexOf("/"); slash >= 0; slash = file.indexOf("/", slash + 1)) {
      const ancestor = file.slice(0, slash);
      if (this.matchesOrParentMatches(ancestor) && !this.entersExcludedDirectory(ancestor)) return "excluded";
    }
    if (!this.matchesOrParentMatches(file)) return "sent";
    return this.entersExcludedDirectory(file) ? "entered" : "excluded";
  }
}
