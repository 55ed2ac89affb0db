import { parse, reparse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { defaultConfig } from "./config.js";
import { lintText } from "./engine.js";
import { LintCache } from "./lint-cache.js";
import { RuleRegistry } from "./registry.js";
import { defineRule } from "./rule.js";
import type { Instruction } from "@dfbuild/parser";
import type { LintFile } from "./file.js";
import type { AnyRule, VisitInfo } from "./types.js";

/** An instruction-scoped rule: every RUN that mentions sudo, with a fix that drops the word. */
const noSudo = defineRule({
  meta: {
    id: "test-sudo",
    scope: "instruction",
    severity: "warning",
    type: "problem",
    fixable: true,
    docs: { description: "No sudo" },
    messages: { sudo: "sudo in {{keyword}}" },
  },
  create(context) {
    return {
      Run(node) {
        const at = context.file.text.indexOf("sudo ", node.range.start.offset);
        if (at < 0 || at >= node.range.end.offset) return;
        context.report({ range: context.file.lines.range(at, at + 4), messageId: "sudo", data: { keyword: node.keyword.name }, fix: (fixer) => fixer.replaceTextRange([at, at + 5], "") });
      },
    };
  },
});

/** Counts the RUNs it is created for: instruction-scoped rules are created once per instruction they visit. */
let created = 0;
const counting = defineRule({
  meta: { id: "test-counting", scope: "instruction", severity: "info", type: "suggestion", docs: { description: "Counts" }, messages: { seen: "RUN number {{n}}" } },
  create(context) {
    created++;
    let seen = 0;
    return {
      Run(node) {
        seen++;
        context.report({ node: node.keyword, messageId: "seen", data: { n: seen } });
      },
    };
  },
});

const readsStages = defineRule({
  meta: { id: "test-reads-stages", scope: "instruction", severity: "warning", type: "problem", docs: { description: "Wrong scope" }, messages: { stages: "{{n}} stages" } },
  create(context) {
    return {
      Run(node) {
        context.report({ node, messageId: "stages", data: { n: context.file.stages.length } });
      },
    };
  },
});

const visitsFile = defineRule({
  meta: { id: "test-visits-file", scope: "instruction", severity: "warning", type: "problem", docs: { description: "Wrong scope" }, messages: { file: "file" } },
  create(context) {
    return {
      "Dockerfile:exit"(node) {
        context.report({ node, messageId: "file" });
      },
    };
  },
});

/** How many times `lastStageFacts` was asked, and what the visitor was told. */
let factsAsked = 0;
const told: (string | undefined)[] = [];

/** `meta.facts` of the two rules below: whether the instruction is in the file's last stage. */
function lastStageFacts(instruction: Instruction, _info: VisitInfo, file: LintFile): string {
  factsAsked++;
  return file.stageOf(instruction) === file.stages.at(-1) ? "last" : "";
}

/** An instruction-scoped rule with whole-file facts: `RUN sudo` is reported in the last stage only. */
const sudoInLastStage = defineRule({
  meta: { id: "test-sudo-last", scope: "instruction", facts: lastStageFacts, severity: "warning", type: "problem", docs: { description: "No sudo in the image" }, messages: { sudo: "sudo in the image" } },
  create(context) {
    return {
      Run(node, info) {
        told.push(info.facts);
        const at = context.file.text.indexOf("sudo ", node.range.start.offset);
        if (info.facts === "last" && at >= 0 && at < node.range.end.offset) context.report({ range: context.file.lines.range(at, at + 4), messageId: "sudo" });
      },
    };
  },
});

/** A second rule with the same facts function, visiting ONBUILD triggers too. */
const sameFacts = defineRule({
  meta: { id: "test-same-facts", scope: "instruction", facts: lastStageFacts, onbuild: true, severity: "info", type: "suggestion", docs: { description: "Echo" }, messages: { facts: "facts {{facts}}" } },
  create(context) {
    return {
      Run(node, info) {
        context.report({ node: node.keyword, messageId: "facts", data: { facts: `${info.facts ?? "none"}${info.onbuild ? " (trigger)" : ""}` } });
      },
    };
  },
});

const throwingFacts = defineRule({
  meta: {
    id: "test-throwing-facts",
    scope: "instruction",
    facts: () => {
      throw new Error("no facts here");
    },
    severity: "warning",
    type: "problem",
    docs: { description: "Throws" },
    messages: { never: "never" },
  },
  create: () => ({ Run: () => undefined }),
});

function lint(rules: AnyRule[], text: string) {
  return lintText(text, { registry: new RuleRegistry(rules), config });
}
const config = defaultConfig();

describe("LintCache", () => {
  const text = "FROM debian\nRUN sudo apt-get update\n# a comment\nRUN echo one\nRUN sudo true\n";

  test("an edit re-checks only the instruction it changed; the findings move with the text", () => {
    const registry = new RuleRegistry([noSudo]);
    const cache = new LintCache();
    lintText(text, { registry, config, cache });
    expect(cache.stats).toEqual({ reused: 0, checked: 4 });
    const edited = `# first\n${text.replace("echo one", "echo two")}`;
    const incremental = lintText(edited, { registry, config, cache });
    // FROM's source now starts with the new comment; the RUN echo changed; the two sudo RUNs moved.
    expect(cache.stats).toEqual({ reused: 2, checked: 2 });
    expect(JSON.stringify(incremental.findings)).toBe(JSON.stringify(lintText(edited, { registry, config }).findings));
    expect(incremental.findings.map((finding) => [finding.range.start.line, finding.range.start.column, finding.fix?.[0]?.range])).toEqual([
      [3, 5, [24, 29]],
      [6, 5, [73, 78]],
    ]);
  });

  test("a comment above an instruction is part of its source", () => {
    const cache = new LintCache();
    const registry = new RuleRegistry([noSudo]);
    lintText(text, { registry, config, cache });
    lintText(text.replace("# a comment", "# another comment"), { registry, config, cache });
    expect(cache.stats).toEqual({ reused: 3, checked: 1 });
  });

  test("a different configuration or rule set starts afresh", () => {
    const cache = new LintCache();
    const registry = new RuleRegistry([noSudo]);
    lintText(text, { registry, config, cache });
    lintText(text, { registry, config: defaultConfig(), cache });
    expect(cache.stats).toEqual({ reused: 0, checked: 4 });
    lintText(text, { registry, config, filePath: "other/Dockerfile", cache });
    expect(cache.stats.reused).toBe(0);
  });

  test("a lint of the same text checks nothing again; without instruction-scoped rules the cache is not asked, nor for stages without stage-scoped ones", () => {
    const cache = new LintCache();
    const registry = new RuleRegistry([counting]);
    lintText(text, { registry, config, cache });
    created = 0;
    lintText(text, { registry, config, cache });
    expect(cache.stats).toEqual({ reused: 4, checked: 0 });
    expect(cache.stageStats).toEqual({ reused: 0, checked: 0 });
    // Only the rule's creation to learn what it visits: no RUN visited again.
    expect(created).toBe(1);
    const wholeFile = defineRule({ ...noSudo, meta: { ...noSudo.meta, id: "test-whole-file", scope: "file" } });
    lintText(text, { registry: new RuleRegistry([wholeFile]), config, cache });
    expect(cache.stats).toEqual({ reused: 0, checked: 0 });
  });

  test("an instruction's source runs to the end of its line: an edit of its last character, or a file without a final line break", () => {
    const lastWord = defineRule({
      meta: { id: "test-last-word", scope: "instruction", severity: "warning", type: "problem", docs: { description: "x" }, messages: { word: "ends in {{word}}" } },
      create: (context) => ({
        Run: (node) => {
          context.report({ node: node.keyword, messageId: "word", data: { word: context.file.text.slice(node.range.end.offset - 1, node.range.end.offset) } });
        },
      }),
    });
    const registry = new RuleRegistry([lastWord]);
    const cache = new LintCache();
    lintText("FROM a\nRUN sudo x\n", { registry, config, cache });
    expect(lintText("FROM a\nRUN sudo y\n", { registry, config, cache }).findings.map((finding) => finding.message)).toEqual(["ends in y"]);
    lintText("FROM a\nRUN sudo y", { registry, config, cache });
    lintText("FROM a\nRUN sudo y", { registry, config, cache });
    expect(cache.stats).toEqual({ reused: 2, checked: 0 });
  });

  test("findings inside the instruction's span are kept; a range or an edit reaching outside it is checked again", () => {
    const reporting = (id: string, at: (node: Instruction) => { range: [number, number]; edit?: [number, number] }) =>
      defineRule({
        meta: { id, scope: "instruction", severity: "warning", type: "problem", fixable: true, docs: { description: "x" }, messages: { m: "m" } },
        create: (context) => ({
          Run: (node) => {
            const { range, edit } = at(node);
            context.report({ range: context.file.lines.range(range[0], range[1]), messageId: "m", ...(edit ? { fix: (fixer) => fixer.replaceTextRange(edit, "") } : {}) });
          },
        }),
      });
    const source = "FROM a\nRUN x\n# end\n";
    const twice = (rule: AnyRule) => {
      const cache = new LintCache();
      const registry = new RuleRegistry([rule]);
      lintText(source, { registry, config, cache });
      lintText(source, { registry, config, cache });
      return cache.stats;
    };
    // From the previous instruction's end (its line break) to the end of the RUN's line, both included.
    expect(twice(reporting("test-span", (node) => ({ range: [node.range.start.offset - 1, node.range.end.offset + 1] })))).toEqual({ reused: 2, checked: 0 });
    expect(twice(reporting("test-from-start", (node) => ({ range: [0, node.range.end.offset] })))).toEqual({ reused: 1, checked: 1 });
    expect(twice(reporting("test-past-end", (node) => ({ range: [node.range.start.offset, node.range.end.offset + 2] })))).toEqual({ reused: 1, checked: 1 });
    expect(twice(reporting("test-edit-outside", (node) => ({ range: [node.range.start.offset, node.range.end.offset], edit: [0, node.range.start.offset] })))).toEqual({ reused: 1, checked: 1 });
  });

  test("a rule that reports outside a visit crashes; one whose own shell filter says no gets no script", () => {
    const early = defineRule({
      meta: { id: "test-early", scope: "instruction", severity: "warning", type: "problem", docs: { description: "x" }, messages: { m: "m" } },
      create: (context) => {
        context.report({ range: context.file.lines.range(0, 0), messageId: "m" });
        return {};
      },
    });
    expect(lint([early], "FROM a\n").findings.map((finding) => finding.message)).toEqual(["Rule test-early crashed on this file: rule test-early reported outside a visit. Please report this with the Dockerfile."]);
    const seen: boolean[] = [];
    const shellRule = (id: string, wants: boolean) =>
      defineRule({
        meta: { id, scope: "instruction", severity: "warning", type: "problem", docs: { description: "x" }, messages: { m: "m" }, shell: () => wants },
        create: (context) => ({
          Run: (node) => {
            seen.push(context.shell(node) !== null);
          },
        }),
      });
    lint([shellRule("test-wants", true), shellRule("test-does-not", false)], "FROM a\nRUN x\n");
    expect(seen).toEqual([true, false]);
  });

  test("an instruction-scoped rule keeps no state from one instruction to the next", () => {
    created = 0;
    const result = lint([counting], "FROM a\nRUN one\nRUN two\nCOPY . .\nONBUILD RUN four\nRUN three\n");
    expect(result.findings.map((finding) => finding.message)).toEqual(["RUN number 1", "RUN number 1", "RUN number 1"]);
    // Once to learn what it visits, then once per RUN (not for FROM, COPY, nor the ONBUILD, whose trigger it does not ask for).
    expect(created).toBe(4);
  });

  test("a rule that reads whole-file facts cannot declare scope instruction", () => {
    const result = lint([readsStages], "FROM a\nRUN one\n");
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.message).toBe(
      'Rule test-reads-stages crashed on this file: rule test-reads-stages declares meta.scope "instruction" but read file.stages, which depends on other instructions; declare scope "file" instead. Please report this with the Dockerfile.',
    );
  });

  test("nor visit the whole file", () => {
    const crashed =
      'Rule test-visits-file crashed on this file: rule test-visits-file declares meta.scope "instruction" but has a "Dockerfile:exit" visitor, which depends on other instructions; declare scope "file" instead. Please report this with the Dockerfile.';
    expect(lint([visitsFile], "FROM a\n").findings.map((finding) => finding.message)).toEqual([crashed]);
    // An ONBUILD is checked against every rule (its trigger may be of any type): the refused rule is passed over there too.
    expect(lint([visitsFile, counting], "FROM a\nONBUILD RUN one\nRUN two\n").findings.map((finding) => finding.message)).toEqual([crashed, "RUN number 1"]);
  });
});

