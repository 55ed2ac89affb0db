/**
 * `parse` lexes and builds a file a piece at a time (`tokenizeInChunks`, `buildAstInChunks`): the
 * pieces' tokens, and the tree built from them, must be exactly those of one lex of the whole
 * text, wherever the pieces end — so the tests cut the text into pieces far smaller than
 * `parse`'s, down to one character (a piece then holds one instruction, or grows until it does).
 */
import type { IToken } from "chevrotain";
import { describe, expect, test } from "vitest";
import { buildAst, buildAstInChunks } from "./build.js";
import { INPUTS } from "./line-inputs.test-helper.js";
import * as t from "./lexer.js";
import { seededRandom } from "./seeded-random.test-helper.js";

const SIZES = [1, 5, 40];

/** Texts that cross piece ends in every way: continuations, comment and blank lines inside them, heredocs, CRLF, the escape directive. */
const TEXTS = [
  ...INPUTS,
  "# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nRUN b `\n  c\nRUN d \\\nCOPY x y\n",
  "FROM a\nRUN a \\\n  b \\\n\n # comment inside\n  d\nRUN <<EOF cat\nhello\nEOF\nCOPY <<A <<B /\na\nA\nb\nB\nRUN <<-EOT sh\n\techo hi\n\tEOT\nONBUILD RUN x\n",
  "FROM a\r\nRUN b \\\r\n  c\r\n\r\n# note\r\nRUN d\r\r\nRUN e\r",
  `FROM a\nRUN echo ${"x".repeat(200)} \\\n  ${"y".repeat(90)}\nRUN <<EOF\n${"line\n".repeat(30)}EOF\nRUN z\n`,
  "\uFEFF# escape=\\\n\n# a comment\nFROM a AS b\n  \tRUN c\nBOGUS d\nFROM\n",
];

/** Random texts from the lines that open, join and close instructions. */
function randomTexts(count: number): string[] {
  const pieces = ["FROM a\n", "RUN b\n", "RUN c \\\n", "  d\n", "\n", "# e\n", "RUN <<EOF\n", "EOF\n", "x\n", "\\\n", "RUN [\"a\",\n", "\r\n", "CMD f", "ONBUILD RUN g\n", "  "];
  const next = seededRandom(4242);
  return Array.from({ length: count }, () => Array.from({ length: 4 + Math.floor(next() * 20) }, () => pieces[Math.floor(next() * pieces.length)] ?? "").join(""));
}

const describeToken = (token: IToken) => `${token.tokenType.name}@${String(token.startOffset)}:${JSON.stringify(token.image)}${token.payload === undefined ? "" : JSON.stringify(token.payload)}`;

describe("lexing and building a file a piece at a time", () => {
  const texts = [...TEXTS, ...randomTexts(100)];

  test("the pieces' tokens are the whole text's, and each piece but the last ends right after an instruction", () => {
    let pieces = 0;
    for (const text of texts) {
      const whole = t.tokenize(text);
      for (const size of SIZES) {
        const chunks = [...t.tokenizeInChunks(text, size)];
        pieces += chunks.length;
        const tokens = chunks.flatMap((chunk) => chunk.tokens);
        expect(tokens.map(describeToken), `${JSON.stringify(text)} in pieces of ${String(size)}`).toEqual(whole.tokens.map(describeToken));
        expect(chunks.at(-1)?.end).toBe(text.length);
        expect(chunks.at(-1)?.escape).toBe(whole.escape);
        expect(chunks.at(-1)?.openHeredocs).toBe(whole.openHeredocs);
        for (const chunk of chunks.slice(0, -1)) {
          const last = chunk.tokens.at(-1);
          expect([t.InstructionEnd, t.HeredocLastEnd]).toContain(last?.tokenType);
          expect(chunk.end).toBe((last?.startOffset ?? 0) + (last?.image.length ?? 0));
          expect(text.charAt(chunk.end - 1)).toBe("\n");
        }
      }
    }
    // Texts were really cut: far more pieces than texts and sizes.
    expect(pieces).toBeGreaterThan(texts.length * SIZES.length * 2);
  });

  test("the tree built from the pieces is the tree of one lex: nodes, tokens, positions and diagnostics", () => {
    for (const text of texts) {
      const expected = JSON.stringify(buildAst(text, t.tokenize(text)));
      for (const size of SIZES) expect(JSON.stringify(buildAstInChunks(text, size)), `${JSON.stringify(text)} in pieces of ${String(size)}`).toBe(expected);
    }
  });

  test("an instruction longer than a piece is lexed whole", () => {
    const long = `FROM a\nRUN ${"a \\\n".repeat(500)}b\nRUN c\n`;
    const chunks = [...t.tokenizeInChunks(long, 16)];
    // Pieces of 16, 32, … characters after FROM's line: none ends the RUN until one reaches the end.
    expect(chunks.map((chunk) => chunk.end)).toEqual([7, long.length]);
    expect(chunks.flatMap((chunk) => chunk.tokens).map(describeToken)).toEqual(t.tokenize(long).tokens.map(describeToken));
  });

  test("a piece ends after a heredoc's terminator line or a CRLF line end, where the instruction ends", () => {
    // The RUN after each is cut by the piece's end: the piece ends before it, and it is lexed again with the next.
    const heredoc = "RUN <<E\nx\nE\nRUN b \\\n c\n";
    expect([...t.tokenizeInChunks(heredoc, 12)].map((chunk) => chunk.end)).toEqual([12, heredoc.length]);
    const crlf = "RUN a\r\nRUN b \\\r\n c\r\n";
    expect([...t.tokenizeInChunks(crlf, 7)].map((chunk) => chunk.end)).toEqual([7, crlf.length]);
  });
});
