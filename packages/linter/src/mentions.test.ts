import { parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { LintCache } from "./lint-cache.js";
import { lintText } from "./engine.js";
import { RunMentions } from "./mentions.js";
import { RuleRegistry } from "./registry.js";
import { defineRule } from "./rule.js";
import type { AnyRule, RuleScope } from "./types.js";

/** A rule of the given scope reporting every RUN (and ONBUILD's RUN) its visitor is called on, and every COPY. */
function everyRun(id: string, scope: RuleScope, mentions: readonly string[] | undefined, facts?: () => string): AnyRule {
  return defineRule({
    meta: {
      id,
      scope,
      severity: "warning",
      type: "problem",
      onbuild: true,
      docs: { description: id },
      messages: { m: "seen" },
      ...(mentions === undefined ? {} : { mentions }),
      ...(facts === undefined ? {} : { facts }),
    },
    create: (context) => ({
      Run: (node) => {
        context.report({ messageId: "m", node: node.keyword });
      },
      Copy: (node) => {
        context.report({ messageId: "m", node: node.keyword });
      },
    }),
  });
}

const lines = (rule: AnyRule, text: string, cache?: LintCache) =>
  lintText(text, { registry: new RuleRegistry([rule]), ...(cache ? { cache } : {}) }).findings.map((finding) => finding.range.start.line);

describe("meta.mentions", () => {
  const text = [
    "FROM alpine", // 1
    "RUN apt-get update", // 2
    "RUN echo hi", // 3
    'RUN ["xx-apt-get", "install"]', // 4
    'RUN a"p"t install', // 5
    "RUN <<EOF\nap\\\nt update\nEOF", // 6
    "RUN echo $'\\x61pt'", // 10
    "COPY a b", // 11
    "ONBUILD RUN apt install x", // 12
    "ONBUILD RUN echo x", // 13
    'RUN ["sh", "-c", "echo \\u0061pt"]', // 14
    "RUN", // 15
  ].join("\n");
  const expected = [2, 4, 5, 6, 10, 11, 12, 14];

  for (const scope of ["file", "stage", "instruction"] as const) {
    test(`a ${scope}-scoped rule's Run visitor is called only on RUNs whose text, quotes removed, holds one of its strings`, () => {
      expect(lines(everyRun("r", scope, ["apt"]), text)).toEqual(expected);
      expect(lines(everyRun("r", scope, ["zzz", "apt"]), text)).toEqual(expected);
      // Without mentions, every RUN.
      expect(lines(everyRun("r", scope, undefined), text)).toEqual([2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15]);
    });
  }

  test("rules with and without strings, sharing some, each get their own answer", () => {
    const registry = new RuleRegistry([everyRun("a", "file", ["apt"]), everyRun("b", "stage", ["echo"]), everyRun("c", "instruction", ["ap", "hi"]), everyRun("d", "file", undefined)]);
    const found = lintText("FROM x\nRUN apt\nRUN echo hi\nRUN true\n", { registry }).findings.map((finding) => `${finding.ruleId}${String(finding.range.start.line)}`);
    expect(found.sort()).toEqual(["a2", "b3", "c2", "c3", "d2", "d3", "d4"]);
  });

  test("an instruction-scoped rule's facts are not asked for a RUN it is not called on; cached lints agree", () => {
    const asked: string[] = [];
    const rule = everyRun("r", "instruction", ["apt"], () => {
      asked.push("x");
      return "";
    });
    const cache = new LintCache();
    expect(lines(rule, "FROM x\nRUN echo\nRUN apt\n", cache)).toEqual([3]);
    expect(asked).toHaveLength(1);
    expect(lines(rule, "FROM x\nRUN echo\nRUN apt\nRUN apt-get\n", cache)).toEqual([3, 4]);
  });

  test("a string that cannot be looked for is refused", () => {
    for (const bad of ["", 'a"b', "a\\b"]) {
      expect(() => lintText("FROM x\nRUN a\n", { registry: new RuleRegistry([everyRun("r", "file", [bad])]) })).toThrow(/cannot be looked for/);
    }
  });
});

describe("RunMentions", () => {
  /** For one rule per string, each mentioning that string: which of them a RUN's text holds (their ids, which are the strings). */
  const heldBy = (strings: string[]) => {
    const rules = strings.map((string) => everyRun(string, "file", [string]));
    const mentions = new RunMentions(rules);
    return (text: string) => {
      const [, run] = parse(`FROM x\n${text}\n`).ast.instructions;
      if (!run) throw new Error(`no instruction in ${text}`);
      return rules.filter((rule) => mentions.holds(rule, run)).map((rule) => rule.meta.id);
    };
  };

  test("a string is found wherever it lies, not by its first character alone: ASCII, U+0080 (the first past it) or further, two strings starting alike each", () => {
    const held = heldBy(["apt", "ab", "\u0080a", "\u0080b", "éa", "éb"]);
    // A string's first character in the text, but not the string, is not enough.
    expect(held("RUN echo a \u0080 é")).toEqual([]);
    expect(held("RUN echo apt \u0080a éa")).toEqual(["apt", "\u0080a", "éa"]);
    expect(held("RUN echo ab \u0080b éb")).toEqual(["ab", "\u0080b", "éb"]);
    expect(held("RUN echo \u0080b éa")).toEqual(["\u0080b", "éa"]);
  });

  test("a one-character string is found wherever its character lies, at the text's end too; a string whose first two characters lie somewhere without the rest is not", () => {
    const held = heldBy(["=", "é", "apt"]);
    expect(held("RUN a=b é")).toEqual(["=", "é"]);
    expect(held("RUN echo x=")).toEqual(["="]);
    expect(held("RUN echo é")).toEqual(["é"]);
    expect(held("RUN echo apx ap")).toEqual([]);
    expect(held("RUN echo apx apt")).toEqual(["apt"]);
  });

  test("a string looked for for one rule answers every rule that names it, and only for that instruction", () => {
    const first = everyRun("first", "file", ["ab", "cd"]);
    const second = everyRun("second", "file", ["cd"]);
    const mentions = new RunMentions([first, second]);
    const held = (text: string) => {
      const [, run] = parse(`FROM x\n${text}\n`).ast.instructions;
      if (!run) throw new Error(`no instruction in ${text}`);
      return [first, second].filter((rule) => mentions.holds(rule, run)).map((rule) => rule.meta.id);
    };
    // The first rule passes on "ab" without looking for "cd": the second still looks for it.
    expect(held("RUN ab cd")).toEqual(["first", "second"]);
    expect(held("RUN ab")).toEqual(["first"]);
    expect(held("RUN cd")).toEqual(["first", "second"]);
    expect(held("RUN ef")).toEqual([]);
    // In any piece: a heredoc's body, an exec form's element.
    expect(held("RUN <<EOF\nab\nEOF")).toEqual(["first"]);
    expect(held('RUN ["x", "cd"]')).toEqual(["first", "second"]);
  });
});
