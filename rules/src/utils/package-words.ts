import { expand } from "@dfbuild/parser";
import type { ShellWord } from "@dfbuild/linter";

/** What stands in for a variable inside a package word: a version taken from a variable is a version. */
const VARIABLE_STANDIN = "1";

export interface PackageSpec {
  /** The spec to judge. */
  spec: string;
  /** How to name it to people: the spec, or the word as written when variables stood in. */
  shown: string;
}

/** A word the shell splits after expanding it: an unquoted `$PKGS`; `"$PKGS"` stays one word. */
function splits(word: ShellWord): boolean {
  return !word.text.includes('"') && !word.text.includes("'");
}

/**
 * The package specs a word of a RUN stands for, for the version-pinning rules:
 * - a literal word: itself;
 * - `$PKGS` or `"${PKGS}"` whose ARG/ENV value is known here: that value, split as the shell
 *   splits an unquoted expansion (so `ARG PKGS="curl=8.5.0 git"` is judged package by package);
 * - literal text around variables (`curl=$CURL_VERSION`, `git-core-${version}`): the text with
 *   each unknown variable standing for `1`, so a version taken from a variable counts;
 * - nothing when the word is only variables with unknown values or a command substitution
 *   (`$(cat packages.txt)`): nobody can tell what it installs, so it is not reported.
 * `variable` looks up the ARG/ENV values in effect at the RUN (asked only for a word with a `$`).
 */
export function packageSpecs(variable: (name: string) => string | undefined, word: ShellWord): PackageSpec[] {
  if (word.value !== null) return [{ spec: word.value, shown: word.value }];
  const text = word.text;
  if (text.includes("$(") || text.includes("`")) return [];
  const pieces = (value: string): string[] => (splits(word) ? value.split(/\s+/).filter((spec) => spec !== "") : value === "" ? [] : [value]);
  const lookup = { unknown: false };
  const known = expand(
    text,
    (name) => {
      const value = variable(name);
      if (value === undefined) lookup.unknown = true;
      return value;
    },
    { escape: "\\" },
  );
  if (!known.ok) return [];
  if (!lookup.unknown) return pieces(known.value).map((spec) => ({ spec, shown: spec }));
  const bare = expand(text, () => "", { escape: "\\" });
  if (!bare.ok || bare.value.trim() === "") return [];
  const standing = expand(text, (name) => variable(name) ?? VARIABLE_STANDIN, { escape: "\\" });
  if (!standing.ok) return [];
  const shown = text.replace(/^["']|["']$/g, "");
  return pieces(standing.value).map((spec) => ({ spec, shown }));
}
