import type { ShellWord } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { packageSpecs } from "./package-words.js";

const AT = { offset: 0, line: 1, column: 1 };

/** A word of a RUN as written; `value` is null for one that expands something. */
function word(text: string, value: string | null = null): ShellWord {
  return { text, value, range: { start: AT, end: AT } };
}

const VALUES: Record<string, string> = { PKGS: "curl=8.5.0  git", EMPTY: "", BLANK: "  ", B: "2" };
const lookup = (name: string): string | undefined => VALUES[name];

describe("packageSpecs", () => {
  test("a literal word is itself", () => {
    expect(packageSpecs(lookup, word("curl", "curl"))).toEqual([{ spec: "curl", shown: "curl" }]);
  });

  test("a known value unquoted is split as the shell splits it; quoted it stays one word", () => {
    expect(packageSpecs(lookup, word("$PKGS"))).toEqual([
      { spec: "curl=8.5.0", shown: "curl=8.5.0" },
      { spec: "git", shown: "git" },
    ]);
    expect(packageSpecs(lookup, word('"$PKGS"'))).toEqual([{ spec: "curl=8.5.0  git", shown: "curl=8.5.0  git" }]);
    expect(packageSpecs(lookup, word("'a b'$V"))).toEqual([{ spec: "a b1", shown: "a b'$V" }]);
  });

  test("a known value that is empty or blank stands for nothing", () => {
    expect(packageSpecs(lookup, word('"$EMPTY"'))).toEqual([]);
    expect(packageSpecs(lookup, word("$BLANK"))).toEqual([]);
  });

  test("literal text around unknown variables: each stands for 1, and the word is shown as written", () => {
    expect(packageSpecs(lookup, word("curl=$V"))).toEqual([{ spec: "curl=1", shown: "curl=$V" }]);
    expect(packageSpecs(lookup, word('"curl=${V}"'))).toEqual([{ spec: "curl=1", shown: "curl=${V}" }]);
    expect(packageSpecs(lookup, word("$A-$B"))).toEqual([{ spec: "1-2", shown: "$A-$B" }]);
    expect(packageSpecs(lookup, word("$V\\ x"))).toEqual([{ spec: "1", shown: "$V\\ x" }, { spec: "x", shown: "$V\\ x" }]);
    expect(packageSpecs(lookup, word("$B\\ x"))).toEqual([{ spec: "2", shown: "2" }, { spec: "x", shown: "x" }]);
  });

  test("nothing for a word of unknown variables only, a command substitution, or one that does not expand", () => {
    expect(packageSpecs(lookup, word("$A$B2"))).toEqual([]);
    expect(packageSpecs(lookup, word("$A\\ "))).toEqual([]);
    expect(packageSpecs(lookup, word('"${A}" '))).toEqual([]);
    expect(packageSpecs(lookup, word("$(cat packages.txt)"))).toEqual([]);
    expect(packageSpecs(lookup, word("`cat packages.txt`"))).toEqual([]);
    expect(packageSpecs(lookup, word("pkg-${A:?unset}"))).toEqual([]);
    expect(packageSpecs(lookup, word("pkg-${B:?unset}-${A"))).toEqual([]);
  });
});