/**
 * A stage-scoped rule: counts the RUNs of each stage (state a rule created once per file would
 * carry over), names the line of the stage's FROM, and reports a RUN whose `$WORD` expands (in the
 * semantic model's scope: global ARGs, the stage's own and those of the stages it builds on) to
 * "sudo", with a fix.
 */
let stagesCreated = 0;
const stageSudo = defineRule({
  meta: { id: "test-stage-sudo", scope: "stage", severity: "warning", type: "problem", fixable: true, docs: { description: "x" }, messages: { run: "RUN {{n}} of the stage from line {{line}}", sudo: "sudo by variable" } },
  create(context) {
    stagesCreated++;
    let runs = 0;
    let fromLine = 0;
    return {
      From(node) {
        fromLine = node.range.start.line;
      },
      Run(node) {
        runs++;
        context.report({ node: node.keyword, messageId: "run", data: { n: runs, line: fromLine } });
        const word = node.command?.type === "ShellForm" ? /\$(\w+)/.exec(node.command.value)?.[1] : undefined;
        if (word !== undefined && context.file.semantic.lookup(word, node)?.value === "sudo") {
          const at = node.keyword.range.end.offset;
          context.report({ node, messageId: "sudo", fix: (fixer) => fixer.replaceTextRange([at, at + 1], "  ") });
        }
      },
    };
  },
});

