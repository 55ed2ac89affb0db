import { describe, expect, test } from "vitest";
import { scanShellVariables } from "./shell-variables.js";

function names(text: string, mode?: "script" | "heredoc"): string[] {
  return scanShellVariables(text, mode).map((found) => `${found.name}${found.modifier === null ? "" : `[${found.modifier}]`}@${String(found.nameStart)}:${text.slice(found.start, found.end)}`);
}

describe("shell variable references", () => {
  test("plain, braced, with operators, and nested in defaults", () => {
    expect(names("echo $A ${B} ${C:-$D} ${E%%.*} ${F//x/y} ${#G} ${!H}")).toEqual([
      "A@6:$A",
      "B@10:${B}",
      "C[:-]@15:${C:-$D}",
      "D@19:$D",
      "E[%%]@24:${E%%.*}",
      "F[//]@33:${F//x/y}",
      "G@44:${#G}",
      "H@50:${!H}",
    ]);
  });

  test("names are ASCII letters, digits and underscores, not starting with a digit", () => {
    expect(names("$A_1b-x $1 $@ $$ $? $é ${1} ${}")).toEqual(["A_1b@1:$A_1b"]);
  });

  test("quotes: nothing in single quotes or $'…', everything in double quotes", () => {
    expect(names(`'$A' "$B '$C'" $'x $D \\' $E' $F`)).toEqual(["B@7:$B", "C@11:$C", "F@30:$F"]);
  });

  test("a backslash protects the next character", () => {
    expect(names("\\$A \"\\$B\" \\\\$C")).toEqual(["C@13:$C"]);
  });

  test("a # starting a word begins a comment; elsewhere it is text", () => {
    expect(names("echo a#$A # $B\necho $C;# $D\n")).toEqual(["A@8:$A", "C@21:$C"]);
  });

  test("command substitutions and arithmetic are shell code", () => {
    expect(names("$(cat $A) `echo $B` $((C + $D))")).toEqual(["A@7:$A", "B@17:$B", "D@28:$D"]);
  });

  test("an unquoted here-document body: quotes are text, backslashes still protect", () => {
    expect(names("'$A' \"$B\" \\$C # $D", "heredoc")).toEqual(["A@2:$A", "B@7:$B", "D@17:$D"]);
  });

  test("$'…' is bash's quoting only in a script outside double quotes", () => {
    expect(names(`"$'$A'" $B`)).toEqual(["A@4:$A", "B@9:$B"]);
    expect(names("$'$A'", "heredoc")).toEqual(["A@3:$A"]);
  });

  test("a single-quoted string ends at the next quote, or takes the rest of the text", () => {
    expect(names("'a $A' $B")).toEqual(["B@8:$B"]);
    expect(names("echo '$A")).toEqual([]);
    expect(names("echo $'x $A")).toEqual([]);
  });

  test("a # at the very start, or after an unescaped blank, starts a comment", () => {
    expect(names("# $A\n$B")).toEqual(["B@6:$B"]);
    expect(names("a# $A \\ #$B")).toEqual(["A@4:$A", "B@10:$B"]);
  });

  test("a braced name is the whole name; braced says which form it is", () => {
    expect(names("${AB} ${#CD} $EF")).toEqual(["AB@2:${AB}", "CD@9:${#CD}", "EF@14:$EF"]);
    expect(scanShellVariables("${A} $B").map((found) => found.braced)).toEqual([true, false]);
  });

  test("an unclosed ${ still names its variable", () => {
    expect(names("echo ${A:-x")).toEqual(["A[:-]@7:${A"]);
  });
});

describe("the end of a ${…}", () => {
  test("quotes, escapes and nested ${…} inside it do not close it", () => {
    expect(names("${A:-'}'} ${B:-\\}} ${C:-${D}x} $E")).toEqual([
      "A[:-]@2:${A:-'}'}",
      "B[:-]@12:${B:-\\}}",
      "C[:-]@21:${C:-${D}x}",
      "D@26:${D}",
      "E@32:$E",
    ]);
  });

  test("an unclosed quote inside it leaves it unclosed", () => {
    expect(names("${A:-'x} $B")).toEqual(["A[:-]@2:${A"]);
  });

  test("a { not after $ is text", () => {
    expect(names("${A:-{x}} $B")).toEqual(["A[:-]@2:${A:-{x}", "B@11:$B"]);
  });
});
