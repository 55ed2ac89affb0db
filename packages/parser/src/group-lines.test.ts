import { type IToken, type TokenType, createTokenInstance } from "chevrotain";
import { describe, expect, test } from "vitest";
import { parseLines } from "./grammar.js";
import { groupLines } from "./group-lines.js";
import * as t from "./lexer.js";
import { INPUTS, described } from "./line-inputs.test-helper.js";
import { seededRandom } from "./seeded-random.test-helper.js";

/** Token types the grammar names, the InstructionBody category's members and one of each kind. */
const TYPES: TokenType[] = t.allTokens.filter((type) => type !== t.InstructionBody);

function token(type: TokenType, index: number): IToken {
  return createTokenInstance(type, `${type.name}${index}`, index, index, Number.NaN, Number.NaN, Number.NaN, Number.NaN);
}

describe("groupLines", () => {
  test("groups what the lexer makes as the Chevrotain grammar does", () => {
    for (const input of INPUTS) {
      const { tokens } = t.tokenize(input);
      expect(described(groupLines(tokens)), JSON.stringify(input)).toEqual(described(parseLines(tokens)));
    }
  });

  test("groups any token stream as the grammar does, one it rejects into one blank line", () => {
    const random = seededRandom(12);
    // Streams biased towards the line structure, so both grammatical and broken ones are common.
    const lineStarts = [t.Indent, t.Directive, t.Comment, t.LineEnd, t.Keyword, t.LeadingContinuation];
    let rejected = 0;
    for (let round = 0; round < 2000; round++) {
      const length = Math.floor(random() * 12);
      const tokens: IToken[] = [];
      for (let i = 0; i < length; i++) {
        const pool = random() < 0.4 ? lineStarts : TYPES;
        const type = pool[Math.floor(random() * pool.length)];
        if (type) tokens.push(token(type, i));
      }
      const chevrotains = parseLines(tokens);
      const ours = groupLines(tokens);
      expect(described(ours), tokens.map((one) => one.tokenType.name).join(" ")).toEqual(described(chevrotains));
      if (ours.length === 1 && ours[0]?.tokens === tokens) rejected++;
    }
    // Both outcomes were exercised.
    expect(rejected).toBeGreaterThan(100);
    expect(rejected).toBeLessThan(1900);
  });

  test("keeps every token, in order", () => {
    for (const input of INPUTS) {
      const lines = groupLines(t.tokenize(input).tokens);
      expect(lines.flatMap((line) => line.tokens.map((one) => one.image)).join(""), JSON.stringify(input)).toBe(input);
    }
  });
});
