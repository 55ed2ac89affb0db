/**
 * The engine's own behaviour with rules made up for each case: messages, levels and their
 * precedence, the core findings (parse errors, empty continuation lines, directive problems),
 * what a rule may report, crashes, the order of findings, a byte-order mark, and fix passes.
 */
import { analyze, parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { defaultConfig, type LintConfig } from "./config.js";
import { fixText, interpolate, levelFor, lintText } from "./engine.js";
import { LintCache } from "./lint-cache.js";
import { RuleRegistry } from "./registry.js";
import { defineRule } from "./rule.js";
import type { AnyRule, Finding, ReportDescriptor, RuleMeta } from "./types.js";

type Reporter = (report: (descriptor: ReportDescriptor<string>) => void, node: { range: Finding["range"] }) => void;

/** A rule reporting what `onRun` says at each RUN (its keyword, unless told otherwise). */
function runRule(id: string, onRun: Reporter, meta: Partial<RuleMeta> = {}): AnyRule {
  return defineRule({
    meta: { id, severity: "warning", type: "problem", docs: { description: id }, messages: { m: "message {{x}}", s: "suggest {{x}}" }, ...meta },
    create: (context) => ({
      Run: (node) => {
        onRun((descriptor) => {
          context.report(descriptor);
        }, node.keyword);
      },
    }),
  });
}

const simple = (id: string, meta: Partial<RuleMeta> = {}) => runRule(id, (report, node) => { report({ messageId: "m", node }); }, meta);

function config(change: (config: LintConfig) => void = () => undefined): LintConfig {
  const made = defaultConfig();
  change(made);
  return made;
}

const summary = (findings: readonly Finding[]) => findings.map((finding) => `${finding.ruleId}:${finding.severity}@${String(finding.range.start.line)}:${String(finding.range.start.column)}`);

describe("messages", () => {
  test("placeholders take the data, spaces inside the braces allowed; a key the data lacks stays as written", () => {
    expect(interpolate("a {{x}} b {{ y }} c {{z}}", { x: 1, y: "two" })).toBe("a 1 b two c {{z}}");
    expect(interpolate("{{x}}{{x}}", { x: "-" })).toBe("--");
    expect(interpolate("no placeholders", { x: 1 })).toBe("no placeholders");
    expect(interpolate("{{x}} left", undefined)).toBe("{{x}} left");
    expect(interpolate("{{ not-a-key }}", { "not-a-key": 1 })).toBe("{{ not-a-key }}");
    // Only the data's own keys: not what every object inherits.
    expect(interpolate("{{toString}} {{constructor}}", {})).toBe("{{toString}} {{constructor}}");
  });
});

describe("levels", () => {
  test("a rule's configured level, else its preset's", () => {
    const rule = simple("test-rule");
    expect(levelFor(rule, config())).toBe("warning");
    expect(levelFor(rule, config((c) => c.levels.set("test-rule", "error")))).toBe("error");
    expect(levelFor(simple("opt-in", { recommended: false }), config())).toBe("off");
  });

  test("a finding's severity: its code's level, then the rule's configured level, then the finding's own, then the preset's", () => {
    const coded = runRule("test-coded", (report, node) => {
      report({ messageId: "m", node, code: "SC1000", severity: "style" });
      report({ messageId: "m", node, code: "SC2000", severity: "style" });
      report({ messageId: "m", node });
    });
    const registry = new RuleRegistry([coded]);
    const text = "FROM a\nRUN x\n";
    const severities = (c: LintConfig) => lintText(text, { registry, config: c }).findings.map((finding) => `${finding.code ?? "-"}:${finding.severity}`);
    expect(severities(config())).toEqual(["SC1000:style", "SC2000:style", "-:warning"]);
    expect(severities(config((c) => c.levels.set("test-coded", "error")))).toEqual(["SC1000:error", "SC2000:error", "-:error"]);
    expect(severities(config((c) => {
      c.levels.set("test-coded", "error");
      c.codeLevels.set("SC1000", "info");
      c.codeLevels.set("SC2000", "off");
    }))).toEqual(["SC1000:info", "-:error"]);
    // A finding with a code is named by its code alone.
    expect(lintText(text, { registry }).findings.map((finding) => finding.aliases)).toEqual([["SC1000"], ["SC2000"], []]);
  });

  test("a rule configured off, or left out by `only`, does not run; the core findings always do", () => {
    let runs = 0;
    const counted = runRule("test-counted", (report, node) => {
      runs++;
      report({ messageId: "m", node });
    });
    const registry = new RuleRegistry([counted, simple("test-other")]);
    const text = "FROM a\nRUN --bogus=1 x\n";
    expect(summary(lintText(text, { registry, config: config((c) => c.levels.set("test-counted", "off")) }).findings)).toEqual(["test-other:warning@2:1", "parse-error:error@2:5"]);
    expect(runs).toBe(0);
    expect(summary(lintText(text, { registry, only: ["test-counted"] }).findings)).toEqual(["test-counted:warning@2:1", "parse-error:error@2:5"]);
    expect(runs).toBe(1);
    expect(summary(lintText(text, { registry, only: [] }).findings)).toEqual(["parse-error:error@2:5"]);
  });

  test("an unavailable rule is listed with its reason and does not run", () => {
    const registry = new RuleRegistry([simple("test-missing", { unavailable: () => "needs a tool" }), simple("test-present", { unavailable: () => null })]);
    const result = lintText("FROM a\nRUN x\n", { registry });
    expect(result.unavailableRules).toEqual([{ id: "test-missing", reason: "needs a tool" }]);
    expect(summary(result.findings)).toEqual(["test-present:warning@2:1"]);
    expect(lintText("FROM a\nRUN x\n", { registry: new RuleRegistry([simple("test-present")]) })).not.toHaveProperty("unavailableRules");
    // Off: not asked at all.
    expect(lintText("FROM a\n", { registry, config: config((c) => c.levels.set("test-missing", "off")) })).not.toHaveProperty("unavailableRules");
  });

  test("an experimental BuildKit check runs only where `# check=experimental=` turns it on, unless configured off", () => {
    const experimental = simple("test-experimental", { aliases: ["InvalidDefinitionDescription"], recommended: false });
    const registry = new RuleRegistry([experimental]);
    expect(lintText("FROM a\nRUN x\n", { registry }).findings).toEqual([]);
    expect(summary(lintText("# check=experimental=InvalidDefinitionDescription\nFROM a\nRUN x\n", { registry }).findings)).toEqual(["test-experimental:warning@3:1"]);
    expect(lintText("# check=experimental=InvalidDefinitionDescription\nFROM a\nRUN x\n", { registry, config: config((c) => c.levels.set("test-experimental", "off")) }).findings).toEqual([]);
    expect(summary(lintText("# check=experimental=all\nFROM a\nRUN x\n", { registry }).findings)).toEqual(["test-experimental:warning@3:1"]);
  });

  test("`# check=experimental=` turns on only a check that is off: one its preset runs keeps the preset's level, one configured off is not even created", () => {
    let created = 0;
    const experimental = defineRule({
      meta: { id: "test-experimental", severity: "warning", hadolint: "info", recommended: false, aliases: ["InvalidDefinitionDescription"], type: "problem", docs: { description: "x" }, messages: { m: "m" } },
      create: (context) => {
        created++;
        return { Run: (node) => { context.report({ messageId: "m", node }); } };
      },
    });
    const registry = new RuleRegistry([experimental]);
    const text = "# check=experimental=all\nFROM a\nRUN x\n";
    // Off in the default preset: on at the rule's severity.
    expect(summary(lintText(text, { registry }).findings)).toEqual(["test-experimental:warning@3:1"]);
    // On in the hadolint preset, at info: the directive changes nothing.
    expect(summary(lintText(text, { registry, config: config((c) => (c.preset = "hadolint")) }).findings)).toEqual(["test-experimental:info@3:1"]);
    created = 0;
    expect(lintText(text, { registry, config: config((c) => c.levels.set("test-experimental", "off")) }).findings).toEqual([]);
    expect(created).toBe(0);
  });

  test("an experimental check turned on by an instruction's `# check=` comment reports only at that instruction", () => {
    const registry = new RuleRegistry([simple("test-experimental", { aliases: ["InvalidDefinitionDescription"], recommended: false })]);
    expect(summary(lintText("FROM a\nRUN x\n# check=experimental=InvalidDefinitionDescription\nRUN y\nRUN z\n", { registry }).findings)).toEqual(["test-experimental:warning@4:1"]);
  });

  test("`# check=error=true` makes every finding of a BuildKit check an error", () => {
    const registry = new RuleRegistry([simple("test-check", { aliases: ["JSONArgsRecommended"] }), simple("test-plain")]);
    expect(summary(lintText("# check=error=true\nFROM a\nRUN x\n", { registry }).findings)).toEqual(["test-check:error@3:1", "test-plain:warning@3:1"]);
  });
});

describe("core findings", () => {
  test("a parse error is an error finding at its range, parseFailed is set, and no inline ignore hides it", () => {
    const registry = new RuleRegistry([]);
    const result = lintText("FROM a\n# hadolint ignore=DL1000\nRUN --bogus=1 x\n", { registry });
    expect(result.findings.map((finding) => [finding.ruleId, finding.aliases, finding.messageId, finding.range.start.line])).toEqual([["parse-error", ["DL1000"], "parseError", 3]]);
    expect(result.parseFailed).toBe(true);
    expect(lintText("FROM a\n", { registry }).parseFailed).toBe(false);
    expect(lintText("FROM a\nRUN --bogus=1 x\n", { registry, config: config((c) => c.levels.set("parse-error", "off")) }).findings).toEqual([]);
  });

  test("a keyword BuildKit finds under Go's strings.ToLower is no parse error (the Kelvin sign is `k`, U+0130 `i`)", () => {
    const registry = new RuleRegistry([]);
    expect(lintText('FROM scratch\nWOR\u212ADIR /x\nENTRYPO\u0130NT ["a"]\nONBU\u0130LD WOR\u212ADIR /y\n', { registry }).findings).toEqual([]);
    expect(summary(lintText("FROM scratch\nEXPO\u017fE 80\n", { registry }).findings)).toEqual(["parse-error:error@2:1"]);
  });

  test("an empty continuation line: reported on the instruction's last command line, naming the empty lines and the keyword", () => {
    const registry = new RuleRegistry([]);
    const text = "FROM a\nRUN a \\\n\n  b \\\n\n  c\n";
    const [finding, ...rest] = lintText(text, { registry }).findings;
    expect(rest).toEqual([]);
    expect(finding?.ruleId).toBe("no-empty-continuation");
    expect(finding?.messageId).toBe("empty");
    expect(finding?.message).toBe("Empty continuation line (line 3, 5) inside this RUN: BuildKit skips it today and warns that empty continuation lines will become errors. Remove it, or end the instruction before it.");
    // Line 6, from `c` (after the indentation) to its end.
    expect([finding?.range.start.line, finding?.range.start.column, finding?.range.end.line, finding?.range.end.column]).toEqual([6, 3, 6, 4]);
    // A heredoc's body is not part of the command line.
    const heredoc = lintText("FROM a\nRUN cat \\\n\n  <<EOF\nbody\nEOF\n", { registry }).findings[0];
    expect([heredoc?.range.start.line, heredoc?.range.start.column, heredoc?.range.end.column]).toEqual([4, 3, 8]);
    // Only the file's `# check=skip=` skips it, not an ignore comment nor the instruction's own `# check=` comment.
    expect(lintText(`# dfbuild-ignore no-empty-continuation\n${text}`, { registry }).findings).toHaveLength(1);
    expect(lintText("FROM a\n# check=skip=NoEmptyContinuation\nRUN a \\\n\n  b\n", { registry }).findings.map((each) => each.ruleId)).toEqual(["no-empty-continuation"]);
    // A warning of the parser's is no parse failure.
    expect(lintText(text, { registry }).parseFailed).toBe(false);
    expect(lintText(`# check=skip=NoEmptyContinuation\n${text}`, { registry }).findings).toEqual([]);
  });

  test("an empty continuation line in an instruction that ends without a command line after it: reported on its last command line", () => {
    const registry = new RuleRegistry([]);
    const place = (text: string) => lintText(text, { registry }).findings.map((finding) => [finding.ruleId, finding.range.start.line, finding.range.start.column, finding.range.end.line, finding.range.end.column]);
    // The file ends in the empty line: the continuation and the empty line itself are not command lines.
    expect(place("FROM a\nRUN a \\\n\n")).toEqual([["no-empty-continuation", 2, 1, 2, 7]]);
    // A line of blanks ending in a continuation is not one either.
    expect(place("FROM a\nRUN a \\\n\n  b\\\n   \\\n")).toEqual([["no-empty-continuation", 4, 3, 4, 4]]);
    // Nothing but the keyword: reported on it.
    expect(place("FROM a\nRUN \\\n\n  \\\n")).toEqual([["no-empty-continuation", 2, 1, 2, 4]]);
  });

  test("directive problems are findings of invalid-directive", () => {
    const result = lintText("# check=skip=NoSuchCheck\nFROM a\n", { registry: new RuleRegistry([]) });
    expect(result.findings.map((finding) => [finding.ruleId, finding.messageId, finding.range.start.line])).toEqual([["invalid-directive", "problem", 1]]);
  });
});

describe("what a rule reports", () => {
  const lint = (rule: AnyRule, text = "FROM a\nRUN x\n") => lintText(text, { registry: new RuleRegistry([rule]) }).findings;

  test("message, messageId, range (of the node, or one given), code, fix and suggestions", () => {
    const [finding, second] = lint(
      runRule(
        "test-full",
        (report, node) => {
          report({ messageId: "m", node, data: { x: "X" }, fix: (fixer) => [fixer.replaceText(node, "run"), fixer.insertTextAt(0, "# a\n")], suggest: [{ messageId: "s", data: { x: "Y" }, fix: (fixer) => fixer.remove(node) }, { messageId: "s", fix: () => null }] });
          report({ messageId: "m", range: { start: node.range.end, end: node.range.end }, fix: () => null, suggest: [] });
        },
        { fixable: true, hasSuggestions: true },
      ),
    );
    expect(finding).toEqual({
      ruleId: "test-full",
      aliases: [],
      severity: "warning",
      message: "message X",
      messageId: "m",
      range: expect.objectContaining({ start: expect.objectContaining({ offset: 7 }) as unknown, end: expect.objectContaining({ offset: 10 }) as unknown }) as unknown,
      fix: [{ range: [0, 0], text: "# a\n" }, { range: [7, 10], text: "run" }],
      suggestions: [{ message: "suggest Y", fix: [{ range: [7, 10], text: "" }] }],
    });
    expect(second).toMatchObject({ message: "message {{x}}", range: { start: { offset: 10 }, end: { offset: 10 } } });
    expect(second).not.toHaveProperty("fix");
    expect(second).not.toHaveProperty("suggestions");
    expect(second).not.toHaveProperty("code");
  });

  test("a rule's mistakes crash it (reported once, as an error at the file's start): unknown message, no range, an undeclared fix or suggestion", () => {
    const mistakes: [Reporter, string, Partial<RuleMeta>][] = [
      [(report, node) => { report({ messageId: "nope", node }); }, 'rule test-bad reported unknown messageId "nope"', {}],
      [(report) => { report({ messageId: "m" }); }, "rule test-bad reported without a node or range", {}],
      [(report, node) => { report({ messageId: "m", node, fix: (fixer) => fixer.remove(node) }); }, "rule test-bad reported a fix but meta.fixable is not set", {}],
      [(report, node) => { report({ messageId: "m", node, suggest: [{ messageId: "s", fix: (fixer) => fixer.remove(node) }] }); }, "rule test-bad reported suggestions but meta.hasSuggestions is not set", {}],
      [(report, node) => { report({ messageId: "m", node, suggest: [{ messageId: "nope", fix: (fixer) => fixer.remove(node) }] }); }, 'rule test-bad suggested unknown messageId "nope"', { hasSuggestions: true }],
    ];
    for (const [reporter, message, meta] of mistakes) {
      const findings = lint(runRule("test-bad", reporter, { aliases: ["TB1"], ...meta }), "FROM a\nRUN x\nRUN y\n");
      expect(findings, message).toEqual([
        { ruleId: "test-bad", aliases: ["TB1"], severity: "error", message: `Rule test-bad crashed on this file: ${message}. Please report this with the Dockerfile.`, range: expect.objectContaining({ start: expect.objectContaining({ offset: 0, line: 1, column: 1 }) as unknown, end: expect.objectContaining({ offset: 0 }) as unknown }) as unknown },
      ]);
    }
  });

  test("a rule that throws while being created, or throws something not an Error, is reported and the others run", () => {
    const broken = defineRule({
      meta: { id: "test-broken", severity: "info", type: "problem", docs: { description: "x" }, messages: {} },
      create: () => {
        throw new Error("cannot start");
      },
    });
    const odd = defineRule({
      meta: { id: "test-odd", severity: "info", type: "problem", docs: { description: "x" }, messages: {} },
      create: () => ({
        Run: () => {
          // eslint-disable-next-line @typescript-eslint/only-throw-error -- a rule throwing a non-Error is the case under test
          throw "a string";
        },
      }),
    });
    const findings = lintText("FROM a\nRUN x\n", { registry: new RuleRegistry([broken, odd, simple("test-fine")]) }).findings;
    expect(findings.map((finding) => [finding.ruleId, finding.message])).toEqual([
      ["test-broken", "Rule test-broken crashed on this file: cannot start. Please report this with the Dockerfile."],
      ["test-odd", "Rule test-odd crashed on this file: a string. Please report this with the Dockerfile."],
      ["test-fine", "message {{x}}"],
    ]);
    expect(findings.map((finding) => finding.aliases)).toEqual([[], [], []]);
  });

  test("findings come sorted by start, then end, then rule id", () => {
    const at = (id: string, from: number, to: number) => runRule(id, (report, node) => { report({ messageId: "m", range: { start: { ...node.range.start, offset: from }, end: { ...node.range.end, offset: to } } }); });
    const registry = new RuleRegistry([at("test-c", 7, 9), at("test-b", 7, 9), at("test-a", 7, 10), at("test-d", 2, 12), at("test-e", 7, 8)]);
    expect(lintText("FROM a\nRUN x\n", { registry }).findings.map((finding) => finding.ruleId)).toEqual(["test-d", "test-e", "test-b", "test-c", "test-a"]);
  });

  test("findings out of order by rule id alone are sorted; those equal in start, end and rule id keep the order they were reported in", () => {
    const at = (id: string, from: number, to: number, messages = [""]) => runRule(id, (report, node) => {
      for (const x of messages) report({ messageId: "m", data: { x }, range: { start: { ...node.range.start, offset: from }, end: { ...node.range.end, offset: to } } });
    });
    const found = (...rules: AnyRule[]) => lintText("FROM a\nRUN x\n", { registry: new RuleRegistry(rules) }).findings.map((finding) => `${finding.ruleId}${finding.message}`);
    expect(found(at("test-c", 7, 9), at("test-b", 7, 9))).toEqual(["test-bmessage ", "test-cmessage "]);
    expect(found(at("test-twice", 7, 9, ["1", "2", "3"]), at("test-d", 2, 12))).toEqual(["test-dmessage ", "test-twicemessage 1", "test-twicemessage 2", "test-twicemessage 3"]);
  });

  test("an inline ignore hides a rule's finding on the next instruction", () => {
    const registry = new RuleRegistry([simple("test-rule", { aliases: ["DL9999"] })]);
    expect(summary(lintText("FROM a\n# hadolint ignore=DL9999\nRUN x\nRUN y\n", { registry }).findings)).toEqual(["test-rule:warning@4:1"]);
    expect(summary(lintText("FROM a\n# hadolint ignore=DL9999\nRUN x\n", { registry, config: config((c) => (c.inlineIgnores = false)) }).findings)).toEqual(["test-rule:warning@3:1"]);
  });
});

describe("instruction-scoped rules", () => {
  test("findings land at their instruction's offsets, with their code, fix, suggestions and severity, and ONBUILD triggers for onbuild rules", () => {
    const scoped = defineRule({
      meta: { id: "test-scoped", severity: "warning", type: "problem", scope: "instruction", onbuild: true, fixable: true, hasSuggestions: true, docs: { description: "x" }, messages: { m: "at {{type}}", s: "s" } },
      create: (context) => ({
        Run: (node, info) => {
          context.report({
            messageId: "m",
            node: node.keyword,
            data: { type: info.onbuild ? "trigger" : "run" },
            code: "X1",
            severity: "info",
            checkedAt: info.onbuild ?? node,
            fix: (fixer) => fixer.replaceText(node.keyword, "run"),
            suggest: [{ messageId: "s", fix: (fixer) => fixer.insertTextAfter(node.keyword, "!") }],
          });
        },
      }),
    });
    const findings = lintText("FROM a\nRUN x\nONBUILD RUN y\n", { registry: new RuleRegistry([scoped]) }).findings;
    expect(findings.map((finding) => ({ message: finding.message, start: finding.range.start.offset, end: finding.range.end.offset, code: finding.code, severity: finding.severity, fix: finding.fix, suggestions: finding.suggestions }))).toEqual([
      { message: "at run", start: 7, end: 10, code: "X1", severity: "info", fix: [{ range: [7, 10], text: "run" }], suggestions: [{ message: "s", fix: [{ range: [10, 10], text: "!" }] }] },
      { message: "at trigger", start: 21, end: 24, code: "X1", severity: "info", fix: [{ range: [21, 24], text: "run" }], suggestions: [{ message: "s", fix: [{ range: [24, 24], text: "!" }] }] },
    ]);
    const notOnbuild = defineRule({ ...scoped, meta: { ...scoped.meta, id: "test-plain-scoped", onbuild: false } });
    expect(lintText("FROM a\nRUN x\nONBUILD RUN y\n", { registry: new RuleRegistry([notOnbuild]) }).findings.map((finding) => finding.message)).toEqual(["at run"]);
  });

  test("an inline ignore applies to an instruction-scoped rule's finding at its instruction", () => {
    const scoped = simple("test-scoped-ignored", { scope: "instruction", aliases: ["DL9998"] });
    const registry = new RuleRegistry([scoped]);
    expect(summary(lintText("FROM a\n# hadolint ignore=DL9998\nRUN x\nRUN y\n", { registry }).findings)).toEqual(["test-scoped-ignored:warning@4:1"]);
  });

  test("an instruction's `# check=skip=` skips an instruction-scoped check evaluated there, not one BuildKit runs over the whole file; the findings are kept", () => {
    const checked = (id: string, checkedAt: "default" | "node" | "null") =>
      runRule(id, (report, node) => { report({ messageId: "m", node, ...(checkedAt === "default" ? {} : { checkedAt: null }) }); }, { scope: "instruction", aliases: ["JSONArgsRecommended"] });
    const text = "FROM a\n# check=skip=JSONArgsRecommended\nRUN x\nRUN y\n";
    expect(summary(lintText(text, { registry: new RuleRegistry([checked("test-default", "default")]) }).findings)).toEqual(["test-default:warning@4:1"]);
    expect(summary(lintText(text, { registry: new RuleRegistry([checked("test-whole-file", "null")]) }).findings)).toEqual(["test-whole-file:warning@3:1", "test-whole-file:warning@4:1"]);
    // Findings checked over the whole file are kept for the next lint too.
    const overFile = new RuleRegistry([checked("test-whole-file", "null")]);
    const kept = new LintCache();
    const fixed = config();
    lintText(text, { registry: overFile, config: fixed, cache: kept });
    expect(summary(lintText(text, { registry: overFile, config: fixed, cache: kept }).findings)).toEqual(["test-whole-file:warning@3:1", "test-whole-file:warning@4:1"]);
    expect(kept.stats).toEqual({ reused: 3, checked: 0 });
    // Reported at the instruction being checked: the findings are kept for the next lint.
    const atNode = defineRule({
      meta: { id: "test-at-node", severity: "warning", type: "problem", scope: "instruction", aliases: ["JSONArgsRecommended"], docs: { description: "x" }, messages: { m: "m" } },
      create: (context) => ({ Run: (node) => { context.report({ messageId: "m", node, checkedAt: node }); } }),
    });
    const cache = new LintCache();
    const registry = new RuleRegistry([atNode]);
    const same = config();
    lintText(text, { registry, config: same, cache });
    expect(summary(lintText(text, { registry, config: same, cache }).findings)).toEqual(["test-at-node:warning@4:1"]);
    expect(cache.stats).toEqual({ reused: 3, checked: 0 });
    // So are those an ONBUILD's check reports at its trigger.
    const atTrigger = defineRule({
      meta: { id: "test-at-trigger", severity: "warning", type: "problem", scope: "instruction", docs: { description: "x" }, messages: { m: "m" } },
      create: (context) => ({ Onbuild: (node) => { context.report({ messageId: "m", node, checkedAt: node.trigger }); } }),
    });
    const triggers = new RuleRegistry([atTrigger]);
    lintText("FROM a\nONBUILD RUN x\n", { registry: triggers, config: same, cache });
    expect(summary(lintText("FROM a\nONBUILD RUN x\n", { registry: triggers, config: same, cache }).findings)).toEqual(["test-at-trigger:warning@2:1"]);
    expect(cache.stats).toEqual({ reused: 2, checked: 0 });
  });

  test("a crash of an instruction-scoped rule is reported once however many instructions it crashes on", () => {
    const crashing = defineRule({
      meta: { id: "test-crashing", severity: "warning", type: "problem", scope: "instruction", docs: { description: "x" }, messages: {} },
      create: () => ({
        Run: () => {
          throw new Error("boom");
        },
      }),
    });
    const findings = lintText("FROM a\nRUN x\nRUN y\n", { registry: new RuleRegistry([crashing]) }).findings;
    expect(findings.map((finding) => finding.message)).toEqual(["Rule test-crashing crashed on this file: boom. Please report this with the Dockerfile."]);
    // The first crash's message, not a later one's.
    const counting = defineRule({
      ...crashing,
      create: () => ({
        Run: (node) => {
          throw new Error(`boom at line ${String(node.range.start.line)}`);
        },
      }),
    });
    expect(lintText("FROM a\nRUN x\nRUN y\n", { registry: new RuleRegistry([counting]) }).findings.map((finding) => finding.message)).toEqual(["Rule test-crashing crashed on this file: boom at line 2. Please report this with the Dockerfile."]);
  });
});

describe("a byte-order mark", () => {
  test("is not part of the text linted: positions and fixes count from after it; fixText keeps it", () => {
    const fixable = runRule("test-lower", (report, node) => { report({ messageId: "m", node, fix: (fixer) => fixer.replaceText(node, "run") }); }, { fixable: true });
    const registry = new RuleRegistry([fixable]);
    const result = lintText("\uFEFFFROM a\nRUN x\n", { registry });
    expect(result.source).toBe("FROM a\nRUN x\n");
    expect(result.findings[0]?.range.start.offset).toBe(7);
    expect(result.findings[0]?.fix).toEqual([{ range: [7, 10], text: "run" }]);
    const fixed = fixText("\uFEFFFROM a\nRUN x\n", { registry });
    expect(fixed.output).toBe("\uFEFFFROM a\nrun x\n");
    expect(fixed.fixed).toBe(true);
  });
});

describe("fixText", () => {
  test("nothing to fix: the text as it was, not fixed, with the findings", () => {
    const registry = new RuleRegistry([simple("test-plain")]);
    const result = fixText("FROM a\nRUN x\n", { registry, filePath: "D" });
    expect(result).toMatchObject({ output: "FROM a\nRUN x\n", fixed: false, filePath: "D", parseFailed: false });
    expect(result.findings).toHaveLength(1);
  });

  test("a fix that changes nothing stops the passes", () => {
    let runs = 0;
    const idle = runRule(
      "test-idle",
      (report, node) => {
        runs++;
        report({ messageId: "m", node, fix: (fixer) => fixer.replaceText(node, "RUN") });
      },
      { fixable: true },
    );
    const result = fixText("FROM a\nRUN x\n", { registry: new RuleRegistry([idle]) });
    expect(result.fixed).toBe(false);
    expect(runs).toBe(1);
  });

  test("the rules see the .dockerignore and the semantic model the caller gave", () => {
    const text = "FROM a\nRUN x\n";
    const parsed = parse(text);
    const semantic = analyze(parsed.ast);
    const seen: unknown[] = [];
    const reader = defineRule({
      meta: { id: "test-reader", severity: "warning", type: "problem", docs: { description: "x" }, messages: {} },
      create: (context) => ({
        Dockerfile: () => {
          seen.push(context.file.dockerignore?.matchesOrParentMatches("a.md"), context.file.semantic === semantic);
        },
      }),
    });
    lintText(text, { registry: new RuleRegistry([reader]), parsed, semantic, dockerignore: "*.md\n" });
    expect(seen).toEqual([true, true]);
  });

  test("lintText's file path defaults to <text>", () => {
    expect(lintText("FROM a\n", { registry: new RuleRegistry([]) }).filePath).toBe("<text>");
  });
});
