/**
 * The fixer's edits and how a pass applies them: one report's edits whole or not at all, in source
 * order, a group that overlaps or touches one already applied left for the next pass (ESLint's
 * source-code-fixer, lib/linter/source-code-fixer.js: a problem whose fix starts at or before
 * `lastPos` stays for the next pass).
 */
import { describe, expect, test } from "vitest";
import { type Fix, RuleFixer, applyFixes, normalizeFix } from "./fixer.js";

/** A range over `text` from offset `start` to `end` (the fixer reads only the offsets). */
function range(start: number, end: number): { start: { line: number; column: number; offset: number }; end: { line: number; column: number; offset: number } } {
  return { start: { line: 1, column: start + 1, offset: start }, end: { line: 1, column: end + 1, offset: end } };
}

describe("RuleFixer", () => {
  const fixer = new RuleFixer();
  const node = { range: range(4, 7) };

  test("every method is one edit of the node's or range's offsets", () => {
    expect(fixer.insertTextBefore(node, "x")).toEqual({ range: [4, 4], text: "x" });
    expect(fixer.insertTextAfter(node, "x")).toEqual({ range: [7, 7], text: "x" });
    expect(fixer.insertTextBefore(range(2, 3), "y")).toEqual({ range: [2, 2], text: "y" });
    expect(fixer.insertTextAfter(range(2, 3), "y")).toEqual({ range: [3, 3], text: "y" });
    expect(fixer.insertTextAt(5, "z")).toEqual({ range: [5, 5], text: "z" });
    expect(fixer.replaceText(node, "abc")).toEqual({ range: [4, 7], text: "abc" });
    expect(fixer.replaceTextRange([1, 3], "q")).toEqual({ range: [1, 3], text: "q" });
    expect(fixer.remove(node)).toEqual({ range: [4, 7], text: "" });
    expect(fixer.removeRange([0, 2])).toEqual({ range: [0, 2], text: "" });
  });
});

describe("normalizeFix", () => {
  test("sorts a report's edits by start, then end", () => {
    const edits: Fix[] = [
      { range: [6, 8], text: "c" },
      { range: [2, 2], text: "b" },
      { range: [0, 2], text: "a" },
    ];
    expect(normalizeFix(edits).map((fix) => fix.text)).toEqual(["a", "b", "c"]);
    // At the same start, the insertion (shorter) before the replacement.
    expect(normalizeFix([{ range: [3, 5], text: "r" }, { range: [3, 3], text: "i" }]).map((fix) => fix.text)).toEqual(["i", "r"]);
    // The input is left as it was.
    expect(edits.map((fix) => fix.text)).toEqual(["c", "b", "a"]);
  });

  test("edits that only touch are kept; overlapping ones are refused with their offsets", () => {
    expect(normalizeFix([{ range: [3, 5], text: "" }, { range: [0, 3], text: "" }])).toHaveLength(2);
    expect(() => normalizeFix([{ range: [0, 4], text: "" }, { range: [3, 5], text: "" }])).toThrow("a fix has overlapping edits at offsets 0 and 3");
  });
});

describe("applyFixes", () => {
  const text = "0123456789";

  test("applies every group's edits in source order, whatever order they come in", () => {
    const outcome = applyFixes(text, [[{ range: [8, 9], text: "H" }], [{ range: [1, 2], text: "A" }, { range: [4, 4], text: "+" }]]);
    expect(outcome).toEqual({ output: "0A23+4567H9", applied: 2, skipped: 0 });
  });

  test("skips a group that overlaps or touches one applied before it; the next pass retries it", () => {
    expect(applyFixes(text, [[{ range: [2, 5], text: "x" }], [{ range: [4, 6], text: "y" }]])).toEqual({ output: "01x56789", applied: 1, skipped: 1 });
    expect(applyFixes(text, [[{ range: [2, 5], text: "x" }], [{ range: [5, 6], text: "y" }]])).toEqual({ output: "01x56789", applied: 1, skipped: 1 });
    // A group spans from its first edit to its last: one landing inside that span is skipped whole.
    expect(applyFixes(text, [[{ range: [1, 2], text: "a" }, { range: [8, 9], text: "b" }], [{ range: [5, 5], text: "c" }]])).toEqual({ output: "0a234567b9", applied: 1, skipped: 1 });
  });

  test("of two groups at the same start, the shorter goes first", () => {
    expect(applyFixes(text, [[{ range: [3, 6], text: "long" }], [{ range: [3, 3], text: "ins" }]])).toEqual({ output: "012ins3456789", applied: 1, skipped: 1 });
  });

  test("an edit at the start and at the end of the text", () => {
    expect(applyFixes(text, [[{ range: [0, 0], text: "<" }], [{ range: [10, 10], text: ">" }]])).toEqual({ output: "<0123456789>", applied: 2, skipped: 0 });
  });

  test("an empty group is neither applied nor skipped", () => {
    expect(applyFixes(text, [[], [{ range: [0, 1], text: "" }]])).toEqual({ output: "123456789", applied: 1, skipped: 0 });
    expect(applyFixes(text, [])).toEqual({ output: text, applied: 0, skipped: 0 });
  });
});
