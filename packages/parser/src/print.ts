import type { Dockerfile } from "./ast.js";
import { TokenOwner } from "./token-owner.js";

/** The source text, printed back from the tree: `print(parse(text).ast) === text`. */
export function print(ast: Dockerfile): string {
  let out = "";
  for (const node of ast.children) {
    out += node instanceof TokenOwner ? TokenOwner.source(node) : node.tokens.map((token) => token.text).join("");
  }
  return out;
}
