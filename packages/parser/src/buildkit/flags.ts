/**
 * BuildKit's `BFlags` (`instructions/bflag.go`): which flags an instruction accepts, and the
 * exact errors for unknown, duplicate and malformed ones.
 */
import type { Span } from "./line.js";
import { withSuggestion } from "../text.js";

export type FlagKind = "bool" | "string" | "strings";

export interface FlagSpec {
  name: string;
  kind: FlagKind;
}

export interface ParsedFlag {
  name: string;
  kind: FlagKind;
  /** String and bool values; for `strings` the last one. */
  value: string;
  values: string[];
  /** The flag words that set it. */
  spans: Span[];
}

export interface FlagError {
  message: string;
  span: Span;
}

export type ParsedFlags = Map<string, ParsedFlag>;

/** Most instructions have no flags: they all share this (never modified) empty result. */
const NO_FLAGS: ParsedFlags = new Map();

/** BuildKit's `BFlags.Parse`: the first error wins, as upstream returns on it. */
export function parseFlags(words: readonly Span[], specs: readonly FlagSpec[]): ParsedFlags | FlagError {
  if (words.length === 0) return NO_FLAGS;
  const parsed: ParsedFlags = new Map();
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  for (const word of words) {
    const text = word.value;
    if (text === "--") return parsed;
    if (!text.startsWith("--")) return { message: `arg should start with -- : ${text}`, span: word };
    const eq = text.indexOf("=");
    const flagName = eq < 0 ? text : text.slice(0, eq);
    const value = eq < 0 ? "" : text.slice(eq + 1);
    const hasValue = eq >= 0;
    const name = flagName.slice(2);
    const spec = byName.get(name);
    if (!spec) {
      return {
        message: withSuggestion(
          `unknown flag: ${flagName}`,
          name,
          specs.map((s) => s.name),
          true,
        ),
        span: word,
      };
    }
    const existing = parsed.get(name);
    if (existing && spec.kind !== "strings") return { message: `duplicate flag specified: ${flagName}`, span: word };
    const flag: ParsedFlag = existing ?? { name, kind: spec.kind, value: "", values: [], spans: [] };
    flag.spans.push(word);
    parsed.set(name, flag);
    switch (spec.kind) {
      case "bool": {
        if (hasValue && value === "") return { message: `missing a value on flag: ${flagName}`, span: word };
        const lower = value.toLowerCase();
        if (lower === "true" || lower === "") flag.value = "true";
        else if (lower === "false") flag.value = "false";
        else return { message: `expecting boolean value for flag ${flagName}, not: ${value}`, span: word };
        break;
      }
      case "string":
        if (!hasValue) return { message: `missing a value on flag: ${flagName}`, span: word };
        flag.value = value;
        flag.values = [value];
        break;
      case "strings":
        if (!hasValue) return { message: `missing a value on flag: ${flagName}`, span: word };
        flag.value = value;
        flag.values.push(value);
        break;
    }
  }
  return parsed;
}

export function isFlagError(result: ParsedFlags | FlagError): result is FlagError {
  return !(result instanceof Map);
}

const str = (name: string): FlagSpec => ({ name, kind: "string" });
const bool = (name: string): FlagSpec => ({ name, kind: "bool" });
const strs = (name: string): FlagSpec => ({ name, kind: "strings" });

/** Flags per instruction, in BuildKit's declaration order (it decides which suggestion wins a tie). */
export const FLAG_SPECS = {
  ADD: [str("chown"), str("chmod"), bool("link"), bool("keep-git-dir"), str("checksum"), bool("unpack"), strs("exclude")],
  COPY: [str("chown"), str("from"), str("chmod"), bool("link"), strs("exclude"), bool("parents")],
  FROM: [str("platform")],
  RUN: [strs("device"), strs("mount"), str("network"), str("security")],
  HEALTHCHECK: [str("interval"), str("timeout"), str("start-period"), str("start-interval"), str("retries")],
  NONE: [],
} satisfies Record<string, FlagSpec[]>;
