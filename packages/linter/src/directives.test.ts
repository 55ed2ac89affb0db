/**
 * Which comments switch a finding off: `# dfbuild-ignore[-file]`, hadolint's pragmas
 * (hadolint/hadolint src/Hadolint/Pragma.hs) and BuildKit's `# check=` directive and comments
 * (moby/buildkit frontend/dockerfile/linter: `ParseLintOptions`, `WithMergedConfigFromComments`).
 * test/lint/directives.test.ts checks the same through lintText with the real rules.
 */
import { parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { Directives, buildkitNamesOf } from "./directives.js";
import { RuleRegistry } from "./registry.js";
import { defineRule } from "./rule.js";
import type { AnyRule } from "./types.js";

function rule(id: string, aliases?: string[]): AnyRule {
  return defineRule({ meta: { id, aliases, severity: "warning", type: "problem", docs: { description: id }, messages: {} }, create: () => ({}) });
}

const maintainer = rule("maintainer-deprecated", ["DL4000", "MaintainerDeprecated"]);
const jsonArgs = rule("json-args-recommended", ["JSONArgsRecommended"]);
const description = rule("invalid-definition-description", ["InvalidDefinitionDescription"]);
const pin = rule("pin-base-image", ["DL3006"]);
const shellcheck = rule("shellcheck");
const registry = new RuleRegistry([maintainer, jsonArgs, description, pin, shellcheck]);

function directives(text: string, inlineIgnores = true): Directives {
  return new Directives(parse(text).ast, registry, { inlineIgnores });
}

/** The offset of the first `needle` in `text`: a finding there. */
function at(text: string, needle: string, nth = 0): number {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset === -1) throw new Error(`no ${needle} in ${text}`);
  return offset;
}

/** The rules (by id) whose findings at `needle` are suppressed. */
function suppressedAt(text: string, needle: string, nth = 0, site: { code?: string } = {}): string[] {
  const found = directives(text);
  const offset = at(text, needle, nth);
  return [maintainer, jsonArgs, description, pin, shellcheck].filter((each) => found.suppresses(each, { offset, ...site })).map((each) => each.meta.id);
}

function problems(text: string): string[] {
  return directives(text).problems.map((problem) => `${problem.range.start.line}:${problem.range.start.column}-${problem.range.end.line}:${problem.range.end.column} ${problem.message}`);
}

test("buildkitNamesOf: the aliases that are BuildKit checks", () => {
  expect(buildkitNamesOf(maintainer)).toEqual(["MaintainerDeprecated"]);
  expect(buildkitNamesOf(pin)).toEqual([]);
  expect(buildkitNamesOf(shellcheck)).toEqual([]);
});

