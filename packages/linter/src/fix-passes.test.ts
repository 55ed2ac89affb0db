/** `--fix` (fixText) repeats lint-and-fix until nothing changes, and stops after 10 passes. */
import { describe, expect, test } from "vitest";
import { defaultConfig } from "./config.js";
import { fixText } from "./engine.js";
import { RuleRegistry } from "./registry.js";
import { defineRule } from "./rule.js";
import type { AnyRule } from "./types.js";

/** A rule whose fix never satisfies it: each pass appends one more `LABEL n=…` line. */
const endless = defineRule({
  meta: {
    id: "test-endless",
    severity: "warning",
    type: "suggestion",
    fixable: true,
    fixChanges: [],
    docs: { description: "test rule" },
    messages: { more: "more" },
  },
  create(context) {
    return {
      Dockerfile: (node) => {
        const labels = node.instructions.filter((instruction) => instruction.type === "Label").length;
        context.report({ node, messageId: "more", fix: (fixer) => fixer.insertTextAt(context.file.text.length, `LABEL n=${String(labels + 1)}\n`) });
      },
    };
  },
}) as unknown as AnyRule;

/** A rule fixed in two passes: the second finding exists only once the first fix applied. */
const twoSteps = defineRule({
  meta: { ...endless.meta, id: "test-two-steps" },
  create(context) {
    return {
      Dockerfile: (node) => {
        const labels = node.instructions.filter((instruction) => instruction.type === "Label").length;
        if (labels < 2) context.report({ node, messageId: "more", fix: (fixer) => fixer.insertTextAt(context.file.text.length, `LABEL n=${String(labels + 1)}\n`) });
      },
    };
  },
});

const options = (rule: AnyRule) => ({ registry: new RuleRegistry([rule]), config: { ...defaultConfig(), levels: new Map([[rule.meta.id, "warning" as const]]) }, only: [rule.meta.id] });

describe("fixText passes", () => {
  test("a fix that makes another finding is applied on the next pass, until nothing changes", () => {
    const result = fixText("FROM alpine:3.20\n", options(twoSteps));
    expect(result.output).toBe("FROM alpine:3.20\nLABEL n=1\nLABEL n=2\n");
    expect(result.fixed).toBe(true);
  });

  test("fixes that never converge stop after 10 passes, the last findings reported", () => {
    const result = fixText("FROM alpine:3.20\n", options(endless));
    const labels = Array.from({ length: 10 }, (_, i) => `LABEL n=${String(i + 1)}\n`).join("");
    expect(result.output).toBe(`FROM alpine:3.20\n${labels}`);
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(["test-endless"]);
  });
});
