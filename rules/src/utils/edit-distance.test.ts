/** Levenshtein distance and the "did you mean" choice built on it. */
import { expect, test } from "vitest";
import { closestName, editDistance } from "./edit-distance.js";

test("editDistance: insertions, deletions and substitutions, one each", () => {
  expect(editDistance("kitten", "sitting")).toBe(3);
  expect(editDistance("", "abc")).toBe(3);
  expect(editDistance("abc", "")).toBe(3);
  expect(editDistance("abc", "abd")).toBe(1);
  expect(editDistance("abc", "abc")).toBe(0);
  expect(editDistance("builder", "buidler")).toBe(2);
});

test("closestName: the nearest candidate, the first of equals, never the name itself", () => {
  expect(closestName("buildr", ["builder", "buildx"])).toBe("builder");
  expect(closestName("buildr", ["builder", "test"])).toBe("builder");
  expect(closestName("build", ["bulid", "build"])).toBe("bulid");
  expect(closestName("build", ["build"])).toBeNull();
  expect(closestName("build", [])).toBeNull();
});

test("closestName: at most 2 edits, and fewer than half the name", () => {
  expect(closestName("abcdefgh", ["abcdxyzh"])).toBeNull();
  expect(closestName("abcdefgh", ["abcdxygh"])).toBe("abcdxygh");
  expect(closestName("ab", ["ac"])).toBeNull();
  expect(closestName("abc", ["abd"])).toBe("abd");
});
