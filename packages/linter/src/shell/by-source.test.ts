import { type Instruction, parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { LineIndex } from "../positions.js";
import { ScriptsBySource } from "./by-source.js";
import { parseScript } from "./index.js";

/** A script with every range read as positions, as a rule would see them. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** How many scripts the shell parser has read once `scripts` has been asked for each of `asked`, in order. */
function parsesAfter(scripts: ScriptsBySource, asked: readonly Instruction[]): number {
  for (const instruction of asked) scripts.script(instruction);
  return scripts.parses;
}

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
    // Seen once: parsed again, and kept from now on.
    expect(parsesAfter(scripts, [first, again])).toBe(2);
    expect(parsesAfter(scripts, [first])).toBe(2);
    // Two generations of one parse kept: the first RUN's is gone.
    expect(parsesAfter(scripts, [other, other, heredoc, heredoc])).toBe(6);
    expect(parsesAfter(scripts, [first])).toBe(7);
  });

  test("a parse found in the older generation is used, and moves to the newer", () => {
    if (!first || !other || !again || !heredoc) throw new Error("four instructions after FROM expected");
    const scripts = new ScriptsBySource(text, lines, 1);
    // The first RUN's parse is in the older generation now, the other's in the newer.
    expect(parsesAfter(scripts, [first, again, other, other])).toBe(4);
    expect(plain(scripts.script(first))).toEqual(plain(parseScript(first, lines)));
    expect(scripts.parses).toBe(4);
    // Moved to the newer, it is the older one when the heredoc's parse is kept: still there.
    expect(parsesAfter(scripts, [heredoc, heredoc, first])).toBe(6);
  });

  test("sources seen are kept in generations four times as large as the parses'", () => {
    if (!first || !other || !again || !heredoc) throw new Error("four instructions after FROM expected");
    // Three sources seen (more than two generations of one parse hold), then the first again: remembered.
    for (const scripts of [new ScriptsBySource(text, lines, 1), new ScriptsBySource(text, lines)]) expect(parsesAfter(scripts, [first, other, heredoc, again, again])).toBe(4);
  });

  test("a source at the end of the file, without a line break after it, is the same source as one before it", () => {
    const atEnd = "FROM a\nRUN x\nRUN x";
    const [, before, last] = parse(atEnd).ast.instructions;
    if (!before || !last) throw new Error("two instructions after FROM expected");
    const endLines = new LineIndex(atEnd);
    for (const order of [[before, last, last], [last, before, before]]) {
      const scripts = new ScriptsBySource(atEnd, endLines);
      for (const instruction of order) expect(plain(scripts.script(instruction))).toEqual(plain(parseScript(instruction, endLines)));
      expect(scripts.parses).toBe(2);
    }
  });

  // Sources whose 30-bit FNV-1a hashes are the same (found by a meet-in-the-middle search).
  test("a source with the hash of a kept one but another text gets its own parse", () => {
    const sameLength = "FROM a\nRUN echo abcdef\nRUN echo bTnbfU\n";
    const prefixed = "FROM a\nRUN echo abetvdaf\nRUN echo ab\n";
    for (const colliding of [sameLength, prefixed]) {
      const [, kept, asked] = parse(colliding).ast.instructions;
      if (!kept || !asked) throw new Error("two instructions after FROM expected");
      const collidingLines = new LineIndex(colliding);
      const scripts = new ScriptsBySource(colliding, collidingLines);
      parsesAfter(scripts, [kept, kept]);
      expect(plain(scripts.script(asked))).toEqual(plain(parseScript(asked, collidingLines)));
      expect(scripts.parses).toBe(3);
    }
  });

  test("a source longer than the text left after where its hash was seen is not that source", () => {
    // `RUN echo ab` at the end of the file has the hash of `RUN echo abetvdaf`.
    const colliding = "FROM a\nRUN echo abetvdaf\nRUN echo ab";
    const [, longer, atEnd] = parse(colliding).ast.instructions;
    if (!longer || !atEnd) throw new Error("two instructions after FROM expected");
    const scripts = new ScriptsBySource(colliding, new LineIndex(colliding));
    // The longer source was not seen before its first parse: parsed again, and kept only now.
    expect(parsesAfter(scripts, [atEnd, longer, longer])).toBe(3);
    expect(parsesAfter(scripts, [longer])).toBe(3);
  });
});
