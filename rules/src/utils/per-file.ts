import type { LintFile } from "@dfbuild/linter";

/**
 * Memoises a per-file computation. Rules call their helpers once per instruction, so anything a
 * helper derives from the whole file (an index, a first occurrence) is computed here once per
 * file instead: linting stays linear in the file's size. The cache dies with the file.
 */
export function perFile<T>(compute: (file: LintFile) => T): (file: LintFile) => T {
  const cache = new WeakMap<LintFile, T>();
  return (file) => {
    // One lookup on a hit (helpers ask several times per instruction); `has` only for a value that is undefined.
    const kept = cache.get(file);
    if (kept !== undefined || cache.has(file)) return kept as T;
    const value = compute(file);
    cache.set(file, value);
    return value;
  };
}