describe("# dfbuild-ignore", () => {
  test("covers the next instruction, every line of it, for the rules named by id or alias", () => {
    const text = "FROM a\n# dfbuild-ignore DL4000,json-args-recommended -- old\nMAINTAINER me \\\n  you\nMAINTAINER them\n";
    expect(suppressedAt(text, "MAINTAINER")).toEqual(["maintainer-deprecated", "json-args-recommended"]);
    expect(suppressedAt(text, "you")).toEqual(["maintainer-deprecated", "json-args-recommended"]);
    expect(suppressedAt(text, "MAINTAINER", 1)).toEqual([]);
    expect(suppressedAt(text, "FROM")).toEqual([]);
    expect(problems(text)).toEqual([]);
  });
  test("names separated by spaces; two comments above one instruction both count", () => {
    const text = "FROM a\n# dfbuild-ignore DL4000\n# dfbuild-ignore  pin-base-image  shellcheck\nMAINTAINER me\n";
    expect(suppressedAt(text, "MAINTAINER")).toEqual(["maintainer-deprecated", "pin-base-image", "shellcheck"]);
  });
  test("without names (or with only a reason) it covers every rule", () => {
    expect(suppressedAt("FROM a\n# dfbuild-ignore\nMAINTAINER me\nRUN x\n", "MAINTAINER")).toHaveLength(5);
    expect(suppressedAt("FROM a\n# dfbuild-ignore -- generated\nMAINTAINER me\nRUN x\n", "MAINTAINER")).toHaveLength(5);
    expect(suppressedAt("FROM a\n# dfbuild-ignore\nMAINTAINER me\nRUN x\n", "RUN")).toEqual([]);
  });
  test("-- starts the reason only as a word of its own", () => {
    const text = "FROM a\n# dfbuild-ignore DL4000--x\nMAINTAINER me\n";
    expect(problems(text)).toEqual(['2:1-2:27 Unknown rule "DL4000--x" in "dfbuild-ignore".']);
    expect(suppressedAt(text, "MAINTAINER")).toEqual([]);
    expect(suppressedAt("FROM a\n# dfbuild-ignore DL4000 --\nMAINTAINER me\n", "MAINTAINER")).toEqual(["maintainer-deprecated"]);
    expect(problems("FROM a\n# dfbuild-ignore DL4000 --\nMAINTAINER me\n")).toEqual([]);
  });
  test("a ShellCheck code names those findings of a rule, in any case", () => {
    const text = "FROM a\n# dfbuild-ignore sc2086\nRUN echo $x\n";
    expect(problems(text)).toEqual([]);
    expect(suppressedAt(text, "RUN", 0, { code: "SC2086" })).toEqual(["maintainer-deprecated", "json-args-recommended", "invalid-definition-description", "pin-base-image", "shellcheck"]);
    expect(suppressedAt(text, "RUN", 0, { code: "sc2086" })).toHaveLength(5);
    expect(suppressedAt(text, "RUN", 0, { code: "SC2046" })).toEqual([]);
    expect(suppressedAt(text, "RUN")).toEqual([]);
  });
  test("an unknown name is a problem at the comment, with the registry's hint", () => {
    expect(problems("FROM a\n# dfbuild-ignore-file maintainer-deprecate, SC123\nMAINTAINER me\n")).toEqual([
      '2:1-2:50 Unknown rule "maintainer-deprecate" in "dfbuild-ignore-file". Did you mean "maintainer-deprecated"?',
      '2:1-2:50 Unknown rule "SC123" in "dfbuild-ignore-file".',
    ]);
  });
  test("-file covers the whole file, before and after the comment", () => {
    const text = "FROM a\nMAINTAINER me\n# dfbuild-ignore-file DL4000\nMAINTAINER you\n";
    expect(suppressedAt(text, "MAINTAINER")).toEqual(["maintainer-deprecated"]);
    expect(suppressedAt(text, "MAINTAINER", 1)).toEqual(["maintainer-deprecated"]);
    expect(suppressedAt(text, "FROM")).toEqual(["maintainer-deprecated"]);
  });
  test("inline ignores switched off: nothing is suppressed, not even by the check directive", () => {
    const text = "# check=skip=MaintainerDeprecated\n# dfbuild-ignore-file DL4000\nFROM a\n# hadolint ignore=DL4000\nMAINTAINER me\n";
    const found = directives(text, false);
    expect(found.suppresses(maintainer, { offset: at(text, "MAINTAINER") })).toBe(false);
    expect(directives(text).suppresses(maintainer, { offset: at(text, "MAINTAINER") })).toBe(true);
  });
});

