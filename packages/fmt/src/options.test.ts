import { describe, expect, test } from "vitest";
import { DEFAULT_FMT_OPTIONS, readFmtOptions } from "./options.js";

describe("the fmt: section", () => {
  test("defaults, and every setting", () => {
    expect(readFmtOptions(undefined)).toEqual({ options: DEFAULT_FMT_OPTIONS });
    expect(readFmtOptions({ "keyword-case": "lower", indent: "tab", "blank-line-between-stages": false })).toEqual({
      options: { keywordCase: "lower", indent: "tab", blankLineBetweenStages: false },
    });
    expect(readFmtOptions({ indent: 2 })).toEqual({ options: { ...DEFAULT_FMT_OPTIONS, indent: 2 } });
  });

  test("problems name the key and what is expected", () => {
    expect(readFmtOptions({ indnet: 2 })).toEqual({
      problem: { key: "indnet", atKey: true, detail: "unknown setting (expected keyword-case, indent, blank-line-between-stages)" },
    });
    expect(readFmtOptions({ indent: -1 })).toMatchObject({ problem: { key: "indent", atKey: false, detail: "expected a number of spaces from 0 to 16, or tab, got -1" } });
    expect(readFmtOptions({ "keyword-case": "UPPER" })).toMatchObject({ problem: { detail: 'expected upper, lower or preserve, got "UPPER"' } });
    expect(readFmtOptions({ "blank-line-between-stages": "yes" })).toMatchObject({ problem: { detail: 'expected true or false, got "yes"' } });
    expect(readFmtOptions(["indent"])).toMatchObject({ problem: { key: "", atKey: false } });
  });
});
