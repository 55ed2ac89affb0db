/**
 * A Chevrotain lookahead strategy for LL(1) grammars: each decision (OR, OPTION, MANY, …) looks
 * at the next token only, and picks what can start with it.
 *
 * Chevrotain's own `LLkLookaheadStrategy` computes the same decisions through its general LL(k)
 * path analysis, which at every process start runs a large part of Chevrotain's code once, cold,
 * for a grammar this small. The strategy interface is Chevrotain's extension point for this
 * (`lookaheadStrategy` in the parser config; chevrotain `api.d.ts`, `ILookaheadStrategy`), and
 * first sets are all an LL(1) decision needs (Aho, Sethi and Ullman, "Compilers", 4.4, FIRST).
 * The decisions match Chevrotain's: an alternative that can match nothing is taken whenever it is
 * reached (as Chevrotain's empty lookahead path is), alternatives are tried in order, and a
 * token matches a category it belongs to (`tokenMatcher`). `grammar.test.ts` checks both against
 * each other, and runs Chevrotain's grammar validations (which this strategy hands to `LLkLookaheadStrategy`).
 */
import {
  type ILookaheadStrategy,
  type ILookaheadValidationError,
  type IOrAlt,
  type IProduction,
  type IToken,
  type OptionalProductionType,
  type Rule,
  type TokenType,
  Alternation,
  Alternative,
  LLkLookaheadStrategy,
  NonTerminal,
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
  Terminal,
  tokenMatcher,
} from "chevrotain";

/** The tokens a sequence of productions can start with, and whether it can match nothing. */
interface First {
  tokens: TokenType[];
  nullable: boolean;
}

function firstOf(productions: readonly IProduction[]): First {
  const tokens: TokenType[] = [];
  for (const production of productions) {
    const first = firstOfProduction(production);
    for (const token of first.tokens) if (!tokens.includes(token)) tokens.push(token);
    if (!first.nullable) return { tokens, nullable: false };
  }
  return { tokens, nullable: true };
}

function firstOfProduction(production: IProduction): First {
  if (production instanceof Terminal) return { tokens: [production.terminalType], nullable: false };
  if (production instanceof NonTerminal) return firstOf(production.referencedRule.definition);
  if (production instanceof Alternation) {
    const tokens: TokenType[] = [];
    let nullable = false;
    for (const alternative of production.definition) {
      const first = firstOfProduction(alternative);
      for (const token of first.tokens) if (!tokens.includes(token)) tokens.push(token);
      nullable ||= first.nullable;
    }
    return { tokens, nullable };
  }
  if (production instanceof Alternative || production instanceof RepetitionMandatory || production instanceof RepetitionMandatoryWithSeparator) {
    return firstOf(production.definition);
  }
  if (production instanceof Option || production instanceof Repetition || production instanceof RepetitionWithSeparator) {
    return { tokens: firstOf(production.definition).tokens, nullable: true };
  }
  throw new Error(`first-token lookahead: unknown grammar production ${production.constructor.name}`);
}

type Occurring = Alternation | Option | Repetition | RepetitionMandatory | RepetitionMandatoryWithSeparator | RepetitionWithSeparator;
type OccurringClass = abstract new (...args: never[]) => Occurring;

const OPTIONAL_CLASSES: Record<OptionalProductionType, OccurringClass> = {
  Option,
  Repetition,
  RepetitionMandatory,
  RepetitionMandatoryWithSeparator,
  RepetitionWithSeparator,
};

/** The production of a kind with an occurrence index (`OR2` is 2, `OR` 0) written in a rule's own body. */
function findProduction<T extends Occurring>(productions: readonly IProduction[], kind: abstract new (...args: never[]) => T, occurrence: number): T | null {
  for (const production of productions) {
    if (production instanceof kind && production.idx === occurrence) return production;
    // Into the rule's own compound productions only: a subrule's (NonTerminal) belong to that rule.
    if (production instanceof Alternative || production instanceof Alternation || Object.values(OPTIONAL_CLASSES).some((optional) => production instanceof optional)) {
      const nested = findProduction((production as Alternative | Occurring).definition, kind, occurrence);
      if (nested) return nested;
    }
  }
  return null;
}

function production<T extends Occurring>(rule: Rule, kind: abstract new (...args: never[]) => T, occurrence: number): T {
  const found = findProduction(rule.definition, kind, occurrence);
  if (!found) throw new Error(`first-token lookahead: rule ${rule.name} has no ${kind.name} with occurrence ${occurrence}`);
  return found;
}

/** The parser, as a lookahead function sees it (`this`). */
interface TokenSource {
  LA(howMuch: number): IToken;
}

/** Whether the next token can start something with this first set. */
function starts(first: First, parser: TokenSource): boolean {
  if (first.nullable) return true;
  const next = parser.LA(1);
  for (const token of first.tokens) if (tokenMatcher(next, token)) return true;
  return false;
}

export class FirstTokenLookahead implements ILookaheadStrategy {
  /** Chevrotain's LL(1) checks (ambiguous alternatives, empty repetitions…): they hold for this strategy too. */
  validate(options: { rules: Rule[]; tokenTypes: TokenType[]; grammarName: string }): ILookaheadValidationError[] {
    return new LLkLookaheadStrategy({ maxLookahead: 1 }).validate(options);
  }

  buildLookaheadForAlternation(options: { prodOccurrence: number; rule: Rule; hasPredicates: boolean }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const firsts = production(options.rule, Alternation, options.prodOccurrence).definition.map((alternative) => firstOfProduction(alternative));
    if (options.hasPredicates) {
      return function (this: TokenSource, alternatives?: IOrAlt<unknown>[]) {
        for (const [index, first] of firsts.entries()) {
          const gate = alternatives?.[index]?.GATE;
          if (gate !== undefined && !gate.call(this)) continue;
          if (starts(first, this)) return index;
        }
        return undefined;
      };
    }
    // Without predicates the choice depends on the next token's type only: decided once per type.
    const choices: (number | null)[] = [];
    return function (this: TokenSource) {
      const next = this.LA(1);
      let choice = choices[next.tokenTypeIdx];
      if (choice === undefined) {
        const index = firsts.findIndex((first) => starts(first, this));
        choice = choices[next.tokenTypeIdx] = index === -1 ? null : index;
      }
      return choice ?? undefined;
    };
  }

  buildLookaheadForOptional(options: { prodOccurrence: number; prodType: OptionalProductionType; rule: Rule }): () => boolean {
    const body = production(options.rule, OPTIONAL_CLASSES[options.prodType], options.prodOccurrence);
    // Whether to enter the production: its body's first tokens (an empty body is never entered).
    const first: First = { tokens: firstOf(body.definition).tokens, nullable: false };
    const choices: boolean[] = [];
    return function (this: TokenSource) {
      const next = this.LA(1);
      return (choices[next.tokenTypeIdx] ??= starts(first, this));
    };
  }
}
