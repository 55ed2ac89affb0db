import { parse } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { lintText } from "../engine.js";
import { LineIndex } from "../positions.js";
import { RuleRegistry } from "../registry.js";
import { defineRule } from "../rule.js";
import { analyzeInlineScript, execFormCommand, inlineScriptWord } from "./nested.js";
import type { ShellCommand, ShellScript } from "./script.js";

/** The shell view of the single RUN in `FROM scratch\nRUN <run>\n`. */
function scriptOf(run: string): { script: ShellScript; text: string } {
  const text = `FROM scratch\nRUN ${run}\n`;
  const seen: { script: ShellScript | null } = { script: null };
  const probe = defineRule({
    meta: { id: "shell-probe", severity: "info", type: "suggestion", docs: { description: "records shell views" }, messages: {}, shell: () => true },
    create: (context) => ({
      Run: (node) => {
        seen.script = context.shell(node);
      },
    }),
  });
  lintText(text, { registry: new RuleRegistry([probe]) });
  if (!seen.script) throw new Error("no shell view");
  return { script: seen.script, text };
}

function inner(run: string): { commands: ShellCommand[]; text: string } {
  const { script, text } = scriptOf(run);
  const command = script.commands[0];
  const word = command ? inlineScriptWord(command) : null;
  if (!word) return { commands: [], text };
  return { commands: analyzeInlineScript(word, new LineIndex(text))?.commands ?? [], text };
}

const slice = (text: string, command: ShellCommand | undefined) => (command ? text.slice(command.range.start.offset, command.range.end.offset) : null);

describe("inlineScriptWord", () => {
  test.each([
    ["sh -c 'apt-get update'", "'apt-get update'"],
    ["bash -lc 'x'", "'x'"],
    ["bash -euxo pipefail -c 'x' name arg", "'x'"],
    ["/bin/bash -O extglob -c 'x'", "'x'"],
    ["bash --rcfile /etc/rc -c 'x'", "'x'"],
    ["bash --login -c 'x'", "'x'"],
    ["su -c 'x' app", "'x'"],
    ["su app -c 'x'", "'x'"],
    ["runuser -u app --command 'x'", "'x'"],
    // util-linux keeps the last -c, --command=… included.
    ["su -c a -c 'x' app", "'x'"],
    ["su --command=a app -c 'x'", "'x'"],
    // `--` and a lone `-` end the options; the next word is the script, whatever it starts with.
    ["sh -c -- 'x'", "'x'"],
    ["sh -c -- -x", "-x"],
    ["sh -c - 'x'", "'x'"],
    // `+e` turns an option off; a lone `+` is an empty cluster.
    ["bash +e -c 'x'", "'x'"],
    ["bash +o posix -c 'x'", "'x'"],
    ["bash -c + 'x'", "'x'"],
  ])("%s", (run, expected) => {
    const command = scriptOf(run).script.commands[0];
    expect(command && inlineScriptWord(command)?.text).toBe(expected);
  });

  test.each(["sh script.sh", "bash -e script.sh -c x", "sh $OPTS -c 'x'", "python -c 'print(1)'", "sh -c", "su app", "sh -- -c 'x'", "sh - -c 'x'", "su -c 'x' --command='y'"])("%s runs no inline script", (run) => {
    const command = scriptOf(run).script.commands[0];
    expect(command && inlineScriptWord(command)).toBeNull();
  });
});

describe("analyzeInlineScript", () => {
  test("a single-quoted script maps its commands exactly", () => {
    const { commands, text } = inner("sh -c 'apt-get update && apt-get install -y curl'");
    expect(commands.map((command) => command.program)).toEqual(["apt-get", "apt-get"]);
    expect(slice(text, commands[1])).toBe("apt-get install -y curl");
    expect(commands[1]?.args.map((arg) => arg.value)).toEqual(["install", "-y", "curl"]);
  });

  test("a double-quoted script keeps its variables as unknown words, positions exact", () => {
    const { commands, text } = inner('bash -c "apk add $PKGS curl"');
    expect(commands[0]?.args.map((arg) => arg.value)).toEqual(["add", null, "curl"]);
    expect(slice(text, commands[0])).toBe("apk add $PKGS curl");
  });

  test("escapes inside double quotes are decoded; positions fall back to the whole word", () => {
    const { commands, text } = inner('sh -c "echo \\"a b\\" && pip install x"');
    expect(commands.map((command) => command.args.map((arg) => arg.value))).toEqual([["a b"], ["install", "x"]]);
    expect(slice(text, commands[1])).toBe('"echo \\"a b\\" && pip install x"');
  });

  test("a script spanning continuation lines reports the whole word", () => {
    const { commands, text } = inner("sh -c 'apt-get update \\\n && apt-get install x'");
    expect(commands.map((command) => command.program)).toEqual(["apt-get", "apt-get"]);
    expect(slice(text, commands[1])).toBe("'apt-get update \\\n && apt-get install x'");
  });

  test("a double-quoted script with expansions: escapes decoded, positions fall back to the whole word", () => {
    const { commands, text } = inner('sh -c "echo \\"$A\\" && pip install x"');
    expect(commands.map((command) => command.args.map((arg) => [arg.text, arg.value]))).toEqual([
      [['"$A"', null]],
      [
        ["install", "install"],
        ["x", "x"],
      ],
    ]);
    expect(slice(text, commands[1])).toBe('"echo \\"$A\\" && pip install x"');
  });

  test("a computed word that is not one double-quoted string is not read", () => {
    expect(inner("sh -c $SCRIPT").commands).toEqual([]);
    // Two double-quoted strings glued: the text between its outer quotes is not one string.
    expect(inner('sh -c "apt-get install $A"" curl"').commands).toEqual([]);
  });

  test("a computed word that only ends, or only starts, with a double quote is not read", () => {
    // `$A\"`: an escaped quote at the end; `"$A`: a string that is never closed.
    expect(inner('sh -c $A\\"').commands).toEqual([]);
    expect(inner('sh -c "$A').commands).toEqual([]);
  });

  test("a word that mixes quoting and expansions is not read", () => {
    const { commands } = inner("sh -c 'apt-get install '\"$X\"");
    expect(commands).toEqual([]);
  });
});

describe("execFormCommand", () => {
  test("the array is one command of literal words", () => {
    const text = 'FROM scratch\nRUN ["/usr/bin/apt-get", "install", "-y", "$PKG"]\n';
    const run = parse(text).ast.instructions[1];
    if (run?.type !== "Run" || run.command?.type !== "ExecForm") throw new Error("expected an exec-form RUN");
    const command = execFormCommand(run.command);
    expect(command?.program).toBe("apt-get");
    expect(command?.args.map((arg) => arg.value)).toEqual(["install", "-y", "$PKG"]);
    expect(slice(text, command ?? undefined)).toBe('"/usr/bin/apt-get", "install", "-y", "$PKG"');
  });

  test("an empty array has no command", () => {
    const run = parse("FROM scratch\nRUN []\n").ast.instructions[1];
    if (run?.type !== "Run" || run.command?.type !== "ExecForm") throw new Error("expected an exec-form RUN");
    expect(execFormCommand(run.command)).toBeNull();
  });
});