describe("stage-scoped rules (meta.scope stage)", () => {
  const registry = new RuleRegistry([stageSudo]);
  const source = "ARG TOOL=sudo\nFROM a AS one\nARG TOOL\nRUN $TOOL x\nRUN y\nFROM b AS two\nRUN z\nFROM one\nENV OTHER=sudo\nRUN $OTHER $TOOL\n";
  /** Each version linted with one cache and without: the same findings; what the cache reused. */
  const cachedAsFresh = (rules: AnyRule[], versions: string[]) => {
    const cache = new LintCache();
    const registry = new RuleRegistry(rules);
    return versions.map((version) => {
      const findings = lintText(version, { registry, config, cache }).findings;
      expect(JSON.stringify(findings)).toBe(JSON.stringify(lintText(version, { registry, config }).findings));
      return { ...cache.stageStats, findings: findings.map((finding) => `${finding.severity} ${String(finding.range.start.line)} ${finding.message}`) };
    });
  };

  const incremental = (versions: string[]) => cachedAsFresh([stageSudo], versions).map(({ reused, checked }) => ({ reused, checked }));

  test("the rule is created afresh for each stage, and for the instructions before the first FROM", () => {
    stagesCreated = 0;
    const result = lint([stageSudo], source);
    expect(stagesCreated).toBe(4);
    expect(result.findings.map((finding) => finding.message)).toEqual([
      "RUN 1 of the stage from line 2",
      "sudo by variable",
      "RUN 2 of the stage from line 2",
      "RUN 1 of the stage from line 6",
      "RUN 1 of the stage from line 8",
      "sudo by variable",
    ]);
  });

  test("an edit in one stage checks that stage again; the others' findings are reused where they are now", () => {
    const edited = source.replace("RUN y", "RUN yy");
    expect(incremental([source, edited])).toEqual([
      { reused: 0, checked: 4 },
      // The stage built on the edited one (FROM one) is checked again too: its scope comes from there.
      { reused: 2, checked: 2 },
    ]);
    expect(incremental([source, source.replace("RUN z", "RUN zz")])[1]).toEqual({ reused: 3, checked: 1 });
  });

  test("a global ARG is part of every stage's key; a line added before a stage moves its line numbers, so it is checked again", () => {
    expect(incremental([source, source.replace("TOOL=sudo", "TOOL=doas")])[1]).toEqual({ reused: 0, checked: 4 });
    expect(incremental([source, source.replace("RUN z\n", "RUN z\n\n")])[1]).toEqual({ reused: 3, checked: 1 });
    expect(incremental([source, source.replace("RUN y\n", "RUN y\n\n")])[1]).toEqual({ reused: 2, checked: 2 });
  });

  test("a stage built on another by name follows it when a stage of that name is added or renamed", () => {
    const renamed = source.replace("FROM b AS two", "FROM b AS one");
    expect(incremental([source, renamed])[1]).toEqual({ reused: 2, checked: 2 });
  });

  test("a rule with a visitor for the whole file cannot declare scope stage", () => {
    const wholeFile = defineRule({ ...visitsFile, meta: { ...visitsFile.meta, id: "test-stage-visits-file", scope: "stage" } });
    expect(lint([wholeFile], "FROM a\nFROM b\n").findings.map((finding) => finding.message)).toEqual([
      'Rule test-stage-visits-file crashed on this file: rule test-stage-visits-file declares meta.scope "stage" but has a "Dockerfile:exit" visitor, which depends on other stages; declare scope "file" instead. Please report this with the Dockerfile.',
    ]);
  });

  test("a crash is reported once, from the cache too; findings outside the stage are not kept", () => {
    const crashing = defineRule({
      meta: { id: "test-stage-crash", scope: "stage", severity: "warning", type: "problem", docs: { description: "x" }, messages: { m: "m" } },
      create: (context) => ({
        Run: (node) => {
          if (node.command?.type === "ShellForm" && node.command.value === "boom") throw new Error("boom");
          context.report({ range: context.file.lines.range(0, node.range.end.offset), messageId: "m" });
        },
      }),
    });
    const cache = new LintCache();
    const text = "FROM a\nRUN boom\nRUN ok\nFROM b\nRUN ok\n";
    const registry = new RuleRegistry([crashing]);
    for (let lints = 0; lints < 2; lints++) {
      const result = lintText(text, { registry, config, cache });
      expect(result.findings.map((finding) => finding.message)).toEqual(["Rule test-stage-crash crashed on this file: boom. Please report this with the Dockerfile.", "m"]);
    }
    // The first stage crashed at its first RUN (kept, crash and all); the second reported from the file's start (not kept).
    expect(cache.stageStats).toEqual({ reused: 1, checked: 1 });
  });

  test("a stage whose findings the cache holds is not checked again: its rule is not created", () => {
    const cache = new LintCache();
    lintText(source, { registry, config, cache });
    stagesCreated = 0;
    const again = lintText(source, { registry, config, cache });
    expect(stagesCreated).toBe(0);
    expect(again.findings).toHaveLength(6);
  });

  /**
   * A stage-scoped rule whose findings say where they are checked (`checkedAt`: the RUN, an ONBUILD's
   * trigger, or nowhere: the whole file) and with what severity; it crashes on `RUN boom`, naming the line.
   * Under BuildKit's name JSONArgsRecommended, so `# check=skip=` above an instruction skips the findings
   * checked there.
   */
  const checkedAt = defineRule({
    meta: { id: "test-stage-checked-at", scope: "stage", onbuild: true, aliases: ["JSONArgsRecommended"], severity: "warning", type: "problem", docs: { description: "x" }, messages: { m: "{{command}}" } },
    create: (context) => ({
      Run: (node, info) => {
        const command = node.command?.type === "ShellForm" ? node.command.value : "";
        if (command === "boom") throw new Error(`boom at line ${String(node.range.start.line)}`);
        if (command === "quiet") return;
        // `elsewhere`: checked at the file's first RUN, in another stage; `default`: no checkedAt (its own instruction).
        const first = context.file.ast.instructions.find((each) => each.type === "Run");
        context.report({
          node,
          messageId: "m",
          data: { command },
          ...(command.includes("file") ? { checkedAt: null } : command === "elsewhere" ? { checkedAt: first ?? null } : command === "default" ? {} : { checkedAt: node }),
          ...(command.includes("severe") ? { severity: "error" as const } : {}),
        });
        if (info.onbuild !== null) context.report({ node, messageId: "m", data: { command: `${command} at its ONBUILD` }, checkedAt: info.onbuild });
      },
    }),
  });
  test("a stage's findings come back from the cache checked where they were (an instruction, a trigger, the whole file) and with their severity", () => {
    const skip = "# check=skip=JSONArgsRecommended\n";
    // The checked stage is the second (its instructions' indexes in the file are not those in the stage).
    // Its ONBUILD comes before the RUNs checked at themselves, the last of them its last instruction.
    const text = `FROM x\n${skip}RUN quiet\nFROM a\n${skip}ONBUILD RUN trigger\n${skip}RUN at-node\n${skip}RUN file-wide\n${skip}RUN severe-file\n${skip}RUN default\nRUN severe\nFROM b\nRUN z\n`;
    const expected = ["warning 6 trigger", "warning 10 file-wide", "error 12 severe-file", "error 15 severe", "warning 17 z"];
    const [first, second] = cachedAsFresh([checkedAt], [text, text.replace("RUN z", "RUN zz")]);
    expect(first).toEqual({ reused: 0, checked: 3, findings: expected });
    expect(second).toEqual({ reused: 2, checked: 1, findings: [...expected.slice(0, -1), "warning 17 zz"] });
  });

  test("a stage with a finding checked at another stage's instruction is checked again", () => {
    const text = "FROM x\n# check=skip=JSONArgsRecommended\nRUN quiet\nFROM a\nRUN elsewhere\nFROM b\nRUN z\n";
    const [first, second] = cachedAsFresh([checkedAt], [text, text.replace("RUN z", "RUN zz")]);
    expect(first).toEqual({ reused: 0, checked: 3, findings: ["warning 7 z"] });
    expect(second).toEqual({ reused: 1, checked: 2, findings: ["warning 7 zz"] });
  });

  test("a crash in two stages is reported with the first one's message, from the cache too", () => {
    const text = "FROM a\nRUN boom\nFROM b\nRUN boom\nFROM c\nRUN x\n";
    const crash = "error 1 Rule test-stage-checked-at crashed on this file: boom at line 2. Please report this with the Dockerfile.";
    expect(cachedAsFresh([checkedAt], [text, text.replace("RUN x", "RUN y")]).map((each) => each.findings[0])).toEqual([crash, crash]);
  });

  test("the last stage of a file without a final line break is its text to the end: an edit there checks it again", () => {
    expect(cachedAsFresh([checkedAt], ["FROM a\nRUN x", "FROM a\nRUN y"]).map((each) => each.findings)).toEqual([["warning 2 x"], ["warning 2 y"]]);
    // A stage with no findings is kept whole: its key must hold its text.
    expect(cachedAsFresh([checkedAt], ["FROM a\nRUN quiet", "FROM a\nRUN loud"]).map((each) => each.findings)).toEqual([[], ["warning 2 loud"]]);
  });

  test("an ONBUILD trigger goes only to a rule with meta.onbuild; a rule that crashed is not called again, at a trigger either", () => {
    const runsOf = (onbuild: boolean) =>
      defineRule({
        meta: { id: `test-stage-onbuild-${String(onbuild)}`, scope: "stage", onbuild, severity: "warning", type: "problem", docs: { description: "x" }, messages: { m: "RUN {{command}}" } },
        create: (context) => ({
          Run: (node) => {
            const command = node.command?.type === "ShellForm" ? node.command.value : "";
            if (command === "boom") throw new Error(`boom at line ${String(node.range.start.line)}`);
            context.report({ node, messageId: "m", data: { command } });
          },
        }),
      });
    const messages = (onbuild: boolean, text: string) => lint([runsOf(onbuild)], text).findings.map((finding) => finding.message);
    expect(messages(false, "FROM a\nONBUILD RUN x\nRUN y\n")).toEqual(["RUN y"]);
    expect(messages(true, "FROM a\nONBUILD RUN x\nRUN y\n")).toEqual(["RUN x", "RUN y"]);
    // Crashed at the first trigger: neither the second trigger nor the RUN after it is visited.
    expect(messages(true, "FROM a\nONBUILD RUN boom\nONBUILD RUN x\nRUN y\n")).toEqual([
      "Rule test-stage-onbuild-true crashed on this file: boom at line 2. Please report this with the Dockerfile.",
    ]);
    // Created afresh in the second stage, it crashes again: the first crash's message is the one reported.
    expect(messages(false, "FROM a\nRUN boom\nFROM b\nRUN boom\n")).toEqual([
      "Rule test-stage-onbuild-false crashed on this file: boom at line 2. Please report this with the Dockerfile.",
    ]);
  });
});

