/**
 * mulberry32: a small seeded generator of numbers in [0, 1), so that property tests make the same
 * random edits on every run (the parser's `reparse` tests and the language server's incremental
 * lint test share it).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
