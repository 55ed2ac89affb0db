/**
 * `reparse` on chosen edits, each checked against a full parse: what it keeps, moves and builds
 * again. Deterministic and quick (a few parses each), unlike reparse.test.ts's random chains, so
 * `pnpm mutate parser --mutate packages/parser/src/parse.ts` can run it for every mutant.
 */
import { describe, expect, test } from "vitest";
import { type PreviousParse, parse, reparse } from "./parse.js";
import { newTables, observed } from "./reparse.test-helper.js";

describe("reparse on chosen edits", () => {
  test("moves the instructions after an edit instead of building them again: same tree, positions and diagnostics", () => {
    const text = "FROM a\nRUN b\n# about c\nRUN c \\\n  # inner\n  d\nCOPY --chown=1:1 x /y\nBOGUS e\nRUN <<EOF\nbody\nEOF\nONBUILD RUN f\n";
    const previous = parse(text);
    for (const edited of [text.replace("RUN b", "RUN bb\nRUN b2"), text.replace("RUN b", "RUN")]) {
      const result = reparse(edited, { text, parsed: previous });
      expect(newTables(result, previous)).toBe(2);
      expect(observed(result)).toBe(observed(parse(edited)));
      // The moved nodes' tokens and ranges are read from the new text.
      expect(result.ast.instructions.at(-1)?.tokens.map((token) => token.text).join("")).toBe("ONBUILD RUN f\n");
      expect(result.diagnostics.map((diagnostic) => diagnostic.range.start.line)).toEqual(parse(edited).diagnostics.map((diagnostic) => diagnostic.range.start.line));
    }
    // A line end escaped, a heredoc opened: what follows reads differently; nodes are moved only
    // from where the reading is back in step (the COPY after the joined lines), or not at all
    // (the heredoc takes every line to the end).
    const cases: [string, number][] = [
      [text.replace("RUN b", "RUN b \\"), 2],
      [text.replace("COPY --chown=1:1 x", "COPY <<X"), 1],
      [text.replace("ONBUILD RUN f", "ONBUILD RUN g"), 1],
    ];
    for (const [edited, tables] of cases) {
      const result = reparse(edited, { text, parsed: previous });
      expect(newTables(result, previous)).toBe(tables);
      expect(observed(result)).toBe(observed(parse(edited)));
    }
  });

  test("keeps the instructions before the edit and builds the rest", () => {
    const text = "FROM a\n# about b\nRUN b\nRUN c\n";
    const previous = parse(text);
    const edited = text.replace("RUN c", "RUN cc");
    const result = reparse(edited, { text, parsed: previous });
    expect(result.ast.instructions[0]).toBe(previous.ast.instructions[0]);
    expect(result.ast.instructions[1]).toBe(previous.ast.instructions[1]);
    expect(result.ast.instructions[2]).not.toBe(previous.ast.instructions[2]);
    expect(result.ast.instructions[2]?.range.start).toEqual({ offset: 23, line: 4, column: 1 });
    expect(observed(result)).toBe(observed(parse(edited)));
  });

  test("an edit on an instruction's line, in its heredoc or in the comments above it rebuilds that instruction", () => {
    const text = "FROM a\n# about b\nRUN <<EOF\nbody\nEOF\nRUN c\n";
    const previous = parse(text);
    for (const edited of [text.replace("# about b", "# about bb"), text.replace("body", "bod"), text.replace("EOF\nRUN", "EO\nRUN"), `${text}RUN d\n`]) {
      const result = reparse(edited, { text, parsed: previous });
      expect(observed(result)).toBe(observed(parse(edited)));
    }
    expect(reparse(text.replace("body", "bod"), { text, parsed: previous }).ast.instructions[0]).toBe(previous.ast.instructions[0]);
    expect(reparse(text.replace("body", "bod"), { text, parsed: previous }).ast.instructions[1]).not.toBe(previous.ast.instructions[1]);
  });

  test("text appended after a last instruction continued to the end of the file joins it", () => {
    for (const text of ["FROM a\nRUN b \\\n", "FROM a\nRUN <<EOF\nx\n", "FROM a\nRUN b\r", "FROM a\nRUN <<EOF\nEOF"]) {
      const edited = `${text}\nc\nRUN d\n`;
      expect(observed(reparse(edited, { text, parsed: parse(text) }))).toBe(observed(parse(edited)));
    }
  });

  test("a line over BuildKit's 65,535 bytes is reported once, before or after the edit", () => {
    const long = `RUN echo ${"x".repeat(65_536)}\n`;
    for (const text of [`FROM a\n${long}RUN b\nRUN c\n`, `FROM a\nRUN b\nRUN c\n${long}`]) {
      const edited = text.replace("RUN c", "RUN cc");
      const result = reparse(edited, { text, parsed: parse(text) });
      expect(result.diagnostics.filter((diagnostic) => diagnostic.code === "line-too-long")).toHaveLength(1);
      expect(observed(result)).toBe(observed(parse(edited)));
    }
  });

  test("a tree that would draw on more than 8 versions' token tables is parsed afresh", () => {
    let text = "FROM a\nRUN 0\n";
    let previous: PreviousParse = { text, parsed: parse(text) };
    const reused: boolean[] = [];
    for (let version = 1; version <= 12; version++) {
      text = `${text}RUN ${String(version)}\n`;
      const parsed = reparse(text, previous);
      expect(observed(parsed)).toBe(observed(parse(text)));
      reused.push(parsed.ast.instructions[0] === previous.parsed.ast.instructions[0]);
      previous = { text, parsed };
    }
    // Each version adds the table of its last instructions; the ninth would keep nodes of nine.
    expect(reused).toEqual([true, true, true, true, true, true, true, true, false, true, true, true]);
  });

  test("an escape directive changed at the top parses the whole file again", () => {
    const text = "# escape=`\nFROM a\nRUN b `\n  c\nRUN d \\\n";
    const edited = text.replace("# escape=`", "# escape=\\");
    const result = reparse(edited, { text, parsed: parse(text) });
    expect(result.ast.escape).toBe("\\");
    expect(observed(result)).toBe(observed(parse(edited)));
  });

  test("edits in two places: the instructions between them are built again, those after the second moved", () => {
    const text = "FROM a\nRUN b\nRUN c\nRUN d\n";
    const edited = "FROM a\nRUN x\nRUN y\nRUN d\n";
    const previous = parse(text);
    const result = reparse(edited, { text, parsed: previous });
    expect(newTables(result, previous)).toBe(2);
    expect(observed(result)).toBe(observed(parse(edited)));
  });

  test("the line break before an instruction replaced: it joins the line above, nothing is moved", () => {
    const text = "FROM a\nRUN b\nRUN c\n";
    // A CR alone ends no line (BuildKit splits lines at `\n`): `RUN b\rRUN c` is one instruction.
    for (const edited of ["FROM a\nRUN b RUN c\n", "FROM a\nRUN b\rRUN c\n"]) {
      expect(observed(reparse(edited, { text, parsed: parse(text) }))).toBe(observed(parse(edited)));
    }
  });

  test("an insertion longer than the text between it and the next instruction still moves that instruction", () => {
    const text = "FROM a\nRUN b\nRUN c\n";
    const edited = text.replace("RUN b", `RUN b${"x".repeat(20)}`);
    const previous = parse(text);
    const result = reparse(edited, { text, parsed: previous });
    expect(newTables(result, previous)).toBe(2);
    expect(observed(result)).toBe(observed(parse(edited)));
  });

  test("each diagnostic once, of a kept instruction and of a moved one starting right at the moved nodes", () => {
    for (const [text, edited] of [
      ["FROM a\nBOGUS x\nRUN b\nRUN c\n", "FROM a\nBOGUS x\nRUN bb\nRUN c\n"],
      ["FROM a\nRUN b\nBOGUS c\n", "FROM a\nRUN bb\nBOGUS c\n"],
    ] as const) {
      const result = reparse(edited, { text, parsed: parse(text) });
      expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["unknown-instruction"]);
      expect(observed(result)).toBe(observed(parse(edited)));
    }
  });

  test("a comment block is the next instruction's across blank lines (BuildKit's `Parse`): an edit there rebuilds from the comment", () => {
    const text = "FROM a\n# about b\n\nRUN b\n";
    const edited = text.replace("RUN b", "RUN bb");
    const result = reparse(edited, { text, parsed: parse(text) });
    expect(result.ast.instructions[1]?.leadingComments).toEqual(["about b"]);
    expect(observed(result)).toBe(observed(parse(edited)));
  });

  test("an edit in the second directive parses the directives again", () => {
    const text = "# escape=`\n# syntax=x\nFROM a\n";
    const edited = text.replace("syntax=x", "syntax=y");
    const result = reparse(edited, { text, parsed: parse(text) });
    expect(result.ast.directives.map((directive) => directive.value)).toEqual(["`", "y"]);
    expect(observed(result)).toBe(observed(parse(edited)));
  });

  test("a byte-order mark starting the line after the kept instructions is that line's text: the file is parsed again", () => {
    const text = "FROM a\n\uFEFFRUN b\n";
    const edited = text.replace("RUN b", "RUN bb");
    expect(observed(reparse(edited, { text, parsed: parse(text) }))).toBe(observed(parse(edited)));
  });
});
