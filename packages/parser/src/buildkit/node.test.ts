import { describe, expect, test } from "vitest";
import { type RawNode, STRINGS_ONLY, nodeArguments, nodeFromLine } from "./node.js";
import type { Span } from "./line.js";

/** A span as `[value, start, end]`. */
type Tuple = [string, number, number];
const tuple = (span: Span): Tuple => [span.value, span.start, span.end];

interface Shape {
  keyword: Tuple;
  flags: Tuple[];
  rest: Tuple;
  args: Tuple[];
  json: boolean;
  trigger: Shape | null;
}

function shape(node: RawNode): Shape {
  return {
    keyword: tuple(node.keyword),
    flags: node.flags.map(tuple),
    rest: tuple(node.rest),
    args: node.args.map(tuple),
    json: node.json,
    trigger: node.trigger && shape(node.trigger),
  };
}

function node(line: string, escape = "\\"): Shape {
  const result = nodeFromLine(line, escape);
  if ("message" in result) throw new Error(`unexpected error: ${result.message}`);
  return shape(result);
}

function args(line: string): Tuple[] {
  return node(line).args;
}

function error(line: string): [string, Tuple] {
  const result = nodeFromLine(line, "\\");
  if (!("message" in result)) throw new Error("expected an error");
  return [result.message, tuple(result.span)];
}

