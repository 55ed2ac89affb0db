import type { IToken } from "chevrotain";
import type { Token } from "./ast.js";
import type { LineIndex } from "./positions.js";

/**
 * Base of the nodes that own source tokens (instructions, comments, directives, blank lines).
 * Tokens are converted on first access: most consumers never read them, and converting them
 * eagerly was the largest cost of a parse. `toJSON` includes them like any other property.
 */
export class TokenOwner {
  #source: readonly IToken[] = [];
  #index: LineIndex | undefined;
  #tokens: Token[] | undefined;

  /** Gives a node its tokens (not part of the public AST interface). */
  static attach<T extends TokenOwner>(node: T, source: readonly IToken[], index: LineIndex): T {
    node.#source = source;
    node.#index = index;
    node.#tokens = undefined;
    return node;
  }

  get tokens(): Token[] {
    if (this.#tokens === undefined) {
      const index = this.#index;
      this.#tokens = index
        ? this.#source.map((token) => ({
            type: token.tokenType.name,
            text: token.image,
            range: index.range(token.startOffset, token.startOffset + token.image.length),
          }))
        : [];
    }
    return this.#tokens;
  }

  set tokens(value: Token[]) {
    this.#tokens = value;
  }

  toJSON(): object {
    // The own properties are the node's fields; the tokens live behind the accessor.
    return { ...Object.fromEntries(Object.entries(this)), tokens: this.tokens };
  }
}
