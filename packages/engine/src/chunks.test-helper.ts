import fc from "fast-check";

/** Cuts `bytes` at the given offsets (any order, any count, out-of-range ones wrapped). */
export function cutInto(bytes: Uint8Array, offsets: readonly number[]): Buffer[] {
  const buffer = Buffer.from(bytes);
  const cuts = [...new Set(offsets.map((offset) => (buffer.length === 0 ? 0 : offset % (buffer.length + 1))))].sort(
    (a, b) => a - b,
  );
  const chunks: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, buffer.length]) {
    chunks.push(buffer.subarray(start, cut));
    start = cut;
  }
  return chunks;
}

/** Arbitrary cut offsets, from none (one chunk) to one cut per byte for short inputs. */
export const arbitraryCuts = fc.array(fc.nat(), { maxLength: 64 });