describe("instruction-scoped rules with whole-file facts (meta.facts)", () => {
  const text = "FROM debian AS build\nRUN sudo make\nFROM debian\nRUN sudo true\n";

  test("the visitor reads the facts; the findings are re-checked where the facts changed, though the source did not", () => {
    const registry = new RuleRegistry([sudoInLastStage]);
    const cache = new LintCache();
    told.length = 0;
    const first = lintText(text, { registry, config, cache });
    expect(told).toEqual(["", "last"]);
    expect(first.findings.map((finding) => finding.range.start.line)).toEqual([4]);
    // A new last stage: the second FROM's stage is no longer the last; only the RUN whose facts changed is checked again.
    const edited = `${text}FROM alpine\nRUN sudo ls\n`;
    const incremental = lintText(edited, { registry, config, cache });
    expect(cache.stats).toEqual({ reused: 3, checked: 3 });
    expect(incremental.findings.map((finding) => finding.range.start.line)).toEqual([6]);
    expect(JSON.stringify(incremental.findings)).toBe(JSON.stringify(lintText(edited, { registry, config }).findings));
  });

  test("the same source with other facts in one file is kept under each", () => {
    const registry = new RuleRegistry([sudoInLastStage]);
    const cache = new LintCache();
    const same = "FROM debian AS build\nRUN sudo true\nFROM debian\nRUN sudo true\n";
    lintText(same, { registry, config, cache });
    const again = lintText(same, { registry, config, cache });
    expect(cache.stats).toEqual({ reused: 4, checked: 0 });
    expect(again.findings.map((finding) => finding.range.start.line)).toEqual([4]);
  });

  test("a facts function two rules share is asked once per instruction, and for an ONBUILD trigger on its own", () => {
    // With a rule without facts visiting the same instructions after them.
    const registry = new RuleRegistry([sudoInLastStage, sameFacts, noSudo]);
    factsAsked = 0;
    const result = lintText("FROM a AS one\nRUN x\nFROM b\nONBUILD RUN y\n", { registry, config });
    expect(result.findings.map((finding) => finding.message)).toEqual(["facts ", "facts last (trigger)"]);
    // RUN x once; the ONBUILD's trigger once (only the ONBUILD rule visits it).
    expect(factsAsked).toBe(2);
  });

  test("with a rule that has no facts beside one that has, the facts still key the findings", () => {
    const registry = new RuleRegistry([sudoInLastStage, noSudo]);
    const cache = new LintCache();
    lintText(text, { registry, config, cache });
    const edited = `${text}FROM alpine\nRUN sudo ls\n`;
    const incremental = lintText(edited, { registry, config, cache });
    expect(JSON.stringify(incremental.findings)).toBe(JSON.stringify(lintText(edited, { registry, config }).findings));
  });

  test("an ONBUILD's own facts and its trigger's are asked apart; a rule that does not check triggers is not asked for them", () => {
    const byPlace = defineRule({
      meta: {
        id: "test-by-place",
        scope: "instruction",
        onbuild: true,
        facts: (_node, info) => (info.onbuild ? "trigger" : "own"),
        severity: "info",
        type: "suggestion",
        docs: { description: "x" },
        messages: { facts: "{{facts}}" },
      },
      create: (context) => ({
        Onbuild: (node, info) => {
          context.report({ node: node.keyword, messageId: "facts", data: { facts: info.facts ?? "none" } });
        },
        Run: (node, info) => {
          context.report({ node: node.keyword, messageId: "facts", data: { facts: info.facts ?? "none" } });
        },
      }),
    });
    expect(lint([byPlace], "FROM a\nONBUILD RUN y\n").findings.map((finding) => finding.message)).toEqual(["own", "trigger"]);
    factsAsked = 0;
    lintText("FROM a\nONBUILD RUN y\n", { registry: new RuleRegistry([sudoInLastStage]), config, cache: new LintCache() });
    expect(factsAsked).toBe(0);
  });

  test("facts that throw make the rule crash on the instruction, as its visitor would", () => {
    const result = lint([throwingFacts], "FROM a\nRUN one\n");
    expect(result.findings.map((finding) => finding.message)).toEqual(["Rule test-throwing-facts crashed on this file: no facts here. Please report this with the Dockerfile."]);
    // Facts that threw are not facts that came out empty: the crash is not kept for an instruction whose facts now read "".
    const sometimes = defineRule({
      ...throwingFacts,
      meta: {
        ...throwingFacts.meta,
        id: "test-sometimes-throwing",
        facts: (_node, _info, file) => {
          if (file.stages.length > 1) throw new Error("two stages");
          return "";
        },
      },
    });
    const registry = new RuleRegistry([sometimes]);
    const cache = new LintCache();
    expect(lintText("FROM a\nRUN one\nFROM b\n", { registry, config, cache }).findings).toHaveLength(1);
    expect(lintText("FROM a\nRUN one\n", { registry, config, cache }).findings).toEqual([]);
  });
});

