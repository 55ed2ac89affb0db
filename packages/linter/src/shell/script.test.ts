import type { Range } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { lintText } from "../engine.js";
import { RuleRegistry } from "../registry.js";
import { defineRule } from "../rule.js";
import type { ShellScript } from "./script.js";

/** The shell view the linter gives rules for each RUN of `dockerfile`. */
function scriptsOf(dockerfile: string): (ShellScript | null)[] {
  const scripts: (ShellScript | null)[] = [];
  const probe = defineRule({
    meta: { id: "shell-probe", severity: "info", type: "suggestion", docs: { description: "records shell views" }, messages: {}, shell: () => true },
    create: (context) => ({
      Run: (node) => {
        scripts.push(context.shell(node));
      },
    }),
  });
  lintText(dockerfile, { registry: new RuleRegistry([probe]) });
  return scripts;
}

function scriptOf(run: string): ShellScript {
  const [script] = scriptsOf(`FROM scratch\nRUN ${run}\n`);
  if (!script) throw new Error("no shell view");
  return script;
}

describe("the shell view of RUN", () => {
  test("pipes, with each stage's program, in substitutions too", () => {
    const script = scriptOf(`curl -fsSL https://x | /bin/tar -xz && V=$(git describe | cut -c2-) || (cd a && make) | tee log; a || b`);
    expect(script.pipelines.map((pipe) => pipe.programs)).toEqual([["curl", "tar"], ["git", "cut"], [null, "tee"]]);
    const [curl] = script.pipelines;
    expect(curl?.range.start).toMatchObject({ line: 2, column: 5 });
    expect(curl?.range.end).toMatchObject({ line: 2, column: 40 });
    expect(scriptOf("a && b || c").pipelines).toEqual([]);
  });

  test("commands with literal values, exact ranges and program names", () => {
    const script = scriptOf(`apt-get install -y "py"'thon' a\\ b $HOME && /usr/bin/pip install -r req.txt`);
    expect(script.commands.map((command) => [command.name, command.program, command.args.map((arg) => arg.value)])).toEqual([
      ["apt-get", "apt-get", ["install", "-y", "python", "a b", null]],
      ["/usr/bin/pip", "pip", ["install", "-r", "req.txt"]],
    ]);
    const [apt, pip] = script.commands;
    expect(apt?.range.start).toMatchObject({ line: 2, column: 5 });
    expect(apt?.args[2]?.range.start).toMatchObject({ line: 2, column: 24 });
    expect(apt?.args[2]?.text).toBe(`"py"'thon'`);
    expect(pip?.nameWord.range.start.offset).toBe(`FROM scratch\nRUN apt-get install -y "py"'thon' a\\ b $HOME && `.length);
    expect(script).toMatchObject({ commandCount: 2, hasErrors: false, andChain: true });
  });

  test("values that the shell computes are null", () => {
    const script = scriptOf(`echo "$A" "\${B:-x}" $(date) {a,b} "plain" $'tab\\t' *.txt "a$B"`);
    expect(script.commands[0]?.args.map((arg) => arg.value)).toEqual([null, null, null, null, "plain", "tab\t", "*.txt", null]);
  });

  test("a command's range stops before the redirections after it, and starts at its prefix assignments", () => {
    const script = scriptOf("DEBIAN_FRONTEND=noninteractive apt-get update >/dev/null 2>&1");
    const command = script.commands[0];
    expect(command?.range.start.column).toBe(5);
    expect(command?.range.end.column).toBe(5 + "DEBIAN_FRONTEND=noninteractive apt-get update".length);
  });

  test("commands inside substitutions are listed, at their own positions, but not counted", () => {
    const script = scriptOf("VERSION=$(apt-cache policy curl | grep Candidate) && echo `uname -r` $([[ -f /x ]] && echo y)");
    expect(script.commands.map((command) => command.program)).toEqual(["apt-cache", "grep", "echo", "uname", "echo"]);
    expect(script.commandCount).toBe(1);
    const [aptCache, , , uname] = script.commands;
    expect(aptCache?.range.start).toMatchObject({ line: 2, column: 5 + "VERSION=$(".length });
    expect(uname?.range.start).toMatchObject({ line: 2, column: 5 + "VERSION=$(apt-cache policy curl | grep Candidate) && echo `".length });
  });

  test("an escaped backtick substitution's commands take the range of the substitution", () => {
    const script = scriptOf("echo `echo \\`date\\``");
    // Its script's offsets index the substitution's decoded text (echo `date`), not the file.
    const offsets = (range: Range | undefined) => range && [range.start.offset, range.end.offset];
    const [outer, inner, date] = script.commands;
    expect(script.commands.map((command) => command.program)).toEqual(["echo", "echo", "date"]);
    const substitution = offsets(outer?.args[0]?.range);
    expect(substitution).toEqual(["FROM scratch\nRUN echo ".length, "FROM scratch\nRUN echo `echo \\`date\\``".length]);
    expect(offsets(inner?.range)).toEqual(substitution);
    expect(offsets(date?.range)).toEqual(substitution);
  });

  test("declaration builtins keep their assignments as arguments", () => {
    const script = scriptOf("export PATH=/opt/bin:$PATH LANG=C.UTF-8 A+=b B[1]=x");
    expect(script.commands[0]?.args.map((arg) => [arg.text, arg.value])).toEqual([
      ["PATH=/opt/bin:$PATH", null],
      ["LANG=C.UTF-8", "LANG=C.UTF-8"],
      ["A+=b", "A+=b"],
      // An array element's value depends on the array's other elements.
      ["B[1]=x", null],
    ]);
  });

  test.each([
    ["a && b | c", true],
    ["a; b", false],
    ["a || b", false],
    ["a && b || c", false],
    ["a &", false],
    ["if a; then b; fi", true],
    ["a && \\\n    b", true],
  ])("%j is one && chain: %s", (run, andChain) => {
    expect(scriptOf(run).andChain).toBe(andChain);
  });

  test.each([
    ["A=1", true],
    ["A=1 >/dev/null", true],
    ["make && A=$(date)", true],
    ["f() { make; }", true],
    ["A=1 make", false],
    ["export A=1", false],
    [">/tmp/x", false],
    ["a && b", false],
  ])("%j sets shell state: %s", (run, setsShellState) => {
    expect(scriptOf(run).setsShellState).toBe(setsShellState);
  });

  test("an empty script is an && chain; two heredoc scripts are not, even of one command each", () => {
    const [empty, two] = scriptsOf("FROM scratch\nRUN <<EOF\n# nothing\nEOF\nRUN <<A <<B\nmake\nA\nmake install\nB\n");
    expect(empty).toMatchObject({ commands: [], andChain: true });
    expect(two?.commands.map((command) => command.args[0]?.value)).toEqual([undefined, "install"]);
    expect(two?.andChain).toBe(false);
  });

  test("test commands count as commands", () => {
    const script = scriptOf("[[ -f /x ]] && [ -d /y ]");
    expect(script.commandCount).toBe(2);
  });

  test("heredoc bodies run as the script are parsed; data heredocs are not", () => {
    const [asScript, asData] = scriptsOf("FROM scratch\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nRUN cat <<EOF > /etc/x\napt-get install nothing\nEOF\n");
    expect(asScript?.commands.map((command) => command.args[0]?.value)).toEqual(["update", "install"]);
    expect(asScript?.commands[1]?.range.start).toMatchObject({ line: 4, column: 1 });
    expect(asScript?.andChain).toBe(false);
    expect(asData?.commands.map((command) => command.program)).toEqual(["cat"]);
  });

  test("syntax errors, nested ones too, are reported and what was read is kept", () => {
    expect(scriptOf(`echo "unterminated && apt-get update`)).toMatchObject({ hasErrors: true });
    const nested = scriptOf(`apt-get update && echo $(echo 'open)`);
    expect(nested.hasErrors).toBe(true);
    expect(nested.commands[0]?.program).toBe("apt-get");
  });
});