describe("hadolint pragmas", () => {
  test("ignore= covers the next instruction; codes may be ShellCheck's", () => {
    const text = "FROM a\n# hadolint ignore=DL4000,SC2086\nMAINTAINER me\nMAINTAINER you\n";
    expect(suppressedAt(text, "MAINTAINER")).toEqual(["maintainer-deprecated"]);
    expect(suppressedAt(text, "MAINTAINER", 0, { code: "SC2086" })).toHaveLength(5);
    expect(suppressedAt(text, "MAINTAINER", 1, { code: "SC2086" })).toEqual([]);
    expect(problems(text)).toEqual([]);
  });
  test("spaces around = and the codes; a # ends the list", () => {
    const text = "FROM a\n# hadolint ignore = DL4000 , DL3006 # DL3007 is fine\nFROM b\nMAINTAINER me\n";
    expect(suppressedAt(text, "FROM b")).toEqual(["maintainer-deprecated", "pin-base-image"]);
  });
  test("one code outside hadolint's alphabet voids the pragma", () => {
    expect(suppressedAt("FROM a\n# hadolint ignore=DL4000,json-args-recommended\nMAINTAINER me\n", "MAINTAINER")).toEqual([]);
    expect(suppressedAt("FROM a\n# hadolint ignore=DL4000,\nMAINTAINER me\n", "MAINTAINER")).toEqual([]);
    // The whole code must be of that alphabet, not a part of it at either end.
    expect(suppressedAt("FROM a\n# hadolint ignore=DL4000,DL3006x\nMAINTAINER me\n", "MAINTAINER")).toEqual([]);
    expect(suppressedAt("FROM a\n# hadolint ignore=DL4000,xDL3006\nMAINTAINER me\n", "MAINTAINER")).toEqual([]);
    expect(suppressedAt("FROM a\n# hadolint ignore=\nMAINTAINER me\n", "MAINTAINER")).toEqual([]);
  });
  test("only the pragma's exact form counts", () => {
    expect(suppressedAt("FROM a\n# hadolint  ignore=DL4000\nMAINTAINER me\n", "MAINTAINER")).toEqual(["maintainer-deprecated"]);
    expect(suppressedAt("FROM a\n# hadolint ignored=DL4000\nMAINTAINER me\n", "MAINTAINER")).toEqual([]);
    expect(suppressedAt("FROM a\n# not hadolint ignore=DL4000\nMAINTAINER me\n", "MAINTAINER")).toEqual([]);
    expect(suppressedAt("FROM a\n# hadolintignore=DL4000\nMAINTAINER me\n", "MAINTAINER")).toEqual([]);
    expect(suppressedAt("FROM a\n# hadolint file ignore=DL4000\nMAINTAINER me\n", "MAINTAINER")).toEqual([]);
  });
  test("global covers the file", () => {
    const text = "FROM a\nMAINTAINER me\n# hadolint global ignore=DL4000\nFROM b\nMAINTAINER you\n";
    expect(suppressedAt(text, "MAINTAINER")).toEqual(["maintainer-deprecated"]);
    expect(suppressedAt(text, "MAINTAINER", 1)).toEqual(["maintainer-deprecated"]);
  });
  test("stage covers every instruction of the stage whose FROM comes next, and nothing else", () => {
    const text = "FROM a\nMAINTAINER me\n# hadolint stage ignore=DL4000\n\nFROM b\nMAINTAINER you\nRUN x\nFROM c\nMAINTAINER them\n";
    expect(suppressedAt(text, "MAINTAINER")).toEqual([]);
    expect(suppressedAt(text, "FROM b")).toEqual(["maintainer-deprecated"]);
    expect(suppressedAt(text, "MAINTAINER", 1)).toEqual(["maintainer-deprecated"]);
    expect(suppressedAt(text, "RUN")).toEqual(["maintainer-deprecated"]);
    expect(suppressedAt(text, "FROM c")).toEqual([]);
    expect(suppressedAt(text, "MAINTAINER", 2)).toEqual([]);
    // The line break before a FROM is still the stage before it.
    expect(directives(text).suppresses(maintainer, { offset: at(text, "FROM b") - 1 })).toBe(false);
    expect(directives(text).suppresses(maintainer, { offset: at(text, "FROM c") - 1 })).toBe(true);
  });
  test("two stage pragmas for one stage both count; one after the last FROM covers nothing", () => {
    const text = "FROM a\n# hadolint stage ignore=DL4000\n# hadolint stage ignore=DL3006\nFROM b\nMAINTAINER me\n# hadolint stage ignore=SC2086\n";
    expect(suppressedAt(text, "MAINTAINER", 0, { code: "SC2086" })).toEqual(["maintainer-deprecated", "pin-base-image"]);
    expect(suppressedAt(text, "FROM a")).toEqual([]);
  });
});

