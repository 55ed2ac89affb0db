import { describe, expect, test } from "vitest";
import { DockerignoreError, IgnoreMatcher, compilePatterns, goClean, readIgnoreFile } from "./dockerignore.js";

const status = (patterns: string, path: string): string => IgnoreMatcher.fromFile(patterns).status(path);

describe("reading .dockerignore as ignorefile.ReadAll does", () => {
  test("comments only in the first column, BOM, blank lines, spaces, ! with spaces", () => {
    expect(readIgnoreFile("\uFEFF# comment\n  # not a comment\n\n  a.txt  \n!  b.txt\r\n")).toEqual(["# not a comment", "a.txt", "!b.txt"]);
  });

  test("patterns are cleaned and lose one leading slash", () => {
    expect(readIgnoreFile("./a\nb/\nc/../d\n/rooted\n//double\n../up\n/\n")).toEqual(["a", "b", "d", "rooted", "double", "../up", "/"]);
  });

  test("a BOM is dropped from the first line only; CRLF lines read as LF lines", () => {
    expect(readIgnoreFile("a\n\uFEFFb\n\uFEFF#c\n")).toEqual(["a", "\uFEFFb", "\uFEFF#c"]);
    expect(readIgnoreFile("\uFEFFa\r\n#c\r\n!b\r\n\r\n")).toEqual(["a", "!b"]);
  });

  test("space is Go's unicode.IsSpace (strings.TrimSpace), not JavaScript's trim()", () => {
    expect(readIgnoreFile("\u0085a\u00A0\n!\u3000b\u2028\n")).toEqual(["a", "!b"]);
    expect(readIgnoreFile("x\n \uFEFFc\uFEFF \n")).toEqual(["x", "\uFEFFc\uFEFF"]);
  });

  test("a lone ! and an unclosed [ are errors", () => {
    expect(() => IgnoreMatcher.fromFile("!\n")).toThrow(DockerignoreError);
    expect(() => IgnoreMatcher.fromFile("a[b\n")).toThrow(/syntax error in pattern/);
  });
});

describe("matching as moby/patternmatcher matches", () => {
  test.each([
    // pattern, path, excluded?
    ["*.md", "a.md", true],
    ["*.md", "sub/a.md", false],
    ["**/*.md", "sub/deep/a.md", true],
    ["**/*.md", "a.md", true],
    ["**/foo", "foo", true],
    ["**/foo", "x/y/foo", true],
    ["**/foo", "x/foo/child", true],
    ["**", "anything/at/all", true],
    ["dir/**", "dir/x", true],
    ["dir/**", "dir", false],
    ["foo**", "foobar/baz", true],
    ["a**b", "ab", true],
    ["a**b", "ax/b", true],
    // `**` not followed by a slash is `(.*/)?`: it cannot stand for `x` alone.
    ["a**b", "axb", false],
    ["**.txt", "deep/dir/a.txt", true],
    ["?.txt", "a.txt", true],
    ["?.txt", "ab.txt", false],
    ["[ab].txt", "b.txt", true],
    ["[^a].txt", "a.txt", false],
    ["\\*.txt", "*.txt", true],
    ["\\*.txt", "a.txt", false],
    ["dir", "dir/sub/file", true],
    ["*/sub", "dir/sub/file", true],
    [".*", ".hidden", true],
    ["*", ".hidden", true],
    // A parent is a whole path segment: neither a prefix of a name nor the path minus a character.
    ["ab", "abc", false],
    ["ab", "ab/c", true],
    // Any ancestor counts, not only the nearest one.
    ["a", "a/b/c/d", true],
    ["a/b", "a/b/c/d", true],
    ["*/b", "a/b/c/d", true],
    // The empty string is no parent (`*^` matches only it: `^` is an anchor in both regexps).
    ["*^", "a/b", false],
  ] as const)("%s against %s → %s", (pattern, path, excluded) => {
    expect(IgnoreMatcher.fromFile(`${pattern}\n`).matchesOrParentMatches(path)).toBe(excluded);
  });

  test("the last pattern that applies wins", () => {
    expect(status("*.txt\n!a.txt\n", "a.txt")).toBe("sent");
    // Not sent; only a directory of that name would still be walked, for the exception `a.txt`.
    expect(status("*.txt\n!a.txt\na.txt\n", "a.txt")).toBe("entered");
    expect(status("*.txt\n!a.txt\n", "b.txt")).toBe("excluded");
  });

  test("the context root can never be excluded", () => {
    expect(status("*\n**\n.\n", ".")).toBe("sent");
  });
});

