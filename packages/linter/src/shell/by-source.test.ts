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
    expect(scripts.parses).toBe(3);
    // The same instruction again: the parse kept, not a moved copy.
    expect(scripts.script(first)).toBe(scripts.script(first));
    expect(plain(scripts.script(again)?.commands[1]?.args[1]?.range)).toEqual({ start: { offset: 127, line: 5, column: 39 }, end: { offset: 129, line: 5, column: 41 } });
  });

  test("no more than `limit` sources are kept, the least recently used going first", () => {
    if (!first || !other || !again) throw new Error("three instructions after FROM expected");
    const scripts = new ScriptsBySource(text, lines, 2);
    scripts.script(first);
    scripts.script(other);
    // Used again: `other` is now the one to go.
    scripts.script(again);
    scripts.script(heredoc ?? first);
    expect(scripts.parses).toBe(3);
    scripts.script(first);
    expect(scripts.parses).toBe(3);
    scripts.script(other);
    expect(scripts.parses).toBe(4);
  });
});
