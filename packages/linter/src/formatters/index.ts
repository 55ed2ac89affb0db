import { checkstyle } from "./checkstyle.js";
import { compact } from "./compact.js";
import { github } from "./github.js";
import { gitlab } from "./gitlab.js";
import { json } from "./json.js";
import { sarif } from "./sarif.js";
import { tty } from "./tty.js";
import type { Formatter } from "./types.js";

export type { FormatContext, Formatter } from "./types.js";
export { codeFrame } from "./tty.js";

export const formatters = { tty, json, sarif, checkstyle, gitlab, github, compact } satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;

export const formatNames = Object.keys(formatters) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(formatters, name);
}
