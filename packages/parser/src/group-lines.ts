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
  /** Moves past the next token if it matches. */
  const take = (match: Match): boolean => {
    const token = tokens[next];
    if (token === undefined || !match(token)) return false;
    next++;
    return true;
  };
  const nextMatches = (match: Match): boolean => {
    const token = tokens[next];
    return token !== undefined && match(token);
  };
  // Each line's tokens are a slice of the stream, taken once its end is known: an exact-size
  // array, where one grown by push keeps room for 17 tokens (most lines have four).
  const line = (kind: LineKind, from: number): void => {
    lines.push({ kind, tokens: tokens.slice(from, next) });
  };
  // dockerfile: Bom? line*
  const bom = take(isBom) ? tokens[0] : undefined;
  while (next < tokens.length) {
    // line: Indent lineBody? | lineBody
    const from = next;
    if (take(isIndent) && !nextMatches(startsLineBody)) {
      line("blank", from);
      continue;
    }
    // Not the start of a line: the grammar stops here and reports the rest unparsed.
    if (!take(startsLineBody)) return [{ kind: "blank", tokens }];
    const first = tokens[next - 1];
    if (first === undefined || first.tokenType === t.LineEnd) {
      line("blank", from);
      continue;
    }
    if (first.tokenType === t.Directive || first.tokenType === t.Comment) {
      // Directive LineEnd? | Comment LineEnd?
      take(isLineEnd);
      line(first.tokenType === t.Directive ? "directive" : "comment", from);
      continue;
    }
    // instruction: (Keyword | LeadingContinuation) InstructionBody* (InstructionEnd | heredocBodies)?
    while (take(isInstructionBody));
    if (!take(isInstructionEnd) && take(isHeredocStart)) {
      // heredocBodies: HeredocStart (HeredocLine | HeredocEnd)* HeredocLastEnd?
      while (take(isHeredocBody));
      take(isHeredocLastEnd);
    }
    line("instruction", from);
  }
  if (bom) {
    const firstLine = lines[0];
    if (firstLine) firstLine.tokens.unshift(bom);
    else lines.push({ kind: "blank", tokens: [bom] });
  }
  return lines;
}
