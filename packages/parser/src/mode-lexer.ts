/**
 * The loop that runs the lexer's modes: at each offset, the current mode's patterns are tried in
 * order and the first that matches makes the token, then its `pop_mode` / `push_mode` change the
 * mode. It is the loop of Chevrotain's `Lexer.tokenize` (`tokenizeInternal` in chevrotain
 * lib/src/scan/lexer_public.js) for a lexer like ours — every pattern a custom `exec`, no groups,
 * no `longer_alt`, positions as offsets only — and makes the same tokens: `{ image, startOffset,
 * tokenTypeIdx, tokenType }`, and `payload` when the pattern returned one.
 *
 * Chevrotain's `Lexer` is not used at run time because its constructor analyses every token type
 * (and loads Chevrotain's regular-expression analysis and lodash) at each process start, for
 * optimisations and checks that custom patterns never use: that was a few percent of every
 * `dfbuild lint` start. Nor is its `createToken` (see `defineToken`), so a process that lexes
 * loads no Chevrotain code at all; mode-lexer.test.ts checks this loop against Chevrotain's
 * `Lexer` on the same definition.
 */
import type { CustomPatternMatcherFunc, IToken, ITokenConfig, TokenType } from "chevrotain";

/**
 * A token type as Chevrotain's `createToken` makes it (chevrotain lib/src/scan/tokens_public.js),
 * less the registration: `createToken` also gives the type its `tokenTypeIdx` and category tables
 * (`augmentTokenTypes`, with lodash), and Chevrotain does the same to any type it has not seen when
 * a Chevrotain lexer or parser is built from it — which only the tests and the syntax diagrams do
 * (grammar.ts). Until then a type has no `tokenTypeIdx`, and its tokens carry -1.
 */
export function defineToken(config: ITokenConfig): TokenType {
  const type: TokenType = { name: config.name };
  if (config.pattern !== undefined) type.PATTERN = config.pattern;
  if (config.categories !== undefined) type.CATEGORIES = Array.isArray(config.categories) ? config.categories : [config.categories];
  if (config.pop_mode !== undefined) type.POP_MODE = config.pop_mode;
  if (config.push_mode !== undefined) type.PUSH_MODE = config.push_mode;
  if (config.line_breaks !== undefined) type.LINE_BREAKS = config.line_breaks;
  if (config.start_chars_hint !== undefined) type.START_CHARS_HINT = config.start_chars_hint;
  return type;
}

/** Whether a token's type is `category` or one of its members (Chevrotain's `tokenMatcher`, for one level of categories). */
export function isOfCategory(token: IToken, category: TokenType): boolean {
  return token.tokenType === category || token.tokenType.CATEGORIES?.includes(category) === true;
}

/** A lexer definition whose every token type's pattern is `{ exec }` (a custom pattern). */
export interface ModeLexerDefinition {
  defaultMode: string;
  modes: Record<string, TokenType[]>;
}

export interface ModeLexerError {
  offset: number;
  message: string;
}

/** Chevrotain passes its token groups to a pattern; our lexer has none, and no pattern reads them. */
const NO_GROUPS = Object.freeze({});

interface PatternConfig {
  exec: CustomPatternMatcherFunc;
  tokenType: TokenType;
  pop: boolean;
  push: string | undefined;
}

export class ModeLexer {
  readonly #modes = new Map<string, PatternConfig[]>();
  readonly #defaultMode: string;

  constructor(definition: ModeLexerDefinition) {
    this.#defaultMode = definition.defaultMode;
    for (const [mode, types] of Object.entries(definition.modes)) {
      this.#modes.set(
        mode,
        types.map((tokenType) => {
          const pattern = tokenType.PATTERN;
          if (typeof pattern !== "object" || pattern instanceof RegExp || typeof pattern.exec !== "function") {
            throw new Error(`ModeLexer: token type ${tokenType.name} needs a custom pattern ({ exec })`);
          }
          return { exec: pattern.exec, tokenType, pop: tokenType.POP_MODE === true, push: tokenType.PUSH_MODE };
        }),
      );
    }
    for (const config of [...this.#modes.values()].flat()) {
      if (config.push !== undefined && !this.#modes.has(config.push)) throw new Error(`ModeLexer: ${config.tokenType.name} pushes an unknown mode "${config.push}"`);
    }
  }

  /**
   * Lexes `text`. Where no pattern of the current mode matches, lexing stops with an error (where
   * Chevrotain would skip characters until one does: our caller treats any error as a bug).
   */
  tokenize(text: string): { tokens: IToken[]; errors: ModeLexerError[] } {
    const tokens: IToken[] = [];
    const errors: ModeLexerError[] = [];
    const modeStack = [this.#defaultMode];
    let patterns = this.#patterns(this.#defaultMode);
    let offset = 0;
    while (offset < text.length) {
      let config: PatternConfig | undefined;
      let match: ReturnType<CustomPatternMatcherFunc> = null;
      for (const candidate of patterns) {
        match = candidate.exec(text, offset, tokens, NO_GROUPS);
        if (match !== null) {
          config = candidate;
          break;
        }
      }
      if (match === null || config === undefined) {
        errors.push({ offset, message: `unexpected character: ->${text.charAt(offset)}<- at offset: ${offset}, in mode ${modeStack.at(-1) ?? ""}` });
        break;
      }
      const image = match[0];
      // Read at each token: Chevrotain registers the type only when a test builds its lexer or parser.
      const token: IToken = { image, startOffset: offset, tokenTypeIdx: config.tokenType.tokenTypeIdx ?? -1, tokenType: config.tokenType };
      const payload: unknown = "payload" in match ? match.payload : undefined;
      if (payload !== undefined) token.payload = payload;
      tokens.push(token);
      offset += image.length;
      if (config.pop) {
        // Popping the last mode is an error unless the token also pushes one (a transition).
        if (modeStack.length === 1 && config.push === undefined) {
          errors.push({ offset: token.startOffset, message: `Unable to pop Lexer Mode after encountering Token ->${image}<- The Mode Stack is empty` });
        } else {
          modeStack.pop();
        }
      }
      if (config.push !== undefined) modeStack.push(config.push);
      if (config.pop || config.push !== undefined) patterns = this.#patterns(modeStack.at(-1));
    }
    return { tokens, errors };
  }

  #patterns(mode: string | undefined): PatternConfig[] {
    return (mode === undefined ? undefined : this.#modes.get(mode)) ?? [];
  }
}
