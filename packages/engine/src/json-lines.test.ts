import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EngineProtocolError } from "./errors.js";
import { JsonLinesDecoder } from "./json-lines.js";
import { arbitraryCuts, cutInto } from "./chunks.test-helper.js";

// Objects with strings that include multi-byte characters, so chunks split UTF-8 sequences too.
const arbitraryEvent = fc.dictionary(
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.oneof(fc.string({ unit: "grapheme", maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null)),
  { maxKeys: 5 },
);

function decodeChunks(chunks: readonly Uint8Array[]): unknown[] {
  const decoder = new JsonLinesDecoder();
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}

describe("JsonLinesDecoder", () => {
  test("any chunking of a valid stream gives the values that were written", () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryEvent, { maxLength: 15 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        arbitraryCuts,
        (events, newline, finalNewline, cuts) => {
          const text = events.map((event) => JSON.stringify(event)).join(newline) + (finalNewline ? newline : "");
          expect(decodeChunks(cutInto(Buffer.from(text, "utf8"), cuts))).toEqual(events);
        },
      ),
    );
  });

  test("blank lines are skipped", () => {
    expect(decodeChunks([Buffer.from('\r\n{"status":"a"}\n\n  \n{"status":"b"}\r\n')])).toEqual([
      { status: "a" },
      { status: "b" },
    ]);
  });

  test("a line split inside a multi-byte character decodes whole", () => {
    const bytes = Buffer.from('{"status":"Téléchargement ✓"}\n', "utf8");
    const split = bytes.indexOf(0xc3) + 1; // inside the two bytes of é
    expect(decodeChunks([bytes.subarray(0, split), bytes.subarray(split)])).toEqual([
      { status: "Téléchargement ✓" },
    ]);
  });

  test("a line that is not JSON is a protocol error quoting it", () => {
    const decoder = new JsonLinesDecoder();
    expect(() => decoder.push(Buffer.from("<html>proxy error</html>\n"))).toThrow(EngineProtocolError);
    expect(() => new JsonLinesDecoder().push(Buffer.from("<html>proxy error</html>\n"))).toThrow(
      /not JSON: <html>proxy error<\/html>/,
    );
  });
});
