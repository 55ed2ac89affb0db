import { describe, expect, test } from "vitest";
import { normalizeDestination } from "./copy.js";
import { containsWildcards, goBase, goClean, goDir, literalDirectoryOf, matchesGoPattern } from "./paths.js";

describe("Go path helpers", () => {
  test("path.Clean, Base, Dir", () => {
    expect(goClean("")).toBe(".");
    expect(goClean("./a/b/../c/")).toBe("a/c");
    expect(goClean("/../a")).toBe("/a");
    expect(goClean("../../a")).toBe("../../a");
    expect(goBase("/a/b/")).toBe("b");
    expect(goDir("/a/b")).toBe("/a");
    expect(goDir("a")).toBe(".");
  });

  test("filepath.Match for COPY wildcards: * and ? stop at /, dot files match", () => {
    expect(matchesGoPattern("*.txt", "a.txt")).toBe(true);
    expect(matchesGoPattern("*.txt", "dir/a.txt")).toBe(false);
    expect(matchesGoPattern("dir/*.txt", "dir/a.txt")).toBe(true);
    expect(matchesGoPattern("*", ".hidden")).toBe(true);
    expect(matchesGoPattern("?.txt", "ab.txt")).toBe(false);
    expect(matchesGoPattern("[ab]*", "b-file")).toBe(true);
    expect(containsWildcards("a\\*b")).toBe(false);
    expect(containsWildcards("a[bc]")).toBe(true);
    expect(literalDirectoryOf("usr/lib/*.so")).toBe("usr/lib");
    expect(literalDirectoryOf("*/x")).toBe("");
  });

  test("COPY destinations are relative to WORKDIR and keep a trailing slash", () => {
    expect(normalizeDestination("/w", ".")).toBe("/w");
    expect(normalizeDestination("/w", "rel/")).toBe("/w/rel/");
    expect(normalizeDestination("", "x")).toBe("/x");
    expect(normalizeDestination("/w", "/abs/")).toBe("/abs/");
    expect(normalizeDestination("/", "./")).toBe("/");
  });
});
