import { describe, expect, test } from "vitest";
import { parse } from "../parse.js";
import { checkOptionsFromComments, parseCheckOptions } from "./check.js";

const none = { skipAll: false, skip: [], experimentalAll: false, experimental: [], error: false };

describe("parseCheckOptions (BuildKit's ParseLintOptions after ParseDirective)", () => {
  test.each([
    ["", none],
    ["skip=all", { ...none, skipAll: true }],
    ["skip=JSONArgsRecommended,StageNameCasing", { ...none, skip: ["JSONArgsRecommended", "StageNameCasing"] }],
    // Cut at the space: BuildKit skips JSONArgsRecommended and "" only.
    ["skip=JSONArgsRecommended, StageNameCasing", { ...none, skip: ["JSONArgsRecommended", ""] }],
    ["skip=A;error=true", { ...none, skip: ["A"], error: true }],
    ["error=1;experimental=all", { ...none, error: true, experimentalAll: true }],
    ["experimental=InvalidDefinitionDescription", { ...none, experimental: ["InvalidDefinitionDescription"] }],
    // The value is cut at its first space before it is parsed: the rest is not an option.
    ["skip=A error=true", { ...none, skip: ["A"] }],
    ["error=FALSE", none],
  ])("%j", (value, options) => {
    expect(parseCheckOptions(value)).toEqual({ ok: true, options });
  });

  test.each([
    ["skip", 'invalid check option "skip"'],
    ["bogus=1", 'invalid check option "bogus"'],
    // An empty key is an unknown option, named as such.
    ["=x", 'invalid check option ""'],
    ["error=maybe", 'failed to parse check option "error=maybe": strconv.ParseBool: parsing "maybe": invalid syntax'],
    // `skip=A; error=true` is cut to `skip=A;`, whose empty second option has no `=`.
    ["skip=A; error=true", 'invalid check option ""'],
    // Go's SplitN(…, 3): the third option keeps the further `;`, so `true;skip=B` is its value.
    ["skip=A;experimental=B;error=true;skip=C", 'failed to parse check option "error=true;skip=C": strconv.ParseBool: parsing "true;skip=C": invalid syntax'],
  ])("%j is refused: %s", (value, message) => {
    expect(parseCheckOptions(value)).toEqual({ ok: false, message });
  });

  test("the parser reports a file-level directive BuildKit would refuse, at its value", () => {
    const { diagnostics } = parse("# check=skip=A; error=true\nFROM a\n");
    expect(diagnostics).toMatchObject([{ severity: "error", code: "invalid-check-directive", message: 'invalid check option ""', range: { start: { line: 1, column: 9 } } }]);
  });
});

describe("checkOptionsFromComments (WithMergedConfigFromComments)", () => {
  test("the first comment that is a check directive decides", () => {
    expect(checkOptionsFromComments(["why this is", "check = skip=A", "check=skip=B"])).toEqual({ options: { ...none, skip: ["A"] }, comment: "check = skip=A" });
  });
  test("other directives and comments are passed over; a bad value is reported, not applied", () => {
    expect(checkOptionsFromComments(["syntax=docker/dockerfile:1", "hello"])).toBeNull();
    expect(checkOptionsFromComments(["check=skip"])).toEqual({ error: 'invalid check option "skip"', comment: "check=skip" });
    // The text after `#` keeps its leading space (`# check=…`).
    expect(checkOptionsFromComments([" check=skip=A"])).toEqual({ options: { ...none, skip: ["A"] }, comment: " check=skip=A" });
  });
});
