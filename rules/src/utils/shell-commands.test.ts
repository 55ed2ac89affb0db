/** The cheap mention filter of instructions' commands, and the commands that run a program, for dfbuild and for hadolint. */
import { type Instruction, parse } from "@dfbuild/parser";
import { type PresetName, RuleRegistry, defaultConfig, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { commandMentions, invocations } from "./shell-commands.js";

/** The instructions of a Dockerfile, in order. */
function instructions(dockerfile: string): Instruction[] {
  return parse(dockerfile).ast.stages.flatMap((stage) => stage.instructions);
}

/** Whether each instruction of the Dockerfile mentions `pattern`. */
const mentions = (dockerfile: string, pattern: RegExp): boolean[] => instructions(dockerfile).map((instruction) => commandMentions(instruction, pattern));

describe("commandMentions", () => {
  test("a shell form's line, a heredoc's body, an exec form's strings", () => {
    expect(mentions("FROM a\nRUN echo ln -s\nRUN echo x\n", /\bln\b/)).toEqual([true, false]);
    expect(mentions("FROM a\nRUN <<EOF\nln -s a b\nEOF\nRUN <<EOF\necho\nEOF\n", /\bln\b/)).toEqual([true, false]);
    expect(mentions('FROM a\nCMD ["ln", "-s"]\nCMD ["echo", "x"]\n', /\bln\b/)).toEqual([true, false]);
  });

  test("an instruction without a command, or with none written, mentions nothing", () => {
    expect(mentions("FROM a\nCOPY ln ln\nWORKDIR /ln\n", /ln/)).toEqual([false, false]);
  });
});

/** The command names `invocations` gives for each RUN of the Dockerfile, under the preset. */
function invoked(dockerfile: string, programs: readonly string[], preset: PresetName = "recommended"): (string | null)[][] {
  const seen: (string | null)[][] = [];
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "reads RUNs" }, messages: {}, shell: true },
    create: (context) => ({
      Run: (node) => {
        const script = context.shell(node);
        if (script) seen.push(invocations(context, script, programs).map((command) => command.name));
      },
    }),
  });
  lintText(dockerfile, { registry: new RuleRegistry([rule]), config: { ...defaultConfig(), preset, levels: new Map([["probe", "info"]]) } });
  return seen;
}

describe("invocations", () => {
  const dockerfile = "FROM a\nRUN wget a && /usr/bin/wget b && sudo wget c && echo wget && $W d && curl e\n";

  test("dfbuild: the program, whatever its directory, and through wrappers", () => {
    expect(invoked(dockerfile, ["wget", "curl"])).toEqual([["wget", "/usr/bin/wget", "wget", "curl"]]);
  });

  test("hadolint: only a command named exactly so", () => {
    expect(invoked(dockerfile, ["wget", "curl"], "hadolint")).toEqual([["wget", "curl"]]);
    expect(invoked(dockerfile, ["useradd"], "hadolint")).toEqual([[]]);
  });
});