describe("LintCache, by itself", () => {
  const found = (tag: string, reusable = true) => ({ findings: [], crashes: [{ rule: noSudo, message: tag }], reusable });
  const tagOf = (entry: ReturnType<LintCache["get"]>) => entry?.crashes[0]?.message;

  test("what a lint used is what the next one reuses; what it did not use is dropped", () => {
    const cache = new LintCache();
    cache.begin(["config"]);
    expect(cache.get("RUN a\n")).toBeUndefined();
    cache.set("RUN a\n", found("a"));
    expect(cache.get("RUN b\n")).toBeUndefined();
    cache.set("RUN b\n", found("b"));
    cache.end();
    expect(cache.stats).toEqual({ reused: 0, checked: 2 });

    cache.begin(["config"]);
    expect(tagOf(cache.get("RUN a\n"))).toBe("a");
    expect(cache.stats).toEqual({ reused: 1, checked: 0 });
    cache.end();

    cache.begin(["config"]);
    expect(tagOf(cache.get("RUN a\n"))).toBe("a");
    expect(cache.get("RUN b\n")).toBeUndefined();
    expect(cache.stats).toEqual({ reused: 1, checked: 1 });
  });

  test("an instruction seen twice in one lint is checked once", () => {
    const cache = new LintCache();
    cache.begin([]);
    expect(cache.get("RUN a\n")).toBeUndefined();
    cache.set("RUN a\n", found("a"));
    expect(tagOf(cache.get("RUN a\n"))).toBe("a");
    expect(cache.stats).toEqual({ reused: 1, checked: 1 });
  });

  test("findings that reach outside their instruction are not kept", () => {
    const cache = new LintCache();
    cache.begin([]);
    cache.set("RUN a\n", found("a", false));
    expect(cache.get("RUN a\n")).toBeUndefined();
    cache.end();
    cache.begin([]);
    expect(cache.get("RUN a\n")).toBeUndefined();
  });

  test("a signature that differs in length or in any item starts afresh; an equal one does not", () => {
    const rules = [noSudo];
    // Kept exactly when every item is the same object or value as the last lint's.
    const signature = [rules, "a"];
    const sequence: [readonly unknown[], boolean][] = [
      [signature, false],
      [[rules, "a"], true],
      [[rules, "b"], false],
      [[rules, "b", "c"], false],
      [[rules, "b"], false],
      [[[noSudo], "b"], false],
      [[Number.NaN], false],
      [[Number.NaN], true],
    ];
    const cache = new LintCache();
    for (const [next, kept] of sequence) {
      cache.begin(next);
      expect(cache.get("RUN a\n") !== undefined, JSON.stringify(next.slice(1))).toBe(kept);
      cache.set("RUN a\n", found("a"));
      cache.end();
    }
  });

  test("clear forgets the entries and the signature", () => {
    const cache = new LintCache();
    cache.begin(["x"]);
    cache.set("RUN a\n", found("a"));
    cache.end();
    cache.clear();
    cache.begin(["x"]);
    expect(cache.get("RUN a\n")).toBeUndefined();
    cache.set("RUN a\n", found("a"));
    cache.clear();
    cache.end();
    cache.begin(["x"]);
    expect(cache.get("RUN a\n")).toBeUndefined();
  });
});

