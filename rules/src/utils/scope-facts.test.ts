import { RuleRegistry, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { readScopeFacts, scopeFacts, scopeLookup } from "./scope-facts.js";

/** For each RUN of `text`: `scopeFacts` of it, and `scopeLookup` of `name` there. */
function facts(text: string, name = "V"): { facts: string; lookup: string | undefined }[] {
  const seen: { facts: string; lookup: string | undefined }[] = [];
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "reads RUNs" }, messages: {} },
    create: (context) => ({
      Run: (node, info) => {
        seen.push({ facts: scopeFacts(node, info, context.file), lookup: scopeLookup(context.file, node)(name) });
      },
    }),
  });
  lintText(text, { registry: new RuleRegistry([rule]) });
  return seen;
}

describe("scopeFacts", () => {
  test("empty for an instruction without a $, even when the next one has one", () => {
    expect(facts("FROM a\nARG V=1\nRUN echo V\nRUN echo $V\n").map((seen) => seen.facts)).toEqual(["", '[["V","1"]]']);
  });

  test("the ARG and ENV values in effect, when the instruction has a $ anywhere, its last character or a heredoc body included", () => {
    expect(facts("FROM a\nARG V=1\nARG W\nENV X=2\nRUN echo $\n").map((seen) => seen.facts)).toEqual(['[["V","1"],["W",null],["X","2"]]']);
    expect(facts("FROM a\nARG V=1\nRUN <<EOF\necho $V\nEOF\n").map((seen) => seen.facts)).toEqual(['[["V","1"]]']);
  });
});

describe("readScopeFacts", () => {
  test("the values scopeFacts gave, by name; a value not known is undefined", () => {
    const lookup = readScopeFacts({ onbuild: null, facts: '[["V","1"],["W",null]]' });
    expect([lookup("V"), lookup("W"), lookup("X")]).toEqual(["1", undefined, undefined]);
    expect(readScopeFacts({ onbuild: null, facts: "" })("V")).toBeUndefined();
  });

  test("a visit without facts is a rule that did not declare them", () => {
    expect(() => readScopeFacts({ onbuild: null })).toThrow("scope facts missing: the rule must declare meta.facts: scopeFacts and meta.scope: instruction");
  });
});

describe("scopeLookup", () => {
  test("the value in the file's scope at the instruction", () => {
    expect(facts("FROM a\nRUN x\nARG V=1\nRUN y\n").map((seen) => seen.lookup)).toEqual([undefined, "1"]);
  });
});