describe("BuildKit's check directive and comments", () => {
  test("the file's skip= skips the rules answering to those names, everywhere", () => {
    const text = "# check=skip=MaintainerDeprecated,JSONArgsRecommended\nFROM a\nMAINTAINER me\nCMD x\n";
    expect(suppressedAt(text, "MAINTAINER")).toEqual(["maintainer-deprecated", "json-args-recommended"]);
    expect(directives(text).suppresses(maintainer, { offset: at(text, "CMD"), checkedAt: null })).toBe(true);
    expect(problems(text)).toEqual([]);
  });
  test("the check directive is found among the other directives", () => {
    const text = "# syntax=docker/dockerfile:1\n# escape=\\\n# check=skip=MaintainerDeprecated\nFROM a\nMAINTAINER me\n";
    expect(suppressedAt(text, "MAINTAINER")).toEqual(["maintainer-deprecated"]);
    expect(directives(text).fileCheck).toMatchObject({ skip: ["MaintainerDeprecated"] });
  });
  test("a rule answering to two BuildKit checks is skipped by either", () => {
    const casing = rule("stage-name-casing", ["StageNameCasing", "FromAsCasing"]);
    const registryOf = new RuleRegistry([casing]);
    for (const name of ["StageNameCasing", "FromAsCasing"]) {
      const found = new Directives(parse(`# check=skip=${name}\nFROM a AS B\n`).ast, registryOf, { inlineIgnores: true });
      expect(found.suppresses(casing, { offset: 0 })).toBe(true);
    }
  });
  test("skip=all skips every rule with a BuildKit name, and no other", () => {
    expect(suppressedAt("# check=skip=all\nFROM a\nMAINTAINER me\n", "MAINTAINER")).toEqual(["maintainer-deprecated", "json-args-recommended", "invalid-definition-description"]);
  });
  test("a check comment above an instruction covers the checks BuildKit runs there", () => {
    const text = "FROM a\n# check=skip=MaintainerDeprecated\nMAINTAINER me\nMAINTAINER you\n";
    expect(suppressedAt(text, "MAINTAINER")).toEqual(["maintainer-deprecated"]);
    expect(suppressedAt(text, "MAINTAINER", 1)).toEqual([]);
    // Where BuildKit evaluates the check decides, not where the finding is.
    const { ast } = parse(text);
    const found = new Directives(ast, registry, { inlineIgnores: true });
    expect(found.suppresses(maintainer, { offset: at(text, "MAINTAINER", 1), checkedAt: ast.instructions[1] })).toBe(true);
    expect(found.suppresses(maintainer, { offset: at(text, "MAINTAINER"), checkedAt: ast.instructions[2] })).toBe(false);
    // A check BuildKit runs for the whole file: only the file's directive skips it.
    expect(found.suppresses(maintainer, { offset: at(text, "MAINTAINER"), checkedAt: null })).toBe(false);
  });
  test("a check comment is looked up by the instruction when there is no ignore comment at all", () => {
    const text = "FROM a\n# check=skip=MaintainerDeprecated\nMAINTAINER me\n";
    expect(directives(text).suppresses(maintainer, { offset: at(text, "me") })).toBe(true);
    expect(directives(text).suppresses(maintainer, { offset: at(text, "FROM") })).toBe(false);
  });
  test("a finding outside every instruction (a comment, a blank line) is covered by no comment", () => {
    const text = "FROM a\n# check=skip=MaintainerDeprecated\nMAINTAINER me\n\n# x\n";
    expect(directives(text).suppresses(maintainer, { offset: at(text, "# x") })).toBe(false);
    expect(directives(text).suppresses(maintainer, { offset: text.length - 1 })).toBe(false);
    expect(directives(text).suppresses(maintainer, { offset: at(text, "\n", 2) })).toBe(false);
    expect(directives("# dfbuild-ignore DL4000\n\nMAINTAINER me\n").suppresses(maintainer, { offset: 0 })).toBe(false);
    // Before the first instruction: no instruction, not the second one's comment.
    expect(directives("# x\nFROM a\n# dfbuild-ignore DL4000\nMAINTAINER me\n").suppresses(maintainer, { offset: 0 })).toBe(false);
  });
  test("names BuildKit does not know are reported where they are written, with a fix", () => {
    const text = "# check=skip=,DL4000,maintainerdeprecated,Bogus\nFROM a\n# check=experimental=jsonargsrecommended\nCMD x\n";
    expect(problems(text)).toEqual([
      '1:9-1:48 "DL4000" in "# check=skip=,DL4000,maintainerdeprecated,Bogus" is not a BuildKit check, so BuildKit ignores it. It takes BuildKit check names; for DL4000 use "# dfbuild-ignore DL4000".',
      '1:9-1:48 BuildKit check names are case-sensitive: "maintainerdeprecated" in "# check=skip=,DL4000,maintainerdeprecated,Bogus" does nothing; write "MaintainerDeprecated".',
      '1:9-1:48 "Bogus" in "# check=skip=,DL4000,maintainerdeprecated,Bogus" is not a BuildKit check, so BuildKit ignores it.',
      '3:1-3:41 BuildKit check names are case-sensitive: "jsonargsrecommended" in "# check=experimental=jsonargsrecommended" does nothing; write "JSONArgsRecommended".',
    ]);
  });
  test("what follows a space is ignored, in the directive and in a comment", () => {
    expect(problems("# check=skip=JSONArgsRecommended error=true\nFROM a\n# check=skip=MaintainerDeprecated  a b\nMAINTAINER me\n")).toEqual([
      '1:9-1:44 BuildKit reads "# check=skip=JSONArgsRecommended error=true" only up to its first space, so "error=true" is ignored. Remove the spaces.',
      '3:1-3:39 BuildKit reads "# check=skip=MaintainerDeprecated  a b" only up to its first space, so "a b" is ignored. Remove the spaces.',
    ]);
  });
  test("the problem is at the check comment, not at another comment above the instruction", () => {
    expect(problems("FROM a\n# a note\n# check=skip\nMAINTAINER me\n")).toEqual(['3:1-3:13 "# check=skip" has no effect: invalid check option "skip" (BuildKit ignores it).']);
  });
  test("spaces around the comment's = and after its value are not the value's", () => {
    expect(problems("FROM a\n# check = skip=MaintainerDeprecated\nMAINTAINER me\n")).toEqual([]);
    expect(suppressedAt("FROM a\n# check = skip=MaintainerDeprecated\nMAINTAINER me\n", "MAINTAINER")).toEqual(["maintainer-deprecated"]);
    expect(problems("FROM a\n# check=skip=MaintainerDeprecated \nMAINTAINER me\n")).toEqual([]);
  });
  test("a malformed check comment is a problem and skips nothing", () => {
    const text = "FROM a\n# check=skip\nMAINTAINER me\n";
    expect(problems(text)).toEqual(['2:1-2:13 "# check=skip" has no effect: invalid check option "skip" (BuildKit ignores it).']);
    expect(suppressedAt(text, "MAINTAINER")).toEqual([]);
  });
  test("a directive BuildKit refuses sets nothing (the parser reports it)", () => {
    const found = directives("# check=skip=MaintainerDeprecated;bogus=1\nFROM a\nMAINTAINER me\n");
    expect(found.fileCheck).toBeNull();
    expect(found.problems).toEqual([]);
    expect(directives("# check=error=true\nFROM a\n").fileCheck).toMatchObject({ error: true, skip: [] });
  });
});

