import { checkstyle } from "./checkstyle.js";
import { compact, compactChunks } from "./compact.js";
import { github } from "./github.js";
import { gitlab } from "./gitlab.js";
import { json, jsonChunks } from "./json.js";
import { sarif } from "./sarif.js";
import { tty, ttyChunks } from "./tty.js";
import type { FormatContext, Formatter } from "./types.js";
import type { LintResult } from "../types.js";

export type { FormatContext, Formatter } from "./types.js";
export { codeFrame } from "./tty.js";

export const formatters = { tty, json, sarif, checkstyle, gitlab, github, compact } satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;

export const formatNames = Object.keys(formatters) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(formatters, name);
}

/**
 * A report in chunks, for writing out as it is made: the line-per-finding formats (tty, compact)
 * and JSON come in pieces of about 64 KB, so a report of hundreds of thousands of findings is never
 * held whole; the other document formats (SARIF, XML) come as one string. Joined, the chunks are
 * exactly `formatters[name](results, context)`.
 */
export function* reportChunks(name: FormatName, results: readonly LintResult[], context: FormatContext): Generator<string, void, undefined> {
  if (name === "tty") yield* ttyChunks(results, context);
  else if (name === "compact") yield* compactChunks(results, context);
  else if (name === "json") yield* jsonChunks(results, context);
  else yield formatters[name](results, context);
}