describe("what reaches the build (the CLI's archive walk)", () => {
  test("an exception with the directory's name as literal prefix brings one file back", () => {
    const patterns = "lit\n!lit/keep.txt\n";
    expect(status(patterns, "lit/keep.txt")).toBe("sent");
    expect(status(patterns, "lit/other.txt")).toBe("excluded");
    // The directory itself has no entry of its own: the daemon recreates it as a plain directory.
    expect(status(patterns, "lit")).toBe("entered");
  });

  test("a wildcard exception never reaches into an excluded directory (moby/moby#30018)", () => {
    const patterns = "wild\n!*/keep.txt\n";
    expect(status(patterns, "wild/keep.txt")).toBe("excluded");
    expect(status(patterns, "other/keep.txt")).toBe("sent");
  });

  test("!dir/** re-includes everything under a directory excluded by dir/**", () => {
    const patterns = "build/**\n!build/keep/**\n";
    expect(status(patterns, "build")).toBe("sent");
    expect(status(patterns, "build/out.bin")).toBe("excluded");
    expect(status(patterns, "build/keep/k.txt")).toBe("sent");
  });

  test("`*` then `!src`: the exception matches the file through its parent, so src and all under it are sent", () => {
    // patternmatcher's MatchesOrParentMatches tries each pattern on the parent directories too, the
    // exception included; the classic builder's context has src/a.txt (test/build/classic.test.ts).
    const patterns = "*\n!src\n";
    expect(status(patterns, "src")).toBe("sent");
    expect(status(patterns, "src/a.txt")).toBe("sent");
    expect(status(patterns, "src/deep/b.txt")).toBe("sent");
    expect(status(patterns, "other.txt")).toBe("excluded");
    expect(status(patterns, "lib/c.txt")).toBe("excluded");
  });

  test("an excluded parent excludes its children, whatever their names", () => {
    expect(status("node_modules\n", "node_modules/m/index.js")).toBe("excluded");
    expect(status("node_modules\n!*.js\n", "node_modules/m/index.js")).toBe("excluded");
  });

  test("the Dockerfile and .dockerignore are dropped only when the patterns match them", () => {
    expect(status("Dockerfile\n.dockerignore\n", "Dockerfile")).toBe("excluded");
    expect(status("Dockerfile\n.dockerignore\n", ".dockerignore")).toBe("excluded");
    expect(status("*.md\n", "Dockerfile")).toBe("sent");
  });
});

describe("Go's path.Clean, which patterns and paths go through", () => {
  test.each([
    ["", "."],
    [".", "."],
    ["/", "/"],
    ["./a/b/../c/", "a/c"],
    ["a//b", "a/b"],
    ["/../a", "/a"],
    ["../../a", "../../a"],
    ["a/../..", ".."],
    ["a/b/../../..", ".."],
    ["..//a/./b/..", "../a"],
    ["/a/../..", "/"],
  ])("%j → %j", (path, cleaned) => {
    expect(goClean(path)).toBe(cleaned);
  });
});

