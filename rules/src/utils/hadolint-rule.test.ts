import { describe, expect, test } from "vitest";
import { dropQuotes } from "./hadolint-rule.js";

describe("dropQuotes", () => {
  test.each([
    ["/app", "/app"],
    ['"/app"', "/app"],
    ["'/app'", "/app"],
    ['""/app/""', "/app/"],
    ["\"'/'\"", "/"],
    ['"/app', "/app"],
    ["/app'", "/app"],
    ['/a"b\'c', "/a\"b'c"],
    ['"/a"b"', '/a"b'],
    ['""', ""],
    ["", ""],
  ])("%s is %s", (text, dropped) => {
    expect(dropQuotes(text)).toBe(dropped);
  });
});
