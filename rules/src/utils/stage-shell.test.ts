import { RuleRegistry, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { runsPowerShell, shellInstructionAt, shellProgram } from "./stage-shell.js";

/** For each RUN of `text`: its line, the line of the SHELL in effect (null: the image's default), its program, and whether it is PowerShell. */
function shells(text: string): { line: number; shell: number | null; program: string | null; powershell: boolean }[] {
  const seen: { line: number; shell: number | null; program: string | null; powershell: boolean }[] = [];
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "reads RUNs" }, messages: {} },
    create: (context) => ({
      Run: (node) => {
        const shell = shellInstructionAt(context.file, node);
        seen.push({
          line: node.range.start.line,
          shell: shell?.range.start.line ?? null,
          program: shell ? shellProgram(shell) : null,
          powershell: runsPowerShell(context.file, node),
        });
      },
    }),
  });
  lintText(text, { registry: new RuleRegistry([rule]) });
  return seen;
}

describe("shellInstructionAt", () => {
  test("at a SHELL instruction, the one in effect is the one before it", () => {
    const seen: (number | null)[] = [];
    const rule = defineRule({
      meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "reads SHELLs" }, messages: {} },
      create: (context) => ({
        Shell: (node) => {
          seen.push(shellInstructionAt(context.file, node)?.range.start.line ?? null);
        },
      }),
    });
    lintText('FROM a\nSHELL ["bash", "-c"]\nSHELL ["sh", "-c"]\n', { registry: new RuleRegistry([rule]) });
    expect(seen).toEqual([null, 2]);
  });

  test("no SHELL anywhere: the image's default", () => {
    expect(shells("FROM a\nRUN x\n")).toEqual([{ line: 2, shell: null, program: null, powershell: false }]);
  });

  test("the last SHELL before the instruction in its stage, else in the stages it builds on", () => {
    const text = [
      "FROM a AS base", // 1
      "RUN one", // 2
      'SHELL ["/bin/bash", "-c"]', // 3
      "RUN two", // 4
      'SHELL ["C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\PowerShell.EXE", "-Command"]', // 5
      "RUN three", // 6
      "FROM base", // 7
      "RUN four", // 8
      'SHELL ["pwsh", "-c"]', // 9
      "RUN five", // 10
      "FROM a", // 11
      "RUN six", // 12
      "",
    ].join("\n");
    expect(shells(text)).toEqual([
      { line: 2, shell: null, program: null, powershell: false },
      { line: 4, shell: 3, program: "bash", powershell: false },
      { line: 6, shell: 5, program: "powershell", powershell: true },
      { line: 8, shell: 5, program: "powershell", powershell: true },
      { line: 10, shell: 9, program: "pwsh", powershell: true },
      { line: 12, shell: null, program: null, powershell: false },
    ]);
  });

  test("a SHELL in another stage only, and a SHELL written without a JSON array", () => {
    expect(shells('FROM a\nSHELL ["cmd", "/S", "/C"]\nFROM b\nRUN x\n')).toEqual([{ line: 4, shell: null, program: null, powershell: false }]);
    expect(shells("FROM a\nSHELL pwsh -c\nRUN x\n")).toEqual([{ line: 3, shell: 2, program: null, powershell: false }]);
    expect(shells("FROM a\nSHELL []\nRUN x\n")).toEqual([{ line: 3, shell: 2, program: null, powershell: false }]);
  });
});
