/** line-break.ts: the line break a fix inserting a line writes. */
import { LintFile } from "@dfbuild/linter";
import { parse } from "@dfbuild/parser";
import { expect, test } from "vitest";
import { lineBreakOf } from "./line-break.js";

function fileOf(text: string): LintFile {
  const { ast, diagnostics } = parse(text);
  return new LintFile(text, ast, diagnostics, "Dockerfile");
}

test("the file's own: CRLF when it has one anywhere, else LF", () => {
  expect(lineBreakOf(fileOf("FROM a\r\nRUN b\r\n"))).toBe("\r\n");
  expect(lineBreakOf(fileOf("FROM a\nRUN b\r\n"))).toBe("\r\n");
  expect(lineBreakOf(fileOf("FROM a\nRUN b\n"))).toBe("\n");
  expect(lineBreakOf(fileOf("FROM a"))).toBe("\n");
});

test("a lone CR is no CRLF", () => {
  expect(lineBreakOf(fileOf("FROM a\rRUN b\n"))).toBe("\n");
});