describe("nodeFromLine (BuildKit's newNodeFromLine and its line parsers)", () => {
  test("the line parser is the one of the keyword lowered by Go's strings.ToLower", () => {
    expect(node('ENTRYPO\u0130NT ["a"]')).toMatchObject({ keyword: ["ENTRYPO\u0130NT", 0, 10], args: [["a", 12, 15]], json: true });
    expect(args("WOR\u212ADIR /a b")).toEqual([["/a b", 8, 12]]);
    expect(node("ONBU\u0130LD WOR\u212ADIR /a b")).toMatchObject({ trigger: { keyword: ["WOR\u212ADIR", 8, 15], args: [["/a b", 16, 20]] } });
    // Go keeps `ſ`: no EXPOSE, an unknown keyword's one empty argument.
    expect(args("EXPO\u017fE 1 2")).toEqual([["", 10, 10]]);
  });

  test("ADD, COPY, VOLUME: a JSON array of strings, else words split on blanks", () => {
    expect(node("COPY --from=a x  y")).toEqual({
      keyword: ["COPY", 0, 4],
      flags: [["--from=a", 5, 13]],
      rest: ["x  y", 14, 18],
      args: [["x", 14, 15], ["y", 17, 18]],
      json: false,
      trigger: null,
    });
    expect(node('ADD ["a", "b"]')).toMatchObject({ args: [["a", 5, 8], ["b", 10, 13]], json: true });
    expect(args('VOLUME ["/a"]')).toEqual([["/a", 8, 12]]);
    expect(args("VOLUME")).toEqual([]);
    expect(error('COPY ["a", 1]')).toEqual([STRINGS_ONLY, ['["a", 1]', 5, 13]]);
  });

  test("RUN, CMD, ENTRYPOINT, SHELL: exec form, else the whole rest", () => {
    expect(node('RUN ["a", "b c"]')).toMatchObject({ args: [["a", 5, 8], ["b c", 10, 15]], json: true });
    expect(node("RUN echo  hi")).toMatchObject({ args: [["echo  hi", 4, 12]], json: false });
    expect(node("CMD [oops")).toMatchObject({ args: [["[oops", 4, 9]], json: false });
    expect(node("ENTRYPOINT")).toMatchObject({ args: [], json: false });
    expect(error("SHELL [1]")).toEqual([STRINGS_ONLY, ["[1]", 6, 9]]);
  });

  test("FROM, EXPOSE: words split on blanks", () => {
    expect(args("FROM a AS b")).toEqual([["a", 5, 6], ["AS", 7, 9], ["b", 10, 11]]);
    expect(args("EXPOSE 80\t443")).toEqual([["80", 7, 9], ["443", 10, 13]]);
    // On blanks only: quotes are kept apart and U+00A0 is no blank (parseWords would differ).
    expect(args('EXPOSE "80 443"')).toEqual([['"80', 7, 10], ['443"', 11, 15]]);
    expect(args("EXPOSE 80\u00a0443")).toEqual([["80\u00a0443", 7, 13]]);
    expect(args("FROM")).toEqual([]);
  });

  test("ARG: parseWords", () => {
    expect(args("ARG a='1 2' b")).toEqual([["a='1 2'", 4, 11], ["b", 12, 13]]);
  });

  test("ENV, LABEL: key, value and separator triples", () => {
    expect(args("ENV a=1 b=")).toEqual([["a", 4, 5], ["1", 6, 7], ["=", 5, 6], ["b", 8, 9], ["", 10, 10], ["=", 9, 10]]);
    expect(args("LABEL a='x y'")).toEqual([["a", 6, 7], ["'x y'", 8, 13], ["=", 7, 8]]);
    // The old form: the first word is the key, everything after its blanks the value.
    expect(args("ENV a  b c")).toEqual([["a", 4, 5], ["b c", 7, 10], ["", 10, 10]]);
    expect(args("ENV")).toEqual([]);
    expect(error("ENV a")).toEqual(["ENV must have two arguments", ["a", 4, 5]]);
    expect(error("LABEL a")).toEqual(["LABEL must have two arguments", ["a", 6, 7]]);
    expect(error("ENV a=1 b")).toEqual(['Syntax error - can\'t find = in "b". Must be of the form: name=value', ["b", 8, 9]]);
    // A word that starts with = has an empty key (the instruction layer refuses it, not this one).
    expect(args("ENV a=1 =x")).toEqual([["a", 4, 5], ["1", 6, 7], ["=", 5, 6], ["", 8, 8], ["x", 9, 10], ["=", 8, 9]]);
    expect(error("label a=1 b")).toEqual(['Syntax error - can\'t find = in "b". Must be of the form: name=value', ["b", 10, 11]]);
  });

  test("MAINTAINER, STOPSIGNAL, USER, WORKDIR: the whole rest", () => {
    expect(args("USER a b")).toEqual([["a b", 5, 8]]);
    expect(args("MAINTAINER me <me@x>")).toEqual([["me <me@x>", 11, 20]]);
    expect(args("workdir /x")).toEqual([["/x", 8, 10]]);
    expect(args("STOPSIGNAL")).toEqual([]);
  });

  test("HEALTHCHECK: the type, then exec form or the rest", () => {
    expect(node("HEALTHCHECK NONE")).toMatchObject({ args: [["NONE", 12, 16]], json: false });
    expect(node("HEALTHCHECK --interval=5s CMD curl x")).toMatchObject({ flags: [["--interval=5s", 12, 25]], args: [["CMD", 26, 29], ["curl x", 30, 36]], json: false });
    expect(node('HEALTHCHECK CMD ["a"]')).toMatchObject({ args: [["CMD", 12, 15], ["a", 17, 20]], json: true });
    expect(node("HEALTHCHECK")).toMatchObject({ args: [], json: false });
    expect(error("HEALTHCHECK CMD [1]")).toEqual([STRINGS_ONLY, ["[1]", 16, 19]]);
  });

  test("ONBUILD: the trigger, at its place in the line", () => {
    expect(node("ONBUILD COPY --from=a x y")).toEqual({
      keyword: ["ONBUILD", 0, 7],
      flags: [],
      rest: ["COPY --from=a x y", 8, 25],
      args: [],
      json: false,
      trigger: { keyword: ["COPY", 8, 12], flags: [["--from=a", 13, 21]], rest: ["x y", 22, 25], args: [["x", 22, 23], ["y", 24, 25]], json: false, trigger: null },
    });
    expect(node("ONBUILD")).toMatchObject({ args: [], trigger: null });
    expect(error("ONBUILD RUN [1]")).toEqual([STRINGS_ONLY, ["[1]", 12, 15]]);
  });

  test("an unknown instruction: one empty argument at the end", () => {
    expect(node("BOGUS a b")).toMatchObject({ args: [["", 9, 9]] });
  });
});

describe("nodeArguments (BuildKit's nodeArgs)", () => {
  test("an instruction's arguments; ONBUILD's trigger keyword and arguments", () => {
    const run = nodeFromLine("RUN a", "\\") as RawNode;
    expect(nodeArguments(run).map(tuple)).toEqual([["a", 4, 5]]);
    const onbuild = nodeFromLine("ONBUILD ONBUILD RUN a", "\\") as RawNode;
    expect(nodeArguments(onbuild).map(tuple)).toEqual([["ONBUILD", 8, 15], ["RUN", 16, 19], ["a", 20, 21]]);
  });
});
