/**
 * Bytes received but not yet consumed, kept as the chunks they arrived in so that a large frame
 * split over many chunks is joined once, not once per chunk.
 */
export class ByteQueue {
  #chunks: Buffer[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.#chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.#length += chunk.length;
  }

  /** Removes and returns the first `count` bytes; the caller checks `length` first. */
  take(count: number): Buffer {
    if (count > this.#length) throw new RangeError(`take(${count}) with only ${this.#length} bytes queued`);
    this.#length -= count;
    const first = this.#chunks[0];
    if (first !== undefined && first.length >= count) {
      // The common case, a whole frame inside one chunk, costs no copy.
      if (first.length === count) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(count);
      return first.subarray(0, count);
    }
    const parts: Buffer[] = [];
    let needed = count;
    while (needed > 0) {
      const chunk = this.#chunks[0];
      if (chunk === undefined) break;
      if (chunk.length <= needed) {
        parts.push(chunk);
        this.#chunks.shift();
        needed -= chunk.length;
      } else {
        parts.push(chunk.subarray(0, needed));
        this.#chunks[0] = chunk.subarray(needed);
        needed = 0;
      }
    }
    return Buffer.concat(parts, count);
  }
}
