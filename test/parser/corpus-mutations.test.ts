import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { corpusFiles } from "../shared.js";
import { expectSound, pieces } from "./soundness.js";

describe("mutated real Dockerfiles", () => {
  const corpus = corpusFiles().map(([, text]) => text);
  test("mutates all 1,235 corpus files", () => {
    expect(corpus).toHaveLength(1235);
  });
  const mutation = fc.record({
    file: fc.nat({ max: corpus.length - 1 }),
    edits: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 8 }), insert: fc.constantFrom(...pieces, "") }), {
      minLength: 1,
      maxLength: 6,
    }),
  });

  test("never throw and always round-trip", () => {
    fc.assert(
      fc.property(mutation, ({ file, edits }) => {
        let text = corpus[file] ?? "";
        for (const edit of edits) {
          const at = Math.floor(edit.at * text.length);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
        }
        expectSound(text);
      }),
      { numRuns: 1500 },
    );
  });
});
