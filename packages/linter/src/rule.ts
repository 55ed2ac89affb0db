import type { AnyRule, Rule } from "./types.js";

/** Where the repository's files are published; rule docs are linked from here. */
export const REPOSITORY_URL = "https://github.com/dfbuild/dfbuild";

/** The documentation page of a rule: its `.md` file beside the rule's source under `rules/src/`. */
export function ruleDocsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/rules/src/${id}.md`;
}

/**
 * Declares a rule; the type ties every `messageId` a rule reports to its `meta.messages`. A rule
 * without `docs.url` gets the link to its documentation derived from its id, written into the
 * rule's own `docs` (each rule declares its object literal in the call): copying the rule, its
 * meta and its docs to add one property cost every `dfbuild lint` start 1.7M instructions
 * (~140 rules, three object spreads each, each a new object shape).
 */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  rule.meta.docs.url ??= ruleDocsUrl(rule.meta.id);
  return rule;
}

/** The engine's own findings are documented beside the engine. */
function coreDocsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/packages/linter/docs/${id}.md`;
}

/** Findings the engine itself makes: they can be configured like rules, but have no visitor. */
export const coreRules: readonly AnyRule[] = [
  defineRule({
    meta: {
      id: "parse-error",
      aliases: ["DL1000"],
      severity: "error",
      hadolint: "error",
      type: "problem",
      docs: { description: "Report what the Dockerfile parser cannot read (BuildKit would refuse the file or the instruction)", url: coreDocsUrl("parse-error") },
      messages: { parseError: "{{message}}" },
    },
    create: () => ({}),
  }),
  defineRule({
    meta: {
      id: "invalid-directive",
      severity: "warning",
      hadolint: "warning",
      type: "problem",
      docs: { description: "Report ignore comments and check directives that do not do what they say", url: coreDocsUrl("invalid-directive") },
      messages: { problem: "{{message}}" },
    },
    create: () => ({}),
  }),
  defineRule({
    meta: {
      id: "no-empty-continuation",
      aliases: ["NoEmptyContinuation"],
      severity: "warning",
      type: "problem",
      docs: {
        description: "Do not leave empty lines inside a continued instruction: BuildKit warns that they will become errors",
        url: coreDocsUrl("no-empty-continuation"),
      },
      messages: {
        empty: "Empty continuation line (line {{lines}}) inside this {{keyword}}: BuildKit skips it today and warns that empty continuation lines will become errors. Remove it, or end the instruction before it.",
      },
    },
    create: () => ({}),
  }),
];
