/**
 * Groups the lexer's token stream into the physical structure of a Dockerfile: a sequence of
 * lines, each a parser directive, a comment, a blank line or an instruction (with its
 * continuation lines and heredoc bodies).
 *
 * The grammar is `DockerfileGrammar` in grammar.ts (Chevrotain's syntax diagrams are drawn from
 * it); this is the same grammar as a loop over the tokens, deciding on each token's type as the
 * grammar's LL(1) decisions do. The lexer's modes only make grammatical streams, so the grammar
 * is five rules with one-token decisions, and building Chevrotain's parser for them — recording
 * the grammar, computing lookahead functions, mixing in the recognizer — cost every process
 * start more than the rest of the parse of a typical file. group-lines.test.ts checks that both
 * group every stream alike, grammatical or not.
 */
import type { IToken, TokenType } from "chevrotain";
import * as t from "./lexer.js";
import { isOfCategory } from "./mode-lexer.js";

export type LineKind = "directive" | "comment" | "blank" | "instruction";

/** One line of the file (an instruction may span several physical lines). */
export interface SourceLine {
  kind: LineKind;
  /** Every token of the line, indentation and line end included. */
  tokens: IToken[];
}

type Match = (token: IToken) => boolean;

const ofType =
  (...types: TokenType[]): Match =>
  (token) =>
    types.includes(token.tokenType);
const isBom = ofType(t.Bom);
const isIndent = ofType(t.Indent);
/** The rule `lineBody` starts with one of these (its first set). */
const startsLineBody = ofType(t.Directive, t.Comment, t.LineEnd, t.Keyword, t.LeadingContinuation);
const isLineEnd = ofType(t.LineEnd);
const isInstructionBody: Match = (token) => isOfCategory(token, t.InstructionBody);
const isInstructionEnd = ofType(t.InstructionEnd);
const isHeredocStart = ofType(t.HeredocStart);
const isHeredocBody = ofType(t.HeredocLine, t.HeredocEnd);
const isHeredocLastEnd = ofType(t.HeredocLastEnd);

/**
 * Groups the token stream into lines. Never fails: every token sequence the lexer makes is a
 * valid file, and a stream that is not (a lexer bug) becomes one blank line holding every token,
 * as the grammar's parse error did.
 */
export function groupLines(tokens: IToken[]): SourceLine[] {
  const lines: SourceLine[] = [];
  let next = 0;
  /** Moves the next token into `into` if it matches. */
  const take = (into: IToken[], match: Match): boolean => {
    const token = tokens[next];
    if (token === undefined || !match(token)) return false;
    into.push(token);
    next++;
    return true;
  };
  const nextMatches = (match: Match): boolean => {
    const token = tokens[next];
    return token !== undefined && match(token);
  };
  // dockerfile: Bom? line*
  const bom: IToken[] = [];
  take(bom, isBom);
  while (next < tokens.length) {
    // line: Indent lineBody? | lineBody
    const line: SourceLine = { kind: "blank", tokens: [] };
    lines.push(line);
    if (take(line.tokens, isIndent) && !nextMatches(startsLineBody)) continue;
    // Not the start of a line: the grammar stops here and reports the rest unparsed.
    if (!take(line.tokens, startsLineBody)) return [{ kind: "blank", tokens }];
    const first = line.tokens[line.tokens.length - 1];
    if (first === undefined || first.tokenType === t.LineEnd) continue;
    if (first.tokenType === t.Directive || first.tokenType === t.Comment) {
      // Directive LineEnd? | Comment LineEnd?
      line.kind = first.tokenType === t.Directive ? "directive" : "comment";
      take(line.tokens, isLineEnd);
      continue;
    }
    // instruction: (Keyword | LeadingContinuation) InstructionBody* (InstructionEnd | heredocBodies)?
    line.kind = "instruction";
    while (take(line.tokens, isInstructionBody));
    if (!take(line.tokens, isInstructionEnd) && take(line.tokens, isHeredocStart)) {
      // heredocBodies: HeredocStart (HeredocLine | HeredocEnd)* HeredocLastEnd?
      while (take(line.tokens, isHeredocBody));
      take(line.tokens, isHeredocLastEnd);
    }
  }
  const [bomToken] = bom;
  if (bomToken) {
    const firstLine = lines[0];
    if (firstLine) firstLine.tokens.unshift(bomToken);
    else lines.push({ kind: "blank", tokens: [bomToken] });
  }
  return lines;
}
