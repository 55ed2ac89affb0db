import type { LintFile } from "@dfbuild/linter";

/**
 * Memoises a per-file computation. Rules call their helpers once per instruction, so anything a
 * helper derives from the whole file (an index, a first occurrence) is computed here once per
 * file instead: linting stays linear in the file's size. The cache dies with the file.
 */
export function perFile<T>(compute: (file: LintFile) => T): (file: LintFile) => T {
  const cache = new WeakMap<LintFile, T>();
  return (file) => {
    if (cache.has(file)) return cache.get(file) as T;
    const value = compute(file);
    cache.set(file, value);
    return value;
  };
}
