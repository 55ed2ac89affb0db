import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EngineProtocolError } from "./errors.js";
import { FrameDecoder, encodeFrame, type Frame } from "./frames.js";
import { arbitraryCuts, cutInto } from "./chunks.test-helper.js";

const arbitraryFrame: fc.Arbitrary<Frame> = fc.record({
  stream: fc.constantFrom("stdin", "stdout", "stderr", "system"),
  data: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
});

function decodeChunks(chunks: readonly Uint8Array[]): Frame[] {
  const decoder = new FrameDecoder();
  const frames = chunks.flatMap((chunk) => decoder.push(chunk));
  decoder.end();
  return frames;
}

describe("FrameDecoder", () => {
  test("any chunking of a valid stream gives the frames that were encoded", () => {
    fc.assert(
      fc.property(fc.array(arbitraryFrame, { maxLength: 20 }), arbitraryCuts, (frames, cuts) => {
        const stream = Buffer.concat(frames.map((frame) => encodeFrame(frame.stream, frame.data)));
        expect(decodeChunks(cutInto(stream, cuts))).toEqual(frames);
      }),
    );
  });

  test("one byte at a time", () => {
    const frames: Frame[] = [
      { stream: "stdout", data: Buffer.from("out\n") },
      { stream: "stderr", data: Buffer.from("err\n") },
      { stream: "stdout", data: Buffer.alloc(0) },
    ];
    const stream = Buffer.concat(frames.map((frame) => encodeFrame(frame.stream, frame.data)));
    expect(decodeChunks([...stream].map((byte) => Uint8Array.of(byte)))).toEqual(frames);
  });

  test("a frame larger than any chunk is joined once it is complete", () => {
    const payload = Buffer.alloc(1 << 20, 7);
    const decoder = new FrameDecoder();
    const encoded = encodeFrame("stderr", payload);
    const frames: Frame[] = [];
    for (let offset = 0; offset < encoded.length; offset += 4096) {
      const produced = decoder.push(encoded.subarray(offset, offset + 4096));
      if (offset + 4096 < encoded.length) expect(produced).toEqual([]);
      frames.push(...produced);
    }
    decoder.end();
    expect(frames).toHaveLength(1);
    expect(frames[0]?.stream).toBe("stderr");
    expect(frames[0]?.data.equals(payload)).toBe(true);
  });

  test("a stream cut inside a frame is an error at the end", () => {
    fc.assert(
      fc.property(arbitraryFrame, fc.nat(), (frame, cut) => {
        const encoded = encodeFrame(frame.stream, frame.data);
        const truncated = encoded.subarray(0, 1 + (cut % (encoded.length - 1)));
        const decoder = new FrameDecoder();
        expect(decoder.push(truncated)).toEqual([]);
        expect(() => {
          decoder.end();
        }).toThrow(EngineProtocolError);
      }),
    );
  });

  test("raw TTY output is recognised as not multiplexed", () => {
    const decoder = new FrameDecoder();
    expect(() => decoder.push(Buffer.from("hello, world\n"))).toThrow(/not a multiplexed stream.*tty: true/);
  });
});
