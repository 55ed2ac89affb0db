import type { Dockerfile } from "./ast.js";

/** The source text, printed back from the tree's tokens: `print(parse(text).ast) === text`. */
export function print(ast: Dockerfile): string {
  let out = "";
  for (const node of ast.children) {
    for (const token of node.tokens) out += token.text;
  }
  return out;
}
