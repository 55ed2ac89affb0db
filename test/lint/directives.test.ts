import { RuleRegistry, defaultConfig, lintText } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { describe, expect, test } from "vitest";

const registry = new RuleRegistry(rules);

function found(text: string): string[] {
  const result = lintText(text, { registry });
  return result.findings.map((finding) => `${finding.range.start.line}:${finding.ruleId}`);
}

describe("# dfbuild-ignore", () => {
  test("ignores the next instruction only, by id or alias, with a reason", () => {
    const text = "FROM alpine:3.20\n# dfbuild-ignore DL4000, workdir-absolute -- legacy image, see #12\nMAINTAINER me\nMAINTAINER you\n";
    expect(found(text)).toEqual(["4:maintainer-deprecated"]);
  });
  test("without a list it ignores every rule; names may be separated by spaces", () => {
    expect(found("# dfbuild-ignore -- generated\nFROM ubuntu\nMAINTAINER me\n")).toEqual(["3:maintainer-deprecated"]);
    expect(found("FROM alpine:3.20\n# dfbuild-ignore\nMAINTAINER me\n")).toEqual([]);
    expect(found("# dfbuild-ignore DL3006 maintainer-deprecated\nFROM ubuntu\n")).toEqual([]);
  });
  test("covers every line of a multi-line instruction", () => {
    expect(found("FROM debian:12\n# dfbuild-ignore apt-get-yes\nRUN apt-get update && \\\n    apt-get install --no-install-recommends curl\n")).toEqual([]);
  });
  test("an unknown rule is reported, with a hint", () => {
    const result = lintText("FROM alpine:3.20\n# dfbuild-ignore maintainer-deprecate\nMAINTAINER me\n", { registry });
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'Unknown rule "maintainer-deprecate" in "dfbuild-ignore". Did you mean "maintainer-deprecated"?',
      expect.stringContaining("MAINTAINER is deprecated"),
    ]);
  });
  test("# dfbuild-ignore-file covers the whole file", () => {
    expect(found("# dfbuild-ignore-file pin-base-image,consecutive-run\nFROM ubuntu\nRUN a\nRUN b\nFROM debian\n")).toEqual([]);
  });
  test("parse errors cannot be ignored", () => {
    expect(found("FROM alpine:3.20\n# dfbuild-ignore parse-error\nRUN --bogus=1 true\n")).toEqual(["3:parse-error"]);
  });
});

describe("hadolint pragmas", () => {
  test("ignore= applies to the next instruction", () => {
    expect(found("# hadolint ignore=DL3006\nFROM ubuntu\nFROM debian\n")).toEqual(["3:pin-base-image"]);
  });
  test("a malformed code voids the whole pragma, as in hadolint", () => {
    expect(found("# hadolint ignore=crazy,DL3006\nFROM ubuntu\n")).toEqual(["2:pin-base-image"]);
  });
  test("global ignore, with spaces and a trailing comment", () => {
    expect(found("# hadolint global ignore = DL3006 , DL4000 # old images\nFROM ubuntu\nMAINTAINER me\nFROM debian\n")).toEqual([]);
  });
  test("stage ignore covers the stage below it only", () => {
    expect(found("FROM ubuntu\n# hadolint stage ignore=DL3006\nFROM debian\nFROM alpine\n")).toEqual(["1:pin-base-image", "4:pin-base-image"]);
  });
});

describe("BuildKit check directive", () => {
  test("# check=skip=… at the top skips rules by their BuildKit names", () => {
    expect(found("# check=skip=MaintainerDeprecated,JSONArgsRecommended\nFROM alpine:3.20\nMAINTAINER me\nCMD run\n")).toEqual([]);
  });
  test("skip=all skips the rules BuildKit has, and only those", () => {
    expect(found("# check=skip=all;error=true\nFROM ubuntu\nMAINTAINER me\n")).toEqual(["2:pin-base-image"]);
  });
  test("a # check=skip=… comment above an instruction covers that instruction only", () => {
    expect(found("FROM alpine:3.20\n# check=skip=MaintainerDeprecated\nMAINTAINER me\nMAINTAINER you\n")).toEqual(["4:maintainer-deprecated"]);
  });
  test("MultipleInstructionsDisallowed covers CMD, ENTRYPOINT and HEALTHCHECK", () => {
    expect(found('# check=skip=MultipleInstructionsDisallowed\nFROM alpine:3.20\nCMD ["a"]\nCMD ["b"]\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n')).toEqual([]);
  });
});

describe("disable-ignore-pragma", () => {
  test("turns inline ignores off", () => {
    const result = lintText("# hadolint ignore=DL3006\nFROM ubuntu\n", {
      registry,
      config: { ...defaultConfig(), inlineIgnores: false },
    });
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(["pin-base-image"]);
  });
});
