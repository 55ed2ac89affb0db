/** The commands a RUN executes as the rules read them: its script's, an exec form's, and those of inline `sh -c` scripts. */
import { RuleRegistry, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { runCommands } from "./run-commands.js";

/** The command names each RUN gives, read by a rule that asks the shell parser for `parsed` RUNs only. */
function namesOf(dockerfile: string, parsed: (text: string) => boolean = () => true): string[][] {
  const seen: string[][] = [];
  const rule = defineRule({
    meta: {
      id: "probe",
      severity: "info",
      type: "suggestion",
      docs: { description: "reads RUNs" },
      messages: {},
      shell: (instruction, file) => parsed(file.text.slice(instruction.range.start.offset, instruction.range.end.offset)),
    },
    create: (context) => ({
      Run: (node) => {
        const commands = runCommands(context, node);
        // The rules asking next about the same RUN get the same list.
        expect(runCommands(context, node)).toBe(commands);
        seen.push(commands.map((command) => command.name ?? "?"));
      },
    }),
  });
  lintText(dockerfile, { registry: new RuleRegistry([rule]) });
  return seen;
}

describe("runCommands", () => {
  test("each command followed by the commands of the script it runs inline, in execution order", () => {
    expect(namesOf(`FROM a\nRUN a && sh -c 'b; c' && d\n`)).toEqual([["a", "sh", "b", "c", "d"]]);
    expect(namesOf(`FROM a\nRUN sudo bash -lc "apt-get update" && su app -c 'make'\n`)).toEqual([["sudo", "apt-get", "su", "make"]]);
  });
  test("a command the RUN's script already holds inside the inline script is not read twice", () => {
    expect(namesOf(`FROM a\nRUN sh -c "$(cat script)"\n`)).toEqual([["sh", "cat"]]);
  });
  test("scripts are read three levels deep, not deeper", () => {
    expect(namesOf(`FROM a\nRUN sh -c "sh -c 'sh -c x'"\n`)).toEqual([["sh", "sh", "sh", "x"]]);
    expect(namesOf(`FROM a\nRUN sh -c "sh -c 'sh -c \\"sh -c y\\"'"\n`)).toEqual([["sh", "sh", "sh", "sh"]]);
  });
  test("an exec-form RUN is its one command, and the script it runs", () => {
    expect(namesOf(`FROM a\nRUN ["sh", "-c", "apt-get update && make"]\n`)).toEqual([["sh", "apt-get", "make"]]);
    expect(namesOf(`FROM a\nRUN ["make", "all"]\n`)).toEqual([["make"]]);
    expect(namesOf(`FROM a\nRUN []\n`)).toEqual([[]]);
  });
  test("an exec form is read even where the rule asks no shell parse; a shell form is not", () => {
    const none = () => false;
    expect(namesOf(`FROM a\nRUN ["make"]\nRUN make\n`, none)).toEqual([["make"], []]);
  });
  test("one RUN after another: each its own commands, and again after another RUN", () => {
    expect(namesOf(`FROM a\nRUN one\nRUN two\nRUN one\n`)).toEqual([["one"], ["two"], ["one"]]);
  });
});
