import { LLkLookaheadStrategy, Lexer } from "chevrotain";
import { describe, expect, test } from "vitest";
import { DockerfileGrammar, type SourceLine, groupLines } from "./grammar.js";
import { lexerDefinition, tokenize } from "./lexer.js";

/**
 * Inputs that take every decision of the line grammar each way: BOM, indentation, directives,
 * comments and blank lines with and without a line end, continuations (leading, blank and
 * comment lines inside), exec form, flags, ONBUILD, heredocs (one, several, unterminated), CRLF
 * and a last line without a line end.
 */
const INPUTS = [
  "",
  "\uFEFF",
  "\uFEFFFROM a\n",
  "# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nRUN b `\n  c\n",
  "# syntax=x",
  "# comment",
  "# comment\n\n\nFROM a # not a comment\n",
  "   \n  FROM a\n\t# indented comment\n  ",
  "FROM a\nRUN a \\\n  b \\\n\n # comment inside\n  d\n",
  "\\\nFROM a\n",
  'CMD ["a", "b"]\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://x"]\n',
  "COPY --from=x --chown=1:1 a b\nONBUILD RUN make\nONBUILD COPY --link . /\n",
  "RUN <<EOF cat\nhello\nEOF\nRUN true\n",
  "COPY <<A <<B /\na\nA\nb\nB\n",
  "RUN <<-EOT sh\n\techo hi\n\tEOT\n",
  "RUN <<EOF\nnever closed\n",
  "FROM a\r\nRUN b \\\r\n  c\r\n",
  "FROM a",
  "FROM a\nRUN",
];

/** What a grouping says: each line's kind and its tokens' types and text. */
function described(lines: SourceLine[]): [string, [string, string][]][] {
  return lines.map((line) => [line.kind, line.tokens.map((token) => [token.tokenType.name, token.image])]);
}

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
      const ours = described(groupLines(tokens));
      expect(ours, JSON.stringify(input)).toEqual(described(groupLines(tokens, chevrotains)));
      // Lossless: the lines hold every token, in order.
      expect(ours.flatMap(([, lineTokens]) => lineTokens.map(([, image]) => image)).join(""), JSON.stringify(input)).toBe(input);
    }
  });

  test("every kind of line is recognised", () => {
    const kinds = new Set(INPUTS.flatMap((input) => groupLines(tokenize(input).tokens).map((line) => line.kind)));
    expect([...kinds].sort()).toEqual(["blank", "comment", "directive", "instruction"]);
  });
});
