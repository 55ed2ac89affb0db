import { EmbeddedActionsParser, type ILookaheadStrategy, type IToken, type TokenType, LLkLookaheadStrategy, Lexer, createToken } from "chevrotain";
import { describe, expect, test } from "vitest";
import { FirstTokenLookahead } from "./first-token-lookahead.js";

// A small grammar whose decisions the Dockerfile line grammar does not all take: alternatives
// that start with an OPTION or can match nothing, a token category, MANY followed by what it
// can also start with, AT_LEAST_ONE and MANY_SEP.
const Word = createToken({ name: "Word", pattern: Lexer.NA });
const A = createToken({ name: "A", pattern: /a/, categories: [Word] });
const B = createToken({ name: "B", pattern: /b/, categories: [Word] });
const C = createToken({ name: "C", pattern: /c/ });
const D = createToken({ name: "D", pattern: /d/ });
const Comma = createToken({ name: "Comma", pattern: /,/ });
const Semicolon = createToken({ name: "Semicolon", pattern: /;/ });
const TOKENS: TokenType[] = [Word, A, B, C, D, Comma, Semicolon];
const lexer = new Lexer(TOKENS, { positionTracking: "onlyOffset" });

class Probe extends EmbeddedActionsParser {
  constructor(lookaheadStrategy: ILookaheadStrategy) {
    super(TOKENS, { maxLookahead: 1, recoveryEnabled: false, lookaheadStrategy });
    this.performSelfAnalysis();
  }

  public top = this.RULE("top", (): string[] => {
    const taken: string[] = [];
    this.MANY(() => {
      taken.push(this.SUBRULE(this.item));
      this.OPTION(() => this.CONSUME(Semicolon));
    });
    return taken;
  });

  private item = this.RULE("item", (): string =>
    this.OR([
      // Starts with an optional C: FIRST is {C, D}.
      {
        ALT: () => {
          this.OPTION2(() => this.CONSUME(C));
          this.CONSUME(D);
          return "cd";
        },
      },
      // A category: A or B.
      {
        ALT: () => {
          this.AT_LEAST_ONE(() => this.CONSUME(Word));
          return "words";
        },
      },
      {
        ALT: () => {
          this.CONSUME(Comma);
          this.MANY_SEP({ SEP: Comma, DEF: () => this.CONSUME2(A) });
          return "list";
        },
      },
    ]),
  );
}

function run(parser: Probe, text: string): { taken: string[]; errors: string[]; rest: string } {
  parser.input = lexer.tokenize(text).tokens;
  const taken = parser.top();
  return { taken, errors: parser.errors.map((error) => `${error.name} at ${error.token.image}`), rest: parser.input.map((token: IToken) => token.image).join("") };
}

describe("FirstTokenLookahead", () => {
  test("decides as Chevrotain's LL(1) lookahead does, on every kind of production", () => {
    const ours = new Probe(new FirstTokenLookahead());
    const chevrotains = new Probe(new LLkLookaheadStrategy({ maxLookahead: 1 }));
    const texts = ["", "d", "cd", "cd;d", "ab", "aab;ba", ",a,a", ",", "d;;", "c", "ca", ";", "dab,a,a;cd"];
    for (const text of texts) expect(run(ours, text), text).toEqual(run(chevrotains, text));
    // The decisions were taken, not defaulted: a few of them spelled out.
    expect(run(ours, "cd;ab").taken).toEqual(["cd", "words"]);
    expect(run(ours, "d,a,a").taken).toEqual(["cd", "list"]);
    expect(run(ours, "c").errors).not.toEqual([]);
  });

  test("passes Chevrotain's LL(1) grammar validations through to LLkLookaheadStrategy", () => {
    const ambiguous = class extends EmbeddedActionsParser {
      constructor() {
        super(TOKENS, { maxLookahead: 1, recoveryEnabled: false, lookaheadStrategy: new FirstTokenLookahead() });
        this.performSelfAnalysis();
      }

      public top = this.RULE("top", () => {
        this.OR([{ ALT: () => this.CONSUME(A) }, { ALT: () => this.CONSUME2(A) }]);
      });
    };
    expect(() => new ambiguous()).toThrow(/Ambiguous Alternatives/);
  });
});
