import { describe, expect, test } from "vitest";
import { DockerignoreError, IgnoreMatcher, readIgnoreFile } from "./dockerignore.js";

const status = (patterns: string, path: string): string => IgnoreMatcher.fromFile(patterns).status(path);

describe("reading .dockerignore as ignorefile.ReadAll does", () => {
  test("comments only in the first column, BOM, blank lines, spaces, ! with spaces", () => {
    expect(readIgnoreFile("\uFEFF# comment\n  # not a comment\n\n  a.txt  \n!  b.txt\r\n")).toEqual(["# not a comment", "a.txt", "!b.txt"]);
  });

  test("patterns are cleaned and lose one leading slash", () => {
    expect(readIgnoreFile("./a\nb/\nc/../d\n/rooted\n//double\n../up\n/\n")).toEqual(["a", "b", "d", "rooted", "double", "../up", "/"]);
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
