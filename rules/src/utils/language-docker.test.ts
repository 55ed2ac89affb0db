import { describe, expect, test } from "vitest";
import { languageDockerSingleValue } from "./language-docker.js";

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
