/**
 * The Chevrotain grammar of a Dockerfile's physical structure: a file is a sequence of lines,
 * each a parser directive, a comment, a blank line or an instruction (with its continuation
 * lines and heredoc bodies). What the words of an instruction mean is BuildKit's per-instruction
 * business and is decided on the logical line (see `instructions.ts`).
 *
 * The parse itself runs `groupLines` (group-lines.ts), the same grammar as a loop, which costs a
 * process start nothing to set up; this class is the grammar's definition, which the syntax
 * diagrams draw and group-lines.test.ts checks `groupLines` against.
 */
import { EmbeddedActionsParser, type ILookaheadStrategy, type IToken, Lexer, type TokenType } from "chevrotain";
import { FirstTokenLookahead } from "./first-token-lookahead.js";
import type { LineKind, SourceLine } from "./group-lines.js";
import * as t from "./lexer.js";

/**
 * The token types the rules name. Every other type is an InstructionBody by category, which
 * Chevrotain matches without listing it here; a shorter list is less set-up at each process start.
 */
const GRAMMAR_TOKENS = [
  t.Bom,
  t.Indent,
  t.Directive,
  t.Comment,
  t.LineEnd,
  t.Keyword,
  t.LeadingContinuation,
  t.InstructionBody,
  t.InstructionEnd,
  t.HeredocStart,
  t.HeredocLine,
  t.HeredocEnd,
  t.HeredocLastEnd,
];

/** For tests: Chevrotain's grammar validations, and its own lookahead to compare ours with. */
export interface GrammarOptions {
  skipValidations?: boolean;
  lookaheadStrategy?: ILookaheadStrategy;
}

let registered = false;

/**
 * The grammar's token types, registered with Chevrotain. Chevrotain gives a token type its index
 * and category tables when a lexer or parser is built from it (`augmentTokenTypes`), and the
 * lexer defines its types without them (`defineToken` in mode-lexer.ts, so that the CLI loads no
 * Chevrotain code); but a parser decides whether its grammar uses token categories before it
 * registers the types (`initRecognizerEngine`, chevrotain
 * lib/src/parse/parser/traits/recognizer_engine.js), so they are registered first, by building
 * Chevrotain's lexer from the same definition.
 */
function registeredTokens(): TokenType[] {
  if (!registered) {
    new Lexer(t.lexerDefinition, { positionTracking: "onlyOffset", safeMode: true, skipValidations: true });
    registered = true;
  }
  return GRAMMAR_TOKENS;
}

export class DockerfileGrammar extends EmbeddedActionsParser {
  constructor(options: GrammarOptions = {}) {
    // No error recovery: the lexer's modes only make grammatical streams, and recovery would cost
    // Chevrotain's follow-set analysis at every process start. Validations run in grammar.test.ts;
    // at run time they would be the same work at every start.
    super(registeredTokens(), {
      recoveryEnabled: false,
      maxLookahead: 1,
      skipValidations: options.skipValidations ?? true,
      lookaheadStrategy: options.lookaheadStrategy ?? new FirstTokenLookahead(),
    });
    this.performSelfAnalysis();
  }

  public dockerfile = this.RULE("dockerfile", (): SourceLine[] => {
    const lines: SourceLine[] = [];
    let bom: IToken | undefined;
    this.OPTION(() => {
      bom = this.CONSUME(t.Bom);
    });
    this.MANY(() => {
      const line = this.SUBRULE(this.line);
      this.ACTION(() => lines.push(line));
    });
    this.ACTION(() => {
      if (bom) {
        const first = lines[0];
        if (first) first.tokens.unshift(bom);
        else lines.push({ kind: "blank", tokens: [bom] });
      }
    });
    return lines;
  });

  private line = this.RULE("line", (): SourceLine => {
    const tokens: IToken[] = [];
    let kind: LineKind = "blank";
    this.OR([
      {
        ALT: () => {
          tokens.push(this.CONSUME(t.Indent));
          this.OPTION(() => {
            kind = this.SUBRULE(this.lineBody, { ARGS: [tokens] });
          });
        },
      },
      { ALT: () => (kind = this.SUBRULE2(this.lineBody, { ARGS: [tokens] })) },
    ]);
    return { kind, tokens };
  });

  private lineBody = this.RULE("lineBody", (tokens: IToken[] = []): LineKind => {
    return this.OR([
      {
        ALT: () => {
          tokens.push(this.CONSUME(t.Directive));
          this.OPTION(() => tokens.push(this.CONSUME(t.LineEnd)));
          return "directive" as const;
        },
      },
      {
        ALT: () => {
          tokens.push(this.CONSUME(t.Comment));
          this.OPTION2(() => tokens.push(this.CONSUME2(t.LineEnd)));
          return "comment" as const;
        },
      },
      {
        ALT: () => {
          tokens.push(this.CONSUME3(t.LineEnd));
          return "blank" as const;
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.instruction, { ARGS: [tokens] });
          return "instruction" as const;
        },
      },
    ]);
  });

  private instruction = this.RULE("instruction", (tokens: IToken[] = []) => {
    this.OR([
      { ALT: () => tokens.push(this.CONSUME(t.Keyword)) },
      { ALT: () => tokens.push(this.CONSUME(t.LeadingContinuation)) },
    ]);
    this.MANY(() => tokens.push(this.CONSUME(t.InstructionBody)));
    this.OPTION(() => {
      this.OR2([
        { ALT: () => tokens.push(this.CONSUME(t.InstructionEnd)) },
        {
          ALT: () => {
            this.SUBRULE(this.heredocBodies, { ARGS: [tokens] });
          },
        },
      ]);
    });
  });

  private heredocBodies = this.RULE("heredocBodies", (tokens: IToken[] = []) => {
    tokens.push(this.CONSUME(t.HeredocStart));
    this.MANY(() => {
      this.OR([{ ALT: () => tokens.push(this.CONSUME(t.HeredocLine)) }, { ALT: () => tokens.push(this.CONSUME(t.HeredocEnd)) }]);
    });
    this.OPTION(() => tokens.push(this.CONSUME(t.HeredocLastEnd)));
  });
}

let grammar: DockerfileGrammar | undefined;

/** The grammar is built once per process, on first use. */
function getGrammar(): DockerfileGrammar {
  grammar ??= new DockerfileGrammar();
  return grammar;
}

/** Groups the token stream into lines with the Chevrotain parser (`groupLines` does the same without it). */
export function parseLines(tokens: IToken[], parser: DockerfileGrammar = getGrammar()): SourceLine[] {
  // Building a grammar registered the lexer's token types with Chevrotain (mode-lexer.ts,
  // defineToken): tokens lexed before that carry no index, and Chevrotain matches by index.
  for (const token of tokens) token.tokenTypeIdx = token.tokenType.tokenTypeIdx ?? token.tokenTypeIdx;
  parser.input = tokens;
  const lines = parser.dockerfile();
  // Read before the input is reset: setting it clears the errors.
  const rejected = parser.errors.length > 0;
  // The parser would otherwise keep every token of the last file alive.
  parser.input = [];
  // The lexer's modes guarantee a grammatical stream; keep every token anyway.
  return rejected ? [{ kind: "blank", tokens }] : lines;
}

/** The grammar's productions, serialized (for Chevrotain's syntax diagrams). */
export function serializedGrammar(): ReturnType<DockerfileGrammar["getSerializedGastProductions"]> {
  return getGrammar().getSerializedGastProductions();
}