describe("shell parses kept with their nodes", () => {
  /** A whole-file rule that records the script it is given for each RUN, by the RUN's text. */
  const seen = new Map<string, unknown>();
  const recorder = defineRule({
    meta: { id: "test-scripts", severity: "warning", type: "problem", docs: { description: "Records scripts" }, messages: { x: "x" }, shell: () => true },
    create(context) {
      return {
        Run(node) {
          seen.set(node.original, context.shell(node));
        },
      };
    },
  });
  const registry = new RuleRegistry([recorder]);
  const config = defaultConfig();

  test("a node reparse kept is not parsed again; an edited one, or one without a cache, is", () => {
    const text = "FROM a\nRUN echo one\nRUN echo two\n";
    const edited = text.replace("two", "three");
    const first = parse(text);
    const cache = new LintCache();
    lintText(text, { registry, config, cache, parsed: first });
    const before = new Map(seen);
    lintText(edited, { registry, config, cache, parsed: reparse(edited, { text, parsed: first }) });
    expect(seen.get("RUN echo one")).toBe(before.get("RUN echo one"));
    expect(seen.get("RUN echo three")).toBeTruthy();
    lintText(text, { registry, config, parsed: first });
    expect(seen.get("RUN echo one")).not.toBe(before.get("RUN echo one"));
    expect(seen.get("RUN echo one")).toEqual(before.get("RUN echo one"));
  });

  /** The script a lint without a cache gives the RUN with this text, as JSON (ranges with line, column and offset). */
  const fresh = (text: string, original: string): string => {
    lintText(text, { registry, config });
    return JSON.stringify(seen.get(original));
  };

  test("an instruction after an edit is not parsed again: its script is moved to where it is now", () => {
    const text = "FROM a\nRUN echo one\nRUN cd /x && echo `date` | tee /y\n";
    const edited = text.replace("one", "one more\n");
    const first = parse(text);
    const cache = new LintCache();
    lintText(text, { registry, config, cache, parsed: first });
    expect(cache.parsedScripts).toBe(2);
    const before = seen.get("RUN cd /x && echo `date` | tee /y");
    lintText(edited, { registry, config, cache, parsed: reparse(edited, { text, parsed: first }) });
    // Only the edited RUN is parsed.
    expect(cache.parsedScripts).toBe(1);
    const moved = seen.get("RUN cd /x && echo `date` | tee /y");
    expect(moved).not.toBe(before);
    expect(JSON.stringify(moved)).toBe(fresh(edited, "RUN cd /x && echo `date` | tee /y"));
    expect(JSON.stringify(moved)).toContain('"line":4');
  });

  test("a script at the same offset with other lines before it gets this file's lines", () => {
    const text = "FROM a\nRUN x y\nRUN echo two\n";
    const edited = "FROM a\nRUN x\n \nRUN echo two\n";
    const cache = new LintCache();
    lintText(text, { registry, config, cache, parsed: parse(text) });
    lintText(edited, { registry, config, cache, parsed: parse(edited) });
    expect(cache.parsedScripts).toBe(1);
    expect(JSON.stringify(seen.get("RUN echo two"))).toBe(fresh(edited, "RUN echo two"));
    expect(JSON.stringify(seen.get("RUN echo two"))).toContain('"line":4');
  });

  test("two instructions with the same text share one parse, each with its own ranges", () => {
    const text = "FROM a\nRUN echo same\nFROM b\nRUN echo same\n";
    const cache = new LintCache();
    const scripts: unknown[] = [];
    const collector = defineRule({
      meta: { id: "test-collect", severity: "warning", type: "problem", docs: { description: "Collects scripts" }, messages: { x: "x" }, shell: () => true },
      create: (context) => ({ Run: (node) => { scripts.push(context.shell(node)); } }),
    });
    lintText(text, { registry: new RuleRegistry([collector]), config, cache, parsed: parse(text) });
    expect(scripts).toHaveLength(2);
    expect(cache.parsedScripts).toBe(1);
    expect(JSON.stringify(scripts[1])).toContain('"line":4');
    expect(JSON.stringify(scripts[0])).toContain('"line":2');
  });
});
