/** defineRule links each rule to its documentation page unless the rule names one. */
import { expect, test } from "vitest";
import { coreRules, defineRule, ruleDocsUrl } from "./rule.js";

test("a rule's docs URL is its .md beside its source in the repository", () => {
  expect(ruleDocsUrl("apk-no-cache")).toBe("https://github.com/dfbuild/dfbuild/blob/main/rules/src/apk-no-cache.md");
});

test("defineRule fills docs.url from the id, and keeps one the rule gives", () => {
  const meta = { id: "some-rule", severity: "warning", type: "problem", messages: {} } as const;
  expect(defineRule({ meta: { ...meta, docs: { description: "d" } }, create: () => ({}) }).meta.docs).toEqual({ description: "d", url: ruleDocsUrl("some-rule") });
  expect(defineRule({ meta: { ...meta, docs: { description: "d", url: "https://example.com/x" } }, create: () => ({}) }).meta.docs.url).toBe("https://example.com/x");
});

test("the engine's own findings link to their pages beside the engine", () => {
  expect(coreRules.map((rule) => rule.meta.docs.url)).toEqual(
    ["parse-error", "invalid-directive", "no-empty-continuation"].map((id) => `https://github.com/dfbuild/dfbuild/blob/main/packages/linter/docs/${id}.md`),
  );
});
