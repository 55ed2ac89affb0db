import { RuleRegistry, applyFixes, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { runCommands } from "./run-commands.js";
import { insertArgumentAfter, replaceWord } from "./word-edits.js";

/** The text after one round of a rule's fixes, the rule reporting each `pip` command with `edit` of its first argument. */
function fixed(text: string, edit: "insert" | "replace"): string {
  const rule = defineRule({
    meta: {
      id: "probe",
      severity: "info",
      type: "suggestion",
      fixable: true,
      fixChanges: ["run-commands"],
      docs: { description: "edits pip commands" },
      messages: { edit: "edit" },
      shell: () => true,
    },
    create: (context) => ({
      Run: (node) => {
        for (const command of runCommands(context, node)) {
          const word = edit === "insert" ? command.args[0] : command.nameWord;
          if (command.program !== "pip" || word === undefined) continue;
          const fix =
            edit === "insert" ? insertArgumentAfter(context.file, node, word, "--no-cache-dir") : replaceWord(context.file, node, word, "python3 -m pip");
          context.report({ range: word.range, messageId: "edit", fix });
        }
      },
    }),
  });
  const { findings } = lintText(text, { registry: new RuleRegistry([rule]) });
  return applyFixes(text, findings.map((finding) => finding.fix ?? [])).output;
}

describe("insertArgumentAfter", () => {
  test("a word of a script: the argument after a space", () => {
    expect(fixed("FROM a\nRUN pip install flask\n", "insert")).toBe("FROM a\nRUN pip install --no-cache-dir flask\n");
  });

  test("an element of an exec form: a new JSON element", () => {
    expect(fixed('FROM a\nRUN ["pip", "install", "flask"]\n', "insert")).toBe('FROM a\nRUN ["pip", "install", "--no-cache-dir", "flask"]\n');
  });

  test("a script inside an exec form's string: the script's words, not elements", () => {
    expect(fixed('FROM a\nRUN ["sh", "-c", "pip install flask"]\n', "insert")).toBe('FROM a\nRUN ["sh", "-c", "pip install --no-cache-dir flask"]\n');
  });

  test("no edit where the word's text is not at its range (a script whose quotes were decoded stands at the whole string)", () => {
    expect(fixed('FROM a\nRUN sh -c "pip install \\"flask\\""\n', "insert")).toBe('FROM a\nRUN sh -c "pip install \\"flask\\""\n');
  });
});

describe("replaceWord", () => {
  test("a word of a script: the words as they are", () => {
    expect(fixed("FROM a\nRUN pip install flask\n", "replace")).toBe("FROM a\nRUN python3 -m pip install flask\n");
  });

  test("an element of an exec form: one element per word", () => {
    expect(fixed('FROM a\nRUN ["pip", "install", "flask"]\n', "replace")).toBe('FROM a\nRUN ["python3", "-m", "pip", "install", "flask"]\n');
  });

  test("no edit where the word's text is not at its range", () => {
    expect(fixed('FROM a\nRUN ["sh", "-c", "pip \\"install\\" flask"]\n', "replace")).toBe('FROM a\nRUN ["sh", "-c", "pip \\"install\\" flask"]\n');
  });
});
