/** The RuleTester's own guarantees: each must fail a wrong case. */
import { describe, expect, test } from "vitest";
import { defineRule } from "../rule.js";
import type { AnyRule } from "../types.js";
import { checkInvalidCase, checkUnique, checkValidCase } from "./index.js";

/** Reports every MAINTAINER and fixes it to the maintainer label. */
const rule = defineRule({
  meta: {
    id: "test-maintainer",
    severity: "warning",
    type: "suggestion",
    fixable: true,
    fixChanges: ["maintainer-label"],
    docs: { description: "test rule" },
    messages: { found: "MAINTAINER {{who}}" },
  },
  create(context) {
    return {
      Maintainer: (node) => {
        context.report({ node: node.keyword, messageId: "found", data: { who: node.maintainer?.value ?? "" }, fix: (fixer) => fixer.replaceText(node, `LABEL maintainer=${node.maintainer?.value ?? ""}`) });
      },
    };
  },
}) as unknown as AnyRule;

const code = "FROM alpine:3.20\nMAINTAINER me\n";

describe("RuleTester", () => {
  test("accepts a correct invalid case", () => {
    checkInvalidCase(rule, { code, output: "FROM alpine:3.20\nLABEL maintainer=me\n", errors: [{ messageId: "found", line: 2, column: 1, endColumn: 11, data: { who: "me" } }] });
  });
  test("requires output when the rule fixed the code", () => {
    expect(() => {
      checkInvalidCase(rule, { code, errors: [{ messageId: "found" }] });
    }).toThrow("The rule fixed the code; add output");
  });
  test("output: null asserts that nothing was fixed", () => {
    expect(() => {
      checkInvalidCase(rule, { code, output: null, errors: [{ messageId: "found" }] });
    }).toThrow("must not fix");
  });
  test("rejects a messageId the rule does not have", () => {
    expect(() => {
      checkInvalidCase(rule, { code, output: "FROM alpine:3.20\nLABEL maintainer=me\n", errors: [{ messageId: "missing" }] });
    }).toThrow('messageId "missing" is not in');
  });
  test("rejects wrong positions and wrong data", () => {
    expect(() => {
      checkInvalidCase(rule, { code, output: "FROM alpine:3.20\nLABEL maintainer=me\n", errors: [{ messageId: "found", column: 2 }] });
    }).toThrow("position of error 0");
    expect(() => {
      checkInvalidCase(rule, { code, output: "FROM alpine:3.20\nLABEL maintainer=me\n", errors: [{ messageId: "found", data: { who: "you" } }] });
    }).toThrow();
  });
  test("rejects a finding or suggestion whose message has a placeholder its data did not fill", () => {
    const withData = (data: Record<string, string>, suggestionData: Record<string, string>): AnyRule =>
      defineRule({
        meta: { id: "test-data", severity: "warning", type: "problem", hasSuggestions: true, docs: { description: "test rule" }, messages: { found: "MAINTAINER {{ who }}", redo: "Replace {{who}}" } },
        create: (context) => ({
          Maintainer: (node) => {
            context.report({ node, messageId: "found", data, suggest: [{ messageId: "redo", data: suggestionData, fix: (fixer) => fixer.remove(node) }] });
          },
        }),
      });
    checkInvalidCase(withData({ who: "me" }, { who: "me" }), { code, errors: [{ messageId: "found" }] });
    expect(() => {
      checkInvalidCase(withData({}, { who: "me" }), { code, errors: [{ messageId: "found" }] });
    }).toThrow("a message placeholder its report's data did not fill");
    expect(() => {
      checkInvalidCase(withData({ who: "me" }, {}), { code, errors: [{ messageId: "found" }] });
    }).toThrow("a message placeholder its report's data did not fill");
  });
  test("rejects a fix that changes what BuildKit reads beyond the rule's fixChanges, and a fixable rule that declares none", () => {
    const declaring = (fixChanges: AnyRule["meta"]["fixChanges"]): AnyRule => ({ ...rule, meta: { ...rule.meta, fixChanges } });
    // MAINTAINER to LABEL without `maintainer-label`: the oracle sees the image's Author go.
    expect(() => {
      checkInvalidCase(declaring([]), { code, output: "FROM alpine:3.20\nLABEL maintainer=me\n", errors: [{ messageId: "found" }] });
    }).toThrow("the fix changed what BuildKit reads");
    expect(() => {
      checkInvalidCase(declaring(undefined), { code, output: "FROM alpine:3.20\nLABEL maintainer=me\n", errors: [{ messageId: "found" }] });
    }).toThrow("declare what its fixes may change (meta.fixChanges)");
  });
  test("rejects a rule whose meta.shell filter keeps out a RUN it reports once the script is there", () => {
    // Reports every curl command, but asks for the scripts that mention wget only: alone it sees
    // no `RUN curl x`; beside a rule that asked for that script it would report it.
    const narrow = defineRule({
      meta: { id: "test-curl", severity: "warning", type: "suggestion", scope: "stage", docs: { description: "test rule" }, messages: { found: "curl" }, shell: (instruction) => instruction.type === "Run" && instruction.command?.type === "ShellForm" && instruction.command.value.includes("wget") },
      create(context) {
        return {
          Run: (node) => {
            for (const command of context.shell(node)?.commands ?? []) if (command.name === "curl") context.report({ node: node.keyword, messageId: "found" });
          },
        };
      },
    }) as unknown as AnyRule;
    expect(() => {
      checkValidCase(narrow, { code: "FROM alpine:3.20\nRUN curl x\n" });
    }).toThrow("meta.shell must let through every RUN it reports");
  });
  test("rejects a valid case with findings, and duplicate cases", () => {
    expect(() => {
      checkValidCase(rule, { code });
    }).toThrow();
    expect(() => {
      checkUnique([{ code }, { code: "FROM x\n" }, { code }]);
    }).toThrow("duplicate test case");
  });
});
