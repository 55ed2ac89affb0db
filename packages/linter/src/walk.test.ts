/**
 * lintText walks the file once, calling every rule at each node: each rule still sees the nodes
 * in source order (Dockerfile first, Dockerfile:exit last, ONBUILD triggers only if it asks), a
 * rule that throws is reported once and never called again while the others go on, and shell
 * scripts are parsed on demand, equal whenever asked for.
 */
import { describe, expect, test } from "vitest";
import type { Instruction } from "@dfbuild/parser";
import { lintText } from "./engine.js";
import { RuleRegistry } from "./registry.js";
import { defineRule } from "./rule.js";
import type { AnyRule, RuleContext, RuleMeta, Visitor } from "./types.js";

function testRule(id: string, visitor: (context: RuleContext) => Visitor, extra: { onbuild?: boolean; shell?: (instruction: Instruction) => boolean } = {}): AnyRule {
  return defineRule({
    meta: { id, severity: "warning", type: "problem", docs: { description: "test rule" }, messages: { seen: "{{what}}" }, ...extra },
    create: visitor,
  });
}

const text = "# comment\nFROM alpine:3.20\nRUN echo a | tr a b\nONBUILD RUN echo c\nRUN echo d\nCMD [\"sh\"]\n";

describe("one walk, every rule per node", () => {
  test("each rule sees the nodes in source order, triggers only with meta.onbuild", () => {
    const seen: Record<string, string[]> = { plain: [], onbuild: [] };
    const recorder = (log: string[]) => (): Visitor => ({
      Dockerfile: () => log.push("Dockerfile"),
      Comment: () => log.push("Comment"),
      From: () => log.push("From"),
      Run: (node, { onbuild }) => log.push(onbuild ? `Run in ONBUILD ${String(onbuild.range.start.line)}` : `Run ${String(node.range.start.line)}`),
      Onbuild: () => log.push("Onbuild"),
      Cmd: () => log.push("Cmd"),
      "Dockerfile:exit": () => log.push("exit"),
    });
    const registry = new RuleRegistry([testRule("test-plain", recorder(seen.plain ?? [])), testRule("test-onbuild", recorder(seen.onbuild ?? []), { onbuild: true })]);
    lintText(text, { registry });
    expect(seen.plain).toEqual(["Dockerfile", "Comment", "From", "Run 3", "Onbuild", "Run 5", "Cmd", "exit"]);
    expect(seen.onbuild).toEqual(["Dockerfile", "Comment", "From", "Run 3", "Onbuild", "Run in ONBUILD 4", "Run 5", "Cmd", "exit"]);
  });

  test("a rule that throws is reported once, is not called again, and the others run on", () => {
    let crashingCalls = 0;
    const crashing = testRule("test-crashing", () => ({
      Run: () => {
        crashingCalls++;
        throw new Error("boom");
      },
      "Dockerfile:exit": () => {
        crashingCalls++;
      },
    }));
    const counting = testRule("test-counting", (context) => ({
      Run: (node) => {
        context.report({ node, messageId: "seen", data: { what: "run" } });
      },
    }));
    const result = lintText(text, { registry: new RuleRegistry([crashing, counting]) });
    expect(crashingCalls).toBe(1);
    expect(result.findings.filter((finding) => finding.ruleId === "test-crashing").map((finding) => finding.message)).toEqual([
      "Rule test-crashing crashed on this file: boom. Please report this with the Dockerfile.",
    ]);
    expect(result.findings.filter((finding) => finding.ruleId === "test-counting")).toHaveLength(2);
  });

  test("shell scripts: parsed only where a rule's filter asks, and equal when asked for again long after", () => {
    const many = `FROM alpine:3.20\n${Array.from({ length: 40 }, (_, i) => `RUN echo ${String(i)} | cat\n`).join("")}`;
    const first: string[][] = [];
    const again: string[][] = [];
    const runs: Instruction[] = [];
    const rule = testRule(
      "test-shell",
      (context) => ({
        Run: (node) => {
          runs.push(node);
          first.push(context.shell(node)?.commands.map((command) => command.name ?? "?") ?? ["(none)"]);
        },
        // Every script again, after the walk has moved on from all of them.
        "Dockerfile:exit": () => {
          for (const node of runs) again.push(context.shell(node)?.commands.map((command) => command.name ?? "?") ?? ["(none)"]);
        },
      }),
      // Only even-numbered RUNs are wanted.
      { shell: (instruction) => /echo \d*[02468] /.test(instruction.type === "Run" && instruction.command?.type === "ShellForm" ? instruction.command.value : "") },
    );
    lintText(many, { registry: new RuleRegistry([rule]) });
    const expected = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? ["echo", "cat"] : ["(none)"]));
    expect(first).toEqual(expected);
    expect(again).toEqual(expected);
  });

  test("shell scripts: the 8 latest kept, an older one parsed again (equal: ScriptsBySource keeps a parse only for a source seen before, and each of these is seen once); one parse per instruction for every rule", () => {
    const many = `FROM alpine:3.20\n${Array.from({ length: 10 }, (_, i) => `RUN echo ${String(i)} | cat\n`).join("")}`;
    const runs: Instruction[] = [];
    const scripts: unknown[] = [];
    const kept: boolean[] = [];
    const names = (script: ReturnType<RuleContext["shell"]>) => script?.commands.map((command) => command.name);
    const reader = testRule(
      "test-window",
      (context) => ({
        Run: (node) => {
          runs.push(node);
          scripts.push(context.shell(node));
        },
        // Newest first: the 8 latest are asked before anything is parsed again.
        "Dockerfile:exit": () => {
          for (const [i, node] of [...runs.entries()].reverse()) {
            const again = context.shell(node);
            kept.push(again === scripts[i]);
            expect(names(again)).toEqual(["echo", "cat"]);
          }
        },
      }),
      { shell: () => true },
    );
    // Instruction-scoped rules asking for the same RUN get the parse the whole-file rule got.
    const shared: boolean[] = [];
    const scoped = (id: string) =>
      defineRule({
        meta: { id, scope: "instruction", severity: "warning", type: "problem", docs: { description: "test rule" }, messages: { seen: "{{what}}" }, shell: () => true },
        create: (context) => ({
          Run: (node) => {
            shared.push(context.shell(node) === scripts[runs.indexOf(node)]);
          },
        }),
      });
    lintText(many, { registry: new RuleRegistry([reader, scoped("test-scoped-a"), scoped("test-scoped-b")]) });
    expect(kept).toEqual([true, true, true, true, true, true, true, true, false, false]);
    expect(shared).toEqual(Array.from({ length: 20 }, () => true));
  });

  test("shell scripts: an ONBUILD trigger's only where a rule that checks triggers wants it; none for what has no shell form", () => {
    const text = "FROM a\nONBUILD RUN echo t\nRUN echo r\nCMD [\"sh\"]\n";
    const lint = (onbuild: boolean) => {
      const seen: (string | null)[] = [];
      const name = (script: ReturnType<RuleContext["shell"]>) => script?.commands[0]?.name ?? null;
      const rule = testRule(
        "test-trigger",
        (context) => ({
          Onbuild: (node) => {
            if (node.trigger) seen.push(name(context.shell(node.trigger)));
          },
          Run: (node, info) => {
            if (!info.onbuild) seen.push(name(context.shell(node)));
          },
          Cmd: (node) => {
            seen.push(name(context.shell(node)));
          },
        }),
        { onbuild, shell: () => true },
      );
      lintText(text, { registry: new RuleRegistry([rule]) });
      return seen;
    };
    expect(lint(false)).toEqual([null, "echo", null]);
    expect(lint(true)).toEqual(["echo", "echo", null]);
  });

  test("shell scripts: each rule gets one only where its own filter, or its mentions, says so, whatever the other rules ask", () => {
    const many = `FROM alpine:3.20\n${Array.from({ length: 12 }, (_, i) => `RUN echo ${String(i)}\n`).join("")}CMD echo 7\n`;
    const got = new Map<string, number[]>();
    const reading = (id: string, meta: Partial<RuleMeta>) =>
      defineRule({
        meta: { id, severity: "warning", type: "problem", docs: { description: "test rule" }, messages: { seen: "seen" }, ...meta },
        create: (context) => {
          const note = (node: Instruction) => {
            if (context.shell(node) !== null) got.set(id, [...(got.get(id) ?? []), node.range.start.line]);
          };
          return { Run: note, Cmd: note };
        },
      });
    const rules = [
      // RUN n is on line n + 2.
      reading("test-filter", { shell: (instruction) => instruction.range.start.line % 3 === 0 }),
      reading("test-mentions", { shell: true, mentions: ["7", "1"] }),
      reading("test-staged", { scope: "stage", shell: (instruction) => instruction.range.start.line === 5 }),
      reading("test-scoped", { scope: "instruction", shell: true, mentions: ["9"] }),
      reading("test-none", {}),
    ];
    // All together, then each alone.
    for (const only of [undefined, ...rules.map((rule) => rule.meta.id)]) {
      got.clear();
      lintText(many, { registry: new RuleRegistry(rules.filter((rule) => only === undefined || rule.meta.id === only)) });
      const expected: [string, number[]][] = [
        ["test-filter", [3, 6, 9, 12]],
        ["test-mentions", [3, 9, 12, 13, 14]],
        ["test-staged", [5]],
        ["test-scoped", [11]],
      ];
      expect([...got].sort()).toEqual(expected.filter(([id]) => only === undefined || id === only).sort());
    }
  });

  test("a rule with meta.mentions and a filter gets a script only where both say so", () => {
    const got: number[] = [];
    const rule = testRule(
      "test-both",
      (context) => ({
        Run: (node) => {
          if (context.shell(node) !== null) got.push(node.range.start.line);
        },
      }),
      { shell: (instruction) => instruction.range.start.line !== 3 },
    );
    const both = defineRule({ ...rule, meta: { ...rule.meta, mentions: ["apt"] } });
    lintText("FROM x\nRUN apt\nRUN apt\nRUN echo\nRUN apt\n", { registry: new RuleRegistry([both]) });
    expect(got).toEqual([2, 5]);
  });
});

