import {
  Alternation,
  Alternative,
  EmbeddedActionsParser,
  type ILookaheadStrategy,
  type IToken,
  type TokenType,
  LLkLookaheadStrategy,
  Lexer,
  Rule,
  Terminal,
  createToken,
} from "chevrotain";
import { describe, expect, test } from "vitest";
import { FirstTokenLookahead } from "./first-token-lookahead.js";

// A small grammar whose decisions the Dockerfile line grammar does not all take: alternatives
// that start with an OPTION or can match nothing, a token category, MANY followed by what it
// can also start with, AT_LEAST_ONE, MANY_SEP, an alternation no alternative of which may start
// with the next token, and gated alternatives (GATE, a predicate).
const Word = createToken({ name: "Word", pattern: Lexer.NA });
const A = createToken({ name: "A", pattern: /a/, categories: [Word] });
const B = createToken({ name: "B", pattern: /b/, categories: [Word] });
const C = createToken({ name: "C", pattern: /c/ });
const D = createToken({ name: "D", pattern: /d/ });
const E = createToken({ name: "E", pattern: /e/ });
const F = createToken({ name: "F", pattern: /f/ });
const G = createToken({ name: "G", pattern: /g/ });
const H = createToken({ name: "H", pattern: /h/ });
const Comma = createToken({ name: "Comma", pattern: /,/ });
const Semicolon = createToken({ name: "Semicolon", pattern: /;/ });
const TOKENS: TokenType[] = [Word, A, B, C, D, E, F, G, H, Comma, Semicolon];
const lexer = new Lexer(TOKENS, { positionTracking: "onlyOffset" });

class Probe extends EmbeddedActionsParser {
  /** What the gated alternative's GATE answers. */
  public gateOpen = true;

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
      // Starts with an alternation one alternative of which can match nothing: FIRST is {E, F, G};
      // then an alternation that H need not start, whose next token may start no alternative.
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(E) }, { ALT: () => this.OPTION3(() => this.CONSUME(F)) }]);
          this.CONSUME(G);
          this.OR3([{ ALT: () => this.CONSUME3(A) }, { ALT: () => this.CONSUME2(C) }]);
          return "efg";
        },
      },
      // A gated alternative.
      {
        ALT: () => {
          this.CONSUME(H);
          this.OR4([{ GATE: () => this.gateOpen, ALT: () => this.CONSUME4(A) }, { ALT: () => this.CONSUME(B) }]);
          return "gated";
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
    const more = ["ega", "fgc", "ga", "gc;eg", "egd", "g", "ha", "hb", "hc", "h"];
    for (const gateOpen of [true, false]) {
      ours.gateOpen = chevrotains.gateOpen = gateOpen;
      for (const text of [...texts, ...more]) expect(run(ours, text), `${text} (gate ${gateOpen ? "open" : "closed"})`).toEqual(run(chevrotains, text));
    }
    // The decisions were taken, not defaulted: a few of them spelled out.
    expect(run(ours, "cd;ab").taken).toEqual(["cd", "words"]);
    expect(run(ours, "d,a,a").taken).toEqual(["cd", "list"]);
    expect(run(ours, "c").errors).not.toEqual([]);
    // An alternative that can match nothing is taken, also where it makes a sequence start later.
    expect(run(ours, "ga;gc")).toMatchObject({ taken: ["efg", "efg"], errors: [] });
    // No alternative starts with the next token: an error, not an alternative taken.
    expect(run(ours, "egd").errors).toEqual(["NoViableAltException at d"]);
    ours.gateOpen = false;
    expect(run(ours, "ha").errors).toEqual(["NoViableAltException at a"]);
    expect(run(ours, "hb")).toMatchObject({ taken: ["gated"], errors: [] });
    ours.gateOpen = true;
    expect(run(ours, "ha")).toMatchObject({ taken: ["gated"], errors: [] });
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
    // Alternatives that two tokens would tell apart are ambiguous at one, which is all this
    // strategy looks at.
    const secondToken = class extends EmbeddedActionsParser {
      constructor() {
        super(TOKENS, { maxLookahead: 1, recoveryEnabled: false, lookaheadStrategy: new FirstTokenLookahead() });
        this.performSelfAnalysis();
      }

      public top = this.RULE("top", () => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(A);
              this.CONSUME(B);
            },
          },
          {
            ALT: () => {
              this.CONSUME2(A);
              this.CONSUME(C);
            },
          },
        ]);
      });
    };
    expect(() => new secondToken()).toThrow(/Ambiguous Alternatives/);
  });

  test("names a production it cannot find or does not know", () => {
    const strategy = new FirstTokenLookahead();
    const plain = new Rule({ name: "plain", definition: [new Terminal({ terminalType: A })] });
    expect(() => strategy.buildLookaheadForAlternation({ prodOccurrence: 2, rule: plain, hasPredicates: false })).toThrow(
      "first-token lookahead: rule plain has no Alternation with occurrence 2",
    );
    // A production kind this strategy has no first set for (one a later Chevrotain might add).
    class Lookbehind {
      accept(): void {
        // No visitor walks this grammar.
      }
    }
    const odd = new Rule({ name: "odd", definition: [new Alternation({ idx: 0, definition: [new Alternative({ definition: [new Lookbehind()] })] })] });
    expect(() => strategy.buildLookaheadForAlternation({ prodOccurrence: 0, rule: odd, hasPredicates: false })).toThrow(
      "first-token lookahead: unknown grammar production Lookbehind",
    );
  });
});
