import { type LintFile, RuleRegistry, defineRule, lintText } from "@dfbuild/linter";
import { expect, test, vi } from "vitest";
import { perFile } from "./per-file.js";

/** The file a rule is handed when `text` is linted. */
function lintFile(text: string): LintFile {
  let file: LintFile | undefined;
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "keeps the file" }, messages: {} },
    create: (context) => {
      file = context.file;
      return {};
    },
  });
  lintText(text, { registry: new RuleRegistry([rule]) });
  if (file === undefined) throw new Error("the rule was not created");
  return file;
}

test("computed once per file, also when the value is undefined", () => {
  const fileA = lintFile("FROM a\n");
  const fileB = lintFile("FROM b\n");
  const compute = vi.fn((file: LintFile) => (file === fileA ? undefined : 1));
  const memo = perFile(compute);
  expect(memo(fileA)).toBeUndefined();
  expect(memo(fileA)).toBeUndefined();
  expect(memo(fileB)).toBe(1);
  expect(memo(fileB)).toBe(1);
  expect(compute.mock.calls).toEqual([[fileA], [fileB]]);
});
