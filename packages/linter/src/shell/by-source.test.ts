import { parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { LineIndex } from "../positions.js";
import { ScriptsBySource } from "./by-source.js";
import { parseScript } from "./index.js";

/** A script with every range read as positions, as a rule would see them. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("ScriptsBySource", () => {
  const text = "FROM alpine\nRUN apt-get update && apt-get install -y curl | tee log\nRUN echo $(date)\n# x\nRUN apt-get update && apt-get install -y curl | tee log\nRUN <<EOF\necho hi\nEOF\n";
  const { ast } = parse(text);
  const lines = new LineIndex(text);
  const [, first, other, again, heredoc] = ast.instructions;

  test("an instruction written like one parsed before gets its parse, moved to where it is", () => {
    if (!first || !other || !again || !heredoc) throw new Error("four instructions after FROM expected");
    const scripts = new ScriptsBySource(text, lines);
    for (const instruction of [first, other, again, heredoc]) expect(plain(scripts.script(instruction))).toEqual(plain(parseScript(instruction, lines)));
    // `again` is the first RUN's source seen a second time: parsed, and kept from then on.
    expect(scripts.parses).toBe(4);
    // At its own offset, the parse kept; at the first RUN's, that parse moved there.
    expect(scripts.script(again)).toBe(scripts.script(again));
    expect(plain(scripts.script(first))).toEqual(plain(parseScript(first, lines)));
    expect(scripts.parses).toBe(4);
    expect(plain(scripts.script(again)?.commands[1]?.args[1]?.range)).toEqual({ start: { offset: 127, line: 5, column: 39 }, end: { offset: 129, line: 5, column: 41 } });
  });

  test("a parse is kept once its source has been seen before, in two generations of `limit` sources", () => {
    if (!first || !other || !again || !heredoc) throw new Error("four instructions after FROM expected");
    const scripts = new ScriptsBySource(text, lines, 1);
    scripts.script(first);
    // Seen once: parsed again, and kept from now on.
    scripts.script(again);
    expect(scripts.parses).toBe(2);
    scripts.script(first);
    expect(scripts.parses).toBe(2);
    scripts.script(other);
    scripts.script(other);
    // Two generations of one parse kept: the first RUN's is gone.
    scripts.script(heredoc);
    scripts.script(heredoc);
    expect(scripts.parses).toBe(6);
    scripts.script(first);
    expect(scripts.parses).toBe(7);
  });
});
