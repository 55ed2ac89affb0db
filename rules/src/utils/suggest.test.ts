import { describe, expect, test } from "vitest";
import { suggestName } from "./suggest.js";

describe("suggestName (BuildKit's suggest.Search)", () => {
  test("the closest option below distance 3", () => {
    expect(suggestName("VERSON", ["VERSION", "OTHER"])).toBe("VERSION");
    expect(suggestName("ab", ["abcd"])).toBe("abcd");
    expect(suggestName("ab", ["abcde"])).toBeNull();
    expect(suggestName("VERSON", ["VERSIONS", "VERSION"])).toBe("VERSION");
  });

  test("none when an option is the name itself, wherever it sorts", () => {
    expect(suggestName("B", ["A", "B"])).toBeNull();
    expect(suggestName("b", ["A", "B"], false)).toBeNull();
  });

  test("a tie goes to the option first in sorted order", () => {
    expect(suggestName("ab", ["ax", "aa"])).toBe("aa");
    expect(suggestName("ab", new Set(["aa", "ax"]))).toBe("aa");
  });

  test("compared case-sensitively unless asked", () => {
    expect(suggestName("version", ["VERSION"])).toBeNull();
    expect(suggestName("VERSON", ["version"])).toBeNull();
    expect(suggestName("versoin", ["VERSION"], false)).toBe("version");
  });

  test("without case, the suggestion takes the name's case when the name is all one case (BuildKit's matchCase)", () => {
    expect(suggestName("VERSOIN", ["Version"], false)).toBe("VERSION");
    expect(suggestName("versoin", ["Version"], false)).toBe("version");
    expect(suggestName("Versoin", ["VERSION"], false)).toBe("version");
  });
});