describe("findings", () => {
  test("have their fields in one order, with only the optional ones the report gave", () => {
    const reporter = defineRule({
      meta: {
        id: "test-reporter",
        severity: "warning",
        type: "problem",
        fixable: true,
        hasSuggestions: true,
        docs: { description: "test rule" },
        messages: { seen: "seen {{what}}", fix: "fix it" },
      },
      create: (context) => ({
        Run: (node) => {
          const what = node.range.start.line;
          if (what === 2) context.report({ node, messageId: "seen", data: { what } });
          if (what === 3) context.report({ node, messageId: "seen", data: { what }, fix: (fixer) => fixer.insertTextAfter(node, " x") });
          if (what === 4) context.report({ node, messageId: "seen", data: { what }, code: "X1" });
          if (what === 5) context.report({ node, messageId: "seen", data: { what }, suggest: [{ messageId: "fix", fix: (fixer) => fixer.insertTextAfter(node, " y") }] });
        },
      }),
    });
    const { findings } = lintText("FROM a\nRUN a\nRUN b\nRUN c\nRUN d\n", { registry: new RuleRegistry([reporter]) });
    const base = ["ruleId", "aliases", "severity", "message", "messageId", "range"];
    expect(findings.map((finding) => Object.keys(finding))).toEqual([base, [...base, "fix"], [...base, "code"], [...base, "suggestions"]]);
    // The same from an instruction-scoped rule, whose findings are kept relative to their instruction.
    const scoped = defineRule({ ...reporter, meta: { ...reporter.meta, id: "test-scoped-reporter", scope: "instruction" } });
    const again = lintText("FROM a\nRUN a\nRUN b\nRUN c\nRUN d\n", { registry: new RuleRegistry([scoped]) }).findings;
    expect(again.map((finding) => Object.keys(finding))).toEqual([base, [...base, "fix"], [...base, "code"], [...base, "suggestions"]]);
    expect(findings.map((finding) => finding.aliases)).toEqual([[], [], ["X1"], []]);
    expect(findings[1]?.fix).toEqual([{ range: [18, 18], text: " x" }]);
  });
});