describe("compiling patterns as patternmatcher.New does", () => {
  test("blank patterns are dropped; patterns are trimmed and cleaned; ! marks an exception", () => {
    const patterns = compilePatterns(["  ", " ./a/ ", "!./b/", "!b/../c", "!!d"]);
    expect(patterns.map(({ text, exception }) => [text, exception])).toEqual([
      ["a", false],
      // Cleaned before the ! is looked at, as patternmatcher does: `!.` and `!b` are path elements,
      // so `./` stays and `..` removes `!b` (readIgnoreFile takes the ! off first, so a file never
      // gives these).
      ["./b", true],
      ["c", false],
      // Only one ! is an exception marker: the rest is the pattern.
      ["!d", true],
    ]);
  });

  test("the errors say which pattern and why", () => {
    expect(() => compilePatterns(["!"])).toThrow(new DockerignoreError('illegal exclusion pattern: "!"'));
    expect(() => compilePatterns([" a[b "])).toThrow(new DockerignoreError("syntax error in pattern:  a[b "));
    expect(() => compilePatterns(["a\\"])).toThrow(DockerignoreError);
    try {
      compilePatterns(["x["]);
    } catch (error) {
      expect(error).toMatchObject({ name: "DockerignoreError", code: "DFB_DOCKERIGNORE" });
    }
    expect.assertions(4);
  });

  test("character classes that close are valid, with ^, ranges and escapes", () => {
    for (const pattern of ["[ab]", "[^ab]", "[a\\]]", "x[a]y[b]", "\\[", "a\\*", "[a-c]", "[^a-cx-z]", "[\\-a]", "[a\\-]", "[\\]-\\]]", "a]", "[*]", "[[]", "[[]a"]) {
      expect(() => compilePatterns([pattern]), pattern).not.toThrow();
    }
    for (const pattern of ["[", "[^", "[a", "[a\\]", "a[b]c[", "\\", "[a-", "[a-b", "[\\", "[a\\"]) expect(() => compilePatterns([pattern]), pattern).toThrow(DockerignoreError);
  });

  test("as Go's getEsc: a class is not empty and a range's ends are neither - nor ]", () => {
    for (const pattern of ["[]", "[]a]", "[^]", "[^]a]", "[-a]", "[a-]", "[a--]", "[a-]b]"]) expect(() => compilePatterns([pattern]), pattern).toThrow(DockerignoreError);
  });

  test("hasExceptions says whether any pattern is an exception", () => {
    expect(new IgnoreMatcher(["a", "b"]).hasExceptions()).toBe(false);
    expect(new IgnoreMatcher(["a", "!b"]).hasExceptions()).toBe(true);
  });
});

describe("the kinds of match patternmatcher compiles", () => {
  const matches = (pattern: string, path: string): boolean => new IgnoreMatcher([pattern]).patterns[0]?.matches(path) ?? false;

  test("exact: the whole path, nothing less or more", () => {
    expect(matches("a/b", "a/b")).toBe(true);
    expect(matches("a/b", "a/bc")).toBe(false);
    expect(matches("a/b", "xa/b")).toBe(false);
    // Regular-expression characters in a literal pattern are literal.
    expect(matches("a.b+(c)|{d}$", "a.b+(c)|{d}$")).toBe(true);
    expect(matches("a.b", "axb")).toBe(false);
  });

  test("prefix (`dir/**`): every path that starts with `dir/`, and only those", () => {
    expect(matches("dir/**", "dir/")).toBe(true);
    expect(matches("dir/**", "dir/a/b")).toBe(true);
    expect(matches("dir/**", "dirt/a")).toBe(false);
    expect(matches("dir/**", "x/dir/a")).toBe(false);
  });

  test("suffix (`**` + literal): a plain suffix test, or the literal after `**/` at the root", () => {
    expect(matches("**/a.txt", "a.txt")).toBe(true);
    expect(matches("**/a.txt", "x/a.txt")).toBe(true);
    expect(matches("**/a.txt", "xa.txt")).toBe(false);
    expect(matches("**.txt", "x/y.txt")).toBe(true);
    expect(matches("**.txt", "x/y.txtz")).toBe(false);
    // Only a suffix that starts with a slash may also be the whole path.
    expect(matches("**.txt", "txt")).toBe(false);
    expect(matches("**/txt", "txt")).toBe(true);
  });

  test("regular expression: `*` and `?` stop at a slash, `**` in the middle spans directories", () => {
    expect(matches("a/*/c", "a/b/c")).toBe(true);
    expect(matches("a/*/c", "a/b/x/c")).toBe(false);
    expect(matches("a/**/c", "a/c")).toBe(true);
    expect(matches("a/**/c", "a/b/x/c")).toBe(true);
    expect(matches("a/**/c", "a/b/x/cd")).toBe(false);
    expect(matches("a**", "a/b")).toBe(true);
    expect(matches("*a**", "xa/b/c")).toBe(true);
    expect(matches("*a**", "x/a")).toBe(false);
    expect(matches("a?c", "a/c")).toBe(false);
    expect(matches("a?c", "abc")).toBe(true);
    expect(matches("*.go", "dir/a.go")).toBe(false);
    expect(matches("[a-c]?", "bz")).toBe(true);
    expect(matches("[a-c]?", "dz")).toBe(false);
    // An escaped character is itself; the class characters stay a class.
    expect(matches("\\?x", "?x")).toBe(true);
    expect(matches("\\?x", "ax")).toBe(false);
    expect(matches("a.[b]", "a.b")).toBe(true);
    expect(matches("a.[b]", "axb")).toBe(false);
    // A class alone makes a regular expression; `?` is one code point, as Go reads it.
    expect(matches("file[0-9].txt", "file7.txt")).toBe(true);
    expect(matches("file[0-9].txt", "file[0-9].txt")).toBe(false);
    expect(matches("?.txt", "\u{1F600}.txt")).toBe(true);
    expect(matches("a?", "a\u{1F600}")).toBe(true);
    // A `]` outside a class is a literal in Go's regexp (JavaScript's rejects it with the u flag).
    expect(matches("a]", "a]")).toBe(true);
    expect(matches("a]", "a")).toBe(false);
    expect(matches("[ab]]", "b]")).toBe(true);
    expect(matches("[ab]]", "b")).toBe(false);
    // A `[` inside a class is one of its characters.
    expect(matches("[[]a", "[a")).toBe(true);
    // Anchored at both ends.
    expect(matches("?", "ab")).toBe(false);
    expect(matches("a*", "ba")).toBe(false);
  });

  test("a pattern JavaScript cannot compile as a regular expression matches nothing", () => {
    // `[b-a]` is an empty range: Go's regexp rejects it too, and patternmatcher's match then fails.
    expect(matches("[b-a]", "a")).toBe(false);
    expect(matches("[b-a]", "[b-a]")).toBe(false);
  });
});

