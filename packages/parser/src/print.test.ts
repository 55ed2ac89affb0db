import { describe, expect, test } from "vitest";
import type { Dockerfile } from "./ast.js";
import { parse } from "./parse.js";
import { print } from "./print.js";

describe("print", () => {
  test("a node the parser did not build from a token table prints its tokens' text", () => {
    // parse's internal-error result holds the whole text as one plain BlankLine node.
    const { ast } = parse("FROM a\n");
    const plain = { ...ast, children: [{ type: "BlankLine", range: ast.range, tokens: [{ type: "Unparsed", text: "FROM ", range: ast.range }, { type: "Unparsed", text: "a\n", range: ast.range }] }] } as Dockerfile;
    expect(print(plain)).toBe("FROM a\n");
  });
});
