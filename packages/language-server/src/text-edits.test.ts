import { describe, expect, test } from "vitest";
import { type OffsetEdit, diffEdits } from "./text-edits.js";

function apply(text: string, edits: readonly OffsetEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

describe("diffEdits", () => {
  const cases: [string, string, string][] = [
    ["one changed line", "FROM a\nrun x\nCMD y\n", "FROM a\nRUN x\nCMD y\n"],
    ["a line added between stages", "from a as b\nrun  x\nFROM b\n", "FROM a AS b\nRUN x\n\nFROM b\n"],
    ["lines removed", "FROM a\n\n\n\nRUN x\n", "FROM a\n\nRUN x\n"],
    ["CRLF kept", "from a\r\nrun x\r\n", "FROM a\r\nRUN x\r\n"],
    ["no final newline", "FROM a\nrun x", "FROM a\nRUN x"],
    ["a surrogate pair is never split", "LABEL a=\u{1F600}\n", "LABEL a=\u{1F601}\n"],
    ["everything", "x", "y\nz\n"],
  ];
  test.each(cases)("%s: the edits give the new text", (_name, before, after) => {
    expect(apply(before, diffEdits(before, after))).toBe(after);
  });

  test("each changed line is its own edit, trimmed to what differs; unchanged lines are not touched", () => {
    expect(diffEdits("from a as b\nrun  x\nFROM b\n", "FROM a AS b\nRUN x\n\nFROM b\n")).toEqual([
      { start: 0, end: 9, text: "FROM a AS" },
      { start: 12, end: 16, text: "RUN" },
      { start: 19, end: 19, text: "\n" },
    ]);
    expect(diffEdits("FROM a\nrun x\nCMD y\n", "FROM a\nRUN x\nCMD y\n")).toEqual([{ start: 7, end: 10, text: "RUN" }]);
    expect(diffEdits("same\n", "same\n")).toEqual([]);
  });

  test("an edit never starts or ends between the halves of a surrogate pair", () => {
    const [edit] = diffEdits("LABEL a=\u{1F600}\n", "LABEL a=\u{1F601}\n");
    expect(edit).toEqual({ start: 8, end: 10, text: "\u{1F601}" });
  });
});
