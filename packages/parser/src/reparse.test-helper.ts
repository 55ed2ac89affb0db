/** What reparse.test.ts and reparse-edits.test.ts compare and count. */
import type { ParseResult } from "./ast.js";
import { TokenOwner } from "./token-owner.js";

/** Token tables the nodes a reparse did not keep come from: two when it moved the nodes after the edit (one for what it built). */
export function newTables(result: ParseResult, previous: ParseResult): number {
  const kept = new Set<unknown>(previous.ast.children);
  return new Set(result.ast.children.filter((child) => !kept.has(child)).map((child) => TokenOwner.span(child as unknown as TokenOwner).table)).size;
}

/** Everything a parse says: JSON keeps every node's fields, tokens and positions (offset, line, column). */
export const observed = (result: ParseResult): string => JSON.stringify(result);
