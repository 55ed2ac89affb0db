import { describe, expect, test, vi } from "vitest";
import type * as Build from "./build.js";
import { parse, reparse } from "./parse.js";
import { print } from "./print.js";

// No input is known to make the builder throw (test/parser/properties.test.ts looks for one); to
// test what `parse` and `reparse` do should it throw anyway, a test makes it throw.
const builder = vi.hoisted((): { failing: boolean; failure: unknown } => ({ failing: false, failure: undefined }));
vi.mock("./build.js", async (importOriginal) => {
  const actual = await importOriginal<typeof Build>();
  const failing =
    <A extends unknown[], R>(build: (...args: A) => R) =>
    (...args: A): R => {
      if (builder.failing) throw builder.failure;
      return build(...args);
    };
  return { ...actual, buildAst: failing(actual.buildAst), buildAstInChunks: failing(actual.buildAstInChunks), buildAstMoving: failing(actual.buildAstMoving) };
});

function failingWith<T>(failure: unknown, run: () => T): T {
  Object.assign(builder, { failing: true, failure });
  try {
    return run();
  } finally {
    builder.failing = false;
  }
}

describe("a bug in the builder", () => {
  const text = "FROM a\nRUN b\n";

  test("parse keeps the text as one unparsed line and reports it, never throws", () => {
    const result = failingWith(new Error("boom"), () => parse(text));
    const whole = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 13, line: 3, column: 1 } };
    const { ast, diagnostics } = JSON.parse(JSON.stringify(result)) as typeof result;
    expect(ast).toMatchObject({ type: "Dockerfile", range: whole, escape: "\\", directives: [], comments: [], instructions: [], globalArgs: [], stages: [] });
    expect(ast.children).toEqual([{ type: "BlankLine", range: whole, tokens: [{ type: "Unparsed", text, range: whole }] }]);
    expect(diagnostics).toEqual([{ severity: "error", code: "internal-error", message: "dfbuild parser failed (please report this): boom", range: whole, stage: "parse" }]);
    expect(print(result.ast)).toBe(text);
    expect(failingWith("not an Error", () => parse(text)).diagnostics.map((diagnostic) => diagnostic.message)).toEqual(["dfbuild parser failed (please report this): not an Error"]);
  });

  test("reparse reports it too, and a reparse after it parses the whole text again", () => {
    const edited = `${text}RUN c\n`;
    const failed = failingWith(new Error("boom"), () => reparse(edited, { text, parsed: parse(text) }));
    expect(failed.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["internal-error"]);
    expect(print(failed.ast)).toBe(edited);
    // The failed result's one node holds no tokens of a table: nothing of it can be reused.
    const again = `${edited}RUN d\n`;
    expect(JSON.stringify(reparse(again, { text: edited, parsed: failed }))).toBe(JSON.stringify(parse(again)));
  });
});
