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
    const text = "FROM debian:12\n# dfbuild-ignore apt-get-yes\nRUN apt-get update && \\\n    apt-get install --no-install-recommends curl\n";
    expect(found(text.replace("# dfbuild-ignore apt-get-yes\n", ""))).toContain("3:apt-get-yes");
    expect(found(text).filter((finding) => finding.endsWith(":apt-get-yes"))).toEqual([]);
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

describe("BuildKit check directive, exactly as BuildKit reads it", () => {
  const messages = (text: string, config = defaultConfig()) => lintText(text, { registry, config }).findings.map((finding) => `${finding.range.start.line}:${finding.ruleId}:${finding.severity}:${finding.message}`);

  test("skip takes BuildKit's names, case-sensitively; other names are reported and do nothing", () => {
    expect(messages("# check=skip=DL4000,maintainerdeprecated\nFROM alpine:3.20\nMAINTAINER me\n")).toEqual([
      '1:invalid-directive:warning:"DL4000" in "# check=skip=DL4000,maintainerdeprecated" is not a BuildKit check, so BuildKit ignores it. It takes BuildKit check names; for DL4000 use "# dfbuild-ignore DL4000".',
      '1:invalid-directive:warning:BuildKit check names are case-sensitive: "maintainerdeprecated" in "# check=skip=DL4000,maintainerdeprecated" does nothing; write "MaintainerDeprecated".',
      expect.stringMatching(/^3:maintainer-deprecated:warning:/),
    ]);
  });

  test("a space ends the directive's value, as in BuildKit: what follows is not applied", () => {
    expect(found("# check=skip=JSONArgsRecommended error=true\nFROM alpine:3.20\nCMD run\n")).toEqual(["1:invalid-directive"]);
    expect(found("# check=skip=JSONArgsRecommended,MaintainerDeprecated\nFROM alpine:3.20\nMAINTAINER me\nCMD run\n")).toEqual([]);
  });

  test("error=true makes the findings of BuildKit's checks errors, and only those", () => {
    expect(messages("# check=error=true\nFROM ubuntu\nMAINTAINER me\n").map((line) => line.split(":").slice(0, 3).join(":"))).toEqual([
      "2:pin-base-image:warning",
      "3:maintainer-deprecated:error",
    ]);
  });

  test("a file whose directive BuildKit refuses gets a parse error at the directive", () => {
    expect(messages("# check=skip=A;bogus=1\nFROM alpine:3.20\n")).toEqual(['1:parse-error:error:invalid check option "bogus"']);
  });

  test("a comment above an instruction skips the checks BuildKit runs at that instruction", () => {
    const text = 'FROM alpine:3.20\nCMD ["a"]\n# check=skip=MultipleInstructionsDisallowed\nCMD ["b"]\nCMD ["c"]\n';
    // BuildKit reports the overridden CMD while it checks the one after it (validateUsedOnce): the
    // comment above line 4 skips the finding on line 2, not the one on line 4.
    expect(found(text)).toEqual(["4:single-cmd"]);
  });

  test("a malformed check comment above an instruction is reported and ignored, as BuildKit ignores it", () => {
    expect(messages("FROM alpine:3.20\n# check=skip\nMAINTAINER me\n")).toEqual([
      '2:invalid-directive:warning:"# check=skip" has no effect: invalid check option "skip" (BuildKit ignores it).',
      expect.stringMatching(/^3:maintainer-deprecated:warning:/),
    ]);
  });

  test("NoEmptyContinuation: on the instruction's last line as BuildKit reports it, skippable by name", () => {
    const text = "FROM alpine:3.20\nRUN a \\\n\n  b \\\n   \n  c\n";
    expect(messages(text)).toEqual([
      "6:no-empty-continuation:warning:Empty continuation line (line 3, 5) inside this RUN: BuildKit skips it today and warns that empty continuation lines will become errors. Remove it, or end the instruction before it.",
    ]);
    expect(found(`# check=skip=NoEmptyContinuation\n${text}`)).toEqual([]);
    // BuildKit checks it for the whole file: a comment above the instruction does not skip it.
    expect(found("FROM alpine:3.20\n# check=skip=NoEmptyContinuation\nRUN a \\\n\n  b\n")).toEqual(["5:no-empty-continuation"]);
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
