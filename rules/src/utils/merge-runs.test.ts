import type { RunInstruction } from "@dfbuild/parser";
import { RuleFixer, RuleRegistry, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { mergeRunsFix } from "./merge-runs.js";
import { type RunShape, runShape } from "./run-shape.js";

/** A script that takes ` && next`, leaves no state behind and is one `&&` chain. */
const MERGEABLE: RunShape = { single: true, takesAnd: true, leavesState: false, andChain: true };

/** `text` with the fix applied, or null when there is none. */
function applied(text: string, fix: { range: readonly [number, number]; text: string } | null): string | null {
  return fix === null ? null : text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]);
}

/**
 * `text` with its last RUN merged into the RUN before it (wherever that is), the shapes read by
 * `runShape` unless given.
 */
function merged(text: string, shapes?: { first: RunShape | null; second: RunShape | null }): string | null {
  let result: string | null | undefined;
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "merges the last two RUNs" }, messages: {}, shell: () => true },
    create: (context) => ({
      "Dockerfile:exit": () => {
        const runs = context.file.ast.instructions.filter((instruction): instruction is RunInstruction => instruction.type === "Run");
        const [first, second] = runs.slice(-2);
        if (first === undefined || second === undefined) throw new Error("expected two RUNs");
        result = applied(
          context.file.text,
          mergeRunsFix(new RuleFixer(), context.file, first, second, shapes ? shapes.first : runShape(context, first), shapes ? shapes.second : runShape(context, second)),
        );
      },
    }),
  });
  lintText(text, { registry: new RuleRegistry([rule]) });
  if (result === undefined) throw new Error("the probe did not run");
  return result;
}

describe("mergeRunsFix", () => {
  test("appends the second command to the first with && and a continuation", () => {
    expect(merged("FROM a\nRUN a\nRUN b\n")).toBe("FROM a\nRUN a && \\\n    b\n");
    expect(merged("FROM a\nRUN a  \t\nRUN   b c\n")).toBe("FROM a\nRUN a && \\\n    b c\n");
  });

  test("the continuation is the file's escape character, each file its own", () => {
    expect(merged("# escape=`\nFROM a\nRUN a\nRUN b\n")).toBe("# escape=`\nFROM a\nRUN a && `\n    b\n");
    expect(merged("FROM a\nRUN a\nRUN b\n")).toBe("FROM a\nRUN a && \\\n    b\n");
    expect(merged("# escape=`\nFROM a\nRUN a\r\nRUN b\r\n")).toBe("# escape=`\nFROM a\nRUN a && `\r\n    b\r\n");
    expect(merged("FROM a\nRUN a\r\nRUN b\r\n")).toBe("FROM a\nRUN a && \\\r\n    b\r\n");
    expect(merged("# escape=`\nFROM a\nRUN a\nRUN b\n")).toBe("# escape=`\nFROM a\nRUN a && `\n    b\n");
  });

  test("keeps the line ending of the first RUN's last line", () => {
    expect(merged("FROM a\r\nRUN a\r\nRUN b\r\n")).toBe("FROM a\r\nRUN a && \\\r\n    b\r\n");
    expect(merged("FROM a\r\nRUN a\nRUN b\r\n")).toBe("FROM a\r\nRUN a && \\\n    b\r\n");
    expect(merged("FROM a\nRUN a \\\r\n  c\r\nRUN b\n")).toBe("FROM a\nRUN a \\\r\n  c && \\\r\n    b\n");
  });

  test("comment lines between the two stay, trimmed, inside the continuation; blank lines go", () => {
    expect(merged("FROM a\nRUN a\n  # why b  \n\n# and\nRUN b\n")).toBe("FROM a\nRUN a && \\\n# why b\n# and\n    b\n");
    expect(merged("FROM a\r\nRUN a\r\n# why b\r\n\r\nRUN b\r\n")).toBe("FROM a\r\nRUN a && \\\r\n# why b\r\n    b\r\n");
    expect(merged("# escape=`\nFROM a\nRUN a\n# why b\nRUN b\n")).toBe("# escape=`\nFROM a\nRUN a && `\n# why b\n    b\n");
  });

  test("only comment lines between them are kept: other instructions are not", () => {
    expect(merged("FROM a\nRUN a\nENV X=1 # not a comment\nRUN b\n")).toBe("FROM a\nRUN a && \\\n    b\n");
  });

  test("no merge of an exec form, first or second", () => {
    expect(merged('FROM a\nRUN ["a"]\nRUN b\n', { first: MERGEABLE, second: MERGEABLE })).toBeNull();
    expect(merged('FROM a\nRUN a\nRUN ["b"]\n', { first: MERGEABLE, second: MERGEABLE })).toBeNull();
  });

  test("no merge of a RUN with a heredoc, first or second", () => {
    expect(merged("FROM a\nRUN <<EOF\na\nEOF\nRUN b\n", { first: MERGEABLE, second: MERGEABLE })).toBeNull();
    expect(merged("FROM a\nRUN a\nRUN cat <<EOF\nb\nEOF\n", { first: MERGEABLE, second: MERGEABLE })).toBeNull();
  });

  test("no merge where either RUN runs under PowerShell", () => {
    expect(merged('FROM a\nRUN a\nSHELL ["powershell", "-Command"]\nRUN b\n', { first: MERGEABLE, second: MERGEABLE })).toBeNull();
    expect(merged('FROM a\nSHELL ["pwsh", "-Command"]\nRUN a\nSHELL ["cmd", "/S", "/C"]\nRUN b\n', { first: MERGEABLE, second: MERGEABLE })).toBeNull();
    expect(merged('FROM a\nSHELL ["cmd", "/S", "/C"]\nRUN a\nRUN b\n', { first: MERGEABLE, second: MERGEABLE })).toBe('FROM a\nSHELL ["cmd", "/S", "/C"]\nRUN a && \\\n    b\n');
  });

  test("no merge unless the first script takes && and leaves no state, and the second is one && chain", () => {
    const text = "FROM a\nRUN a\nRUN b\n";
    expect(merged(text, { first: MERGEABLE, second: MERGEABLE })).toBe("FROM a\nRUN a && \\\n    b\n");
    expect(merged(text, { first: null, second: MERGEABLE })).toBeNull();
    expect(merged(text, { first: MERGEABLE, second: null })).toBeNull();
    expect(merged(text, { first: { ...MERGEABLE, takesAnd: false }, second: MERGEABLE })).toBeNull();
    expect(merged(text, { first: { ...MERGEABLE, leavesState: true }, second: MERGEABLE })).toBeNull();
    expect(merged(text, { first: MERGEABLE, second: { ...MERGEABLE, andChain: false } })).toBeNull();
    // What the first script's shape says of the second, and the second's of the first, does not matter.
    expect(merged(text, { first: { ...MERGEABLE, andChain: false }, second: { ...MERGEABLE, takesAnd: false, leavesState: true } })).toBe("FROM a\nRUN a && \\\n    b\n");
  });

  test("the shapes runShape reads", () => {
    expect(merged("FROM a\nRUN cd /x\nRUN b\n")).toBeNull();
    expect(merged("FROM a\nRUN a # why\nRUN b\n")).toBeNull();
    expect(merged("FROM a\nRUN a\nRUN b; c\n")).toBeNull();
    expect(merged("FROM a\nRUN a\nRUN b && c\n")).toBe("FROM a\nRUN a && \\\n    b && c\n");
  });
});