describe("which excluded directories the walk still enters", () => {
  test("only for an exception under the directory, named by its literal path", () => {
    const matcher = IgnoreMatcher.fromFile("a\n!a/b/keep\nc\n");
    expect(matcher.entersExcludedDirectory("a")).toBe(true);
    expect(matcher.entersExcludedDirectory("a/b")).toBe(true);
    expect(matcher.entersExcludedDirectory("a/b/keep")).toBe(true);
    expect(matcher.entersExcludedDirectory("a/c")).toBe(false);
    expect(matcher.entersExcludedDirectory("c")).toBe(false);
    expect(IgnoreMatcher.fromFile("a\n").entersExcludedDirectory("a")).toBe(false);
    // A non-exception pattern under the directory does not count.
    expect(IgnoreMatcher.fromFile("a\na/b\n").entersExcludedDirectory("a")).toBe(false);
  });

  test("a file under an entered directory is sent only if an exception matches it", () => {
    const patterns = "a\n!a/b/keep\n";
    expect(status(patterns, "a/b/keep")).toBe("sent");
    expect(status(patterns, "a/b")).toBe("entered");
    expect(status(patterns, "a/b/other")).toBe("excluded");
    expect(status(patterns, "a/x/keep")).toBe("excluded");
  });

  test("paths are cleaned before matching; the root is never excluded", () => {
    expect(status("a\n", "./a/b/")).toBe("excluded");
    expect(status("a\n", "b/../a")).toBe("excluded");
    expect(IgnoreMatcher.fromFile("*\n").matchesOrParentMatches("./")).toBe(false);
    expect(status("b\n", "a/b")).toBe("sent");
  });

  test("a rooted path's parents are the empty string and /a, as filepath.Dir's parts joined", () => {
    expect(new IgnoreMatcher(["/a"]).matchesOrParentMatches("/a/b")).toBe(true);
    expect(new IgnoreMatcher(["/a", "!**/b"]).status("/a/b")).toBe("excluded");
  });

  test("an exception only re-includes what an earlier pattern excluded", () => {
    expect(status("!a\n", "a")).toBe("sent");
    expect(IgnoreMatcher.fromFile("!a\na\n").matchesOrParentMatches("a")).toBe(true);
    // The exception is tried on the parents too: `!a` brings back a/b after `*`.
    expect(IgnoreMatcher.fromFile("*\n!a\n").matchesOrParentMatches("a/b")).toBe(false);
    // A later exclusion of the parent wins again.
    expect(IgnoreMatcher.fromFile("*\n!a\na\n").matchesOrParentMatches("a/b")).toBe(true);
  });
});
