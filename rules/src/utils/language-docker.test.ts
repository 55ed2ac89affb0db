import { type LabelInstruction, parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { languageDockerPairValue, languageDockerSingleValue } from "./language-docker.js";

describe("languageDockerSingleValue", () => {
  test("joins quoted and unquoted parts, each quoted part without its quotes", () => {
    expect(languageDockerSingleValue(`t"ru"e`)).toBe("true");
    expect(languageDockerSingleValue(`"1."2'.3'`)).toBe("1.2.3");
    expect(languageDockerSingleValue(`"a'b"`)).toBe("a'b");
    expect(languageDockerSingleValue(`"a\nb"`)).toBe("a\nb");
  });

  test("an unmatched quote stays; nothing is expanded", () => {
    expect(languageDockerSingleValue(`"abc`)).toBe(`"abc`);
    expect(languageDockerSingleValue("$HOME")).toBe("$HOME");
  });
});

describe("languageDockerPairValue", () => {
  /** Each pair's value of the one LABEL instruction of `label`, as hadolint reads it. */
  const values = (label: string) => (parse(`${label}\n`).ast.instructions[0] as LabelInstruction).pairs.map(languageDockerPairValue);

  test("`key=value`: a singleValue", () => {
    expect(values(`LABEL a="a"b'' b=""''`)).toEqual(["ab", ""]);
  });

  test("`key value`: the rest of the line as written, quotes and all", () => {
    expect(values(`LABEL a ""`)).toEqual([`""`]);
    expect(values(`LABEL a "b" 'c'`)).toEqual([`"b" 'c'`]);
  });
});