describe("experimental checks and error=true", () => {
  test("the file's experimental= turns a check on everywhere; all, every experimental one", () => {
    for (const text of ["# check=experimental=InvalidDefinitionDescription\nFROM a\n", "# check=experimental=all\nFROM a\n"]) {
      expect(directives(text).enablesExperimental(description, null)).toBe(true);
      expect(directives(text).enablesExperimental(description, { offset: 0 })).toBe(true);
      // Only experimental checks are turned on by it.
      expect(directives(text).enablesExperimental(jsonArgs, null)).toBe(false);
      expect(directives(text).enablesExperimental(pin, null)).toBe(false);
    }
    expect(directives("# check=experimental=JSONArgsRecommended\nFROM a\n").enablesExperimental(description, null)).toBe(false);
    expect(directives("FROM a\n").enablesExperimental(description, null)).toBe(false);
  });
  test("a comment turns it on at its instruction only", () => {
    const text = "FROM a\n# check=experimental=InvalidDefinitionDescription\nARG X\nARG Y\n";
    const { ast } = parse(text);
    const found = new Directives(ast, registry, { inlineIgnores: true });
    const instructions = ast.instructions;
    expect(found.enablesExperimental(description, null)).toBe(true);
    expect(found.enablesExperimental(description, { offset: at(text, "X") })).toBe(true);
    expect(found.enablesExperimental(description, { offset: at(text, "Y") })).toBe(false);
    expect(found.enablesExperimental(description, { offset: at(text, "Y"), checkedAt: instructions[2] })).toBe(false);
    expect(found.enablesExperimental(description, { offset: at(text, "Y"), checkedAt: null })).toBe(false);
    expect(found.enablesExperimental(description, { offset: at(text, "FROM"), checkedAt: instructions[1] })).toBe(true);
    expect(directives("FROM a\n# check=experimental=JSONArgsRecommended\nARG X\n").enablesExperimental(description, null)).toBe(false);
  });
  test("error=true in the file's directive makes the findings of BuildKit's checks errors", () => {
    expect(directives("# check=error=true\nFROM a\n").makesErrors(maintainer)).toBe(true);
    expect(directives("# check=error=true\nFROM a\n").makesErrors(pin)).toBe(false);
    expect(directives("# check=error=false\nFROM a\n").makesErrors(maintainer)).toBe(false);
    expect(directives("FROM a\n# check=error=true\nMAINTAINER me\n").makesErrors(maintainer)).toBe(false);
  });
});
