import type { AnyRule, Rule } from "./types.js";

/** Declares a rule; the type ties every `messageId` a rule reports to its `meta.messages`. */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}

/** Findings the engine itself makes: they can be configured like rules, but have no visitor. */
export const coreRules: readonly AnyRule[] = [
  defineRule({
    meta: {
      id: "parse-error",
      aliases: ["DL1000"],
      severity: "error",
      type: "problem",
      docs: { description: "Report what the Dockerfile parser cannot read (BuildKit would refuse the file or the instruction)" },
      messages: { parseError: "{{message}}", parseWarning: "{{message}}" },
    },
    create: () => ({}),
  }),
  defineRule({
    meta: {
      id: "invalid-directive",
      severity: "warning",
      type: "problem",
      docs: { description: "Report inline ignore comments that name no known rule" },
      messages: { unknownRule: 'Unknown rule "{{name}}" in "{{directive}}".{{hint}}' },
    },
    create: () => ({}),
  }),
];
