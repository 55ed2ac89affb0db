/**
 * BuildKit's parser-layer node (`parser.Node`) for one logical line: keyword, flags and the
 * argument values each instruction's line parser produces (`newNodeFromLine`).
 */
import {
  type Span,
  instructionName,
  parseJsonArray,
  parseWords,
  splitCommand,
  splitHealthcheck,
  splitOnBlanks,
  splitOnceOnBlanks,
} from "./line.js";
import { goQuote } from "../text.js";

export interface RawNode {
  keyword: Span;
  flags: Span[];
  /** The text after the flags. */
  rest: Span;
  /** BuildKit's `Next` chain. For ENV/LABEL, triples of key, value and separator. */
  args: Span[];
  /** Exec form (BuildKit's `json` attribute). */
  json: boolean;
  /** ONBUILD's trigger. */
  trigger: RawNode | null;
}

/** A parser-layer error: BuildKit aborts the whole file on it. */
export interface LineError {
  message: string;
  span: Span;
}

export const STRINGS_ONLY = "when using JSON array syntax, arrays must be comprised of strings only";

function shift(span: Span, base: number): Span {
  // A top-level line (base 0) keeps the spans splitCommand made: nothing writes to them.
  return base === 0 ? span : { value: span.value, start: span.start + base, end: span.end + base };
}

/** BuildKit's `newNodeFromLine`: offsets in the result are relative to `line`, plus `base`. */
export function nodeFromLine(line: string, escape: string, base = 0): RawNode | LineError {
  const split = splitCommand(line);
  const keyword = shift(split.keyword, base);
  const flags = base === 0 || split.flags.length === 0 ? split.flags : split.flags.map((flag) => shift(flag, base));
  const rest = shift(split.rest, base);
  const node: RawNode = { keyword, flags, rest, args: [], json: false, trigger: null };
  const text = rest.value;
  const at = rest.start;

  const name = instructionName(keyword.value);
  switch (name) {
    case "ADD":
    case "COPY":
    case "VOLUME": {
      const json = parseJsonArray(text, at);
      if (json.kind === "not-strings") return { message: STRINGS_ONLY, span: rest };
      if (json.kind === "strings") {
        node.args = json.elements;
        node.json = true;
      } else if (text !== "") {
        node.args = splitOnBlanks(text, at);
      }
      return node;
    }
    case "RUN":
    case "CMD":
    case "ENTRYPOINT":
    case "SHELL": {
      if (text === "") return node;
      const json = parseJsonArray(text, at);
      if (json.kind === "not-strings") return { message: STRINGS_ONLY, span: rest };
      if (json.kind === "strings") {
        node.args = json.elements;
        node.json = true;
      } else {
        node.args = [rest];
      }
      return node;
    }
    case "FROM":
    case "EXPOSE":
      if (text !== "") node.args = splitOnBlanks(text, at);
      return node;
    case "ARG":
      node.args = parseWords(text, at, escape);
      return node;
    case "ENV":
    case "LABEL":
      return nameValues(node, name, escape);
    case "MAINTAINER":
    case "STOPSIGNAL":
    case "USER":
    case "WORKDIR":
      if (text !== "") node.args = [rest];
      return node;
    case "HEALTHCHECK": {
      const health = splitHealthcheck(text, at);
      if (!health) return node;
      node.args = [health.type];
      if (health.rest.value === "") return node;
      const json = parseJsonArray(health.rest.value, health.rest.start);
      if (json.kind === "not-strings") return { message: STRINGS_ONLY, span: health.rest };
      if (json.kind === "strings") {
        node.args.push(...json.elements);
        node.json = true;
      } else {
        node.args.push(health.rest);
      }
      return node;
    }
    case "ONBUILD": {
      if (text === "") return node;
      const trigger = nodeFromLine(text, escape, at);
      if ("message" in trigger) return trigger;
      node.trigger = trigger;
      return node;
    }
    default:
      node.args = [{ value: "", start: rest.end, end: rest.end }];
      return node;
  }
}

/** BuildKit's `parseNameVal` for ENV and LABEL. */
function nameValues(node: RawNode, instruction: "ENV" | "LABEL", escape: string): RawNode | LineError {
  const { rest } = node;
  const words = parseWords(rest.value, rest.start, escape);
  if (words.length === 0) return node;
  if (!words[0]?.value.includes("=")) {
    const parts = splitOnceOnBlanks(rest.value, rest.start);
    const [key, value] = parts;
    if (!key || !value) return { message: `${instruction} must have two arguments`, span: rest };
    node.args = [key, value, { value: "", start: value.end, end: value.end }];
    return node;
  }
  for (const word of words) {
    const eq = word.value.indexOf("=");
    if (eq < 0) {
      return { message: `Syntax error - can't find = in ${goQuote(word.value)}. Must be of the form: name=value`, span: word };
    }
    const keyEnd = word.start + eq;
    node.args.push(
      { value: word.value.slice(0, eq), start: word.start, end: keyEnd },
      { value: word.value.slice(eq + 1), start: keyEnd + 1, end: word.end },
      { value: "=", start: keyEnd, end: keyEnd + 1 },
    );
  }
  return node;
}

/** BuildKit's `nodeArgs`: the instruction layer's argument list (ONBUILD: the trigger's keyword and arguments). */
export function nodeArguments(node: RawNode): Span[] {
  if (node.trigger) return [node.trigger.keyword, ...nodeArguments(node.trigger)];
  return node.args;
}
