/**
 * Pieces of a report gathered into chunks of about this many characters: written out as they are
 * made, a report of 300,000 findings never exists as one string (nor as one buffer to write it).
 */
export const REPORT_CHUNK = 64 * 1024;

/** Gathers small pieces into chunks of about `REPORT_CHUNK` characters, each flattened once when written. */
export class ChunkBuffer {
  #pending = "";

  /** Adds a piece; returns a full chunk to hand on, or null while there is room. */
  add(piece: string): string | null {
    this.#pending += piece;
    if (this.#pending.length < REPORT_CHUNK) return null;
    const chunk = this.#pending;
    this.#pending = "";
    return chunk;
  }

  /** What is left: the last chunk (maybe empty). */
  flush(): string {
    const chunk = this.#pending;
    this.#pending = "";
    return chunk;
  }
}
