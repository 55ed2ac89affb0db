import { LLkLookaheadStrategy, Lexer } from "chevrotain";
import { describe, expect, test } from "vitest";
import { DockerfileGrammar, parseLines } from "./grammar.js";
import { INPUTS, described } from "./line-inputs.test-helper.js";
import { lexerDefinition, tokenize } from "./lexer.js";

describe("the line grammar", () => {
  test("passes Chevrotain's grammar validations (skipped at run time)", () => {
    // performSelfAnalysis throws "Parser Definition Errors detected" when a validation fails.
    expect(() => new DockerfileGrammar({ skipValidations: false })).not.toThrow();
  });

  test("the lexer passes Chevrotain's lexer validations (skipped at run time)", () => {
    const lexer = new Lexer(lexerDefinition, { positionTracking: "onlyOffset", safeMode: true, skipValidations: false, deferDefinitionErrorsHandling: true });
    expect(lexer.lexerDefinitionErrors).toEqual([]);
  });

  test("the first-token lookahead takes the decisions Chevrotain's LL(1) lookahead takes", () => {
    const chevrotains = new DockerfileGrammar({ lookaheadStrategy: new LLkLookaheadStrategy({ maxLookahead: 1 }) });
    for (const input of INPUTS) {
      const { tokens } = tokenize(input);
      const ours = described(parseLines(tokens));
      expect(ours, JSON.stringify(input)).toEqual(described(parseLines(tokens, chevrotains)));
      // Lossless: the lines hold every token, in order.
      expect(ours.flatMap(([, lineTokens]) => lineTokens.map(([, image]) => image)).join(""), JSON.stringify(input)).toBe(input);
    }
  });

  test("every kind of line is recognised", () => {
    const kinds = new Set(INPUTS.flatMap((input) => parseLines(tokenize(input).tokens).map((line) => line.kind)));
    expect([...kinds].sort()).toEqual(["blank", "comment", "directive", "instruction"]);
  });
});
