/**
 * BuildKit's "did you mean" search (moby/buildkit `util/suggest/error.go`, `Search`): the option at
 * the smallest Levenshtein distance below 3, none when an option equals the name exactly (the name
 * is then not the problem). Options are compared in sorted order, so a tie resolves the same way on
 * every run (BuildKit's order is a Go map's).
 */
import { editDistance } from "./edit-distance.js";

export function suggestName(name: string, options: Iterable<string>, caseSensitive = true): string | null {
  const value = caseSensitive ? name : name.toLowerCase();
  let match: string | null = null;
  let best = 3;
  for (const option of [...options].sort()) {
    const compared = caseSensitive ? option : option.toLowerCase();
    if (compared === value) return null;
    const distance = editDistance(value, compared);
    if (distance < best) {
      match = caseSensitive ? option : matchCase(compared, name);
      best = distance;
    }
  }
  return match;
}

/** BuildKit's `matchCase`: the suggestion in the name's case when the name is all one case. */
function matchCase(option: string, name: string): string {
  if (name === name.toLowerCase()) return option.toLowerCase();
  if (name === name.toUpperCase()) return option.toUpperCase();
  return option;
}
