/** inline-scripts.ts: the scripts a RUN hands to a shell it starts (`bash -c '…'`), nested ones included. */
import { RuleRegistry, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { type InlineScript, inlineScriptsOf } from "./inline-scripts.js";

interface Seen {
  shell: string;
  /** The script's command names. */
  commands: string[];
  pipefail: boolean;
  /** The script word as written. */
  word: string;
}

const describeScript = ({ shell, script, pipefail, word }: InlineScript): Seen => ({
  shell,
  commands: script.commands.map((command) => command.name ?? "?"),
  pipefail,
  word: word.text,
});

/** Per RUN of `dockerfile`, its inline scripts, read by a rule whose shell filter lets through the RUNs `parsed` accepts. */
function scriptsOf(dockerfile: string, parsed: (text: string) => boolean = () => true): Seen[][] {
  const seen: Seen[][] = [];
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
        const scripts = inlineScriptsOf(context, node);
        // The rules asking next about the same RUN get the same list.
        expect(inlineScriptsOf(context, node)).toBe(scripts);
        seen.push(scripts.map(describeScript));
      },
    }),
  });
  lintText(dockerfile, { registry: new RuleRegistry([rule]) });
  return seen;
}

const one = (run: string) => scriptsOf(`FROM a\nRUN ${run}\n`)[0];

describe("inlineScriptsOf", () => {
  test("the script of sh -c, bash -c and the like, through wrappers and in exec form", () => {
    expect(one("bash -c 'a | b'")).toEqual([{ shell: "bash", commands: ["a", "b"], pipefail: false, word: "'a | b'" }]);
    expect(one('x && sudo sh -c "apt-get update"')).toEqual([{ shell: "sh", commands: ["apt-get"], pipefail: false, word: '"apt-get update"' }]);
    expect(one("env dash -c 'a'")?.map((script) => script.shell)).toEqual(["dash"]);
    expect(one('["sh", "-c", "a | b"]')?.map((script) => script.commands)).toEqual([["a", "b"]]);
  });

  test("none for other programs, a shell running a file, or an exec form without a shell", () => {
    expect(one("python -c 'import x'")).toEqual([]);
    expect(one("bash script.sh")).toEqual([]);
    expect(one('["echo", "-c", "a"]')).toEqual([]);
    expect(one("a | b")).toEqual([]);
  });

  test("nested scripts in source order, three levels deep and no deeper", () => {
    expect(one(`sh -c "bash -c 'x'; y" && ash -c z`)?.map((script) => [script.shell, script.commands])).toEqual([
      ["sh", ["bash", "y"]],
      ["bash", ["x"]],
      ["ash", ["z"]],
    ]);
    expect(one(`sh -c "sh -c 'sh -c \\"sh -c x\\"'"`)?.map((script) => script.commands)).toEqual([["sh"], ["sh"], ["sh"]]);
  });

  test("pipefail from the runner's own options before the script", () => {
    const pipefail = (run: string) => one(run)?.map((script) => script.pipefail);
    expect(pipefail("bash -o pipefail -c 'a | b'")).toEqual([true]);
    expect(pipefail("bash -euxo pipefail -c 'a | b'")).toEqual([true]);
    expect(pipefail("bash -oe pipefail -c 'a | b'")).toEqual([true]);
    expect(pipefail("bash -o pipefail +o pipefail -c 'a | b'")).toEqual([false]);
    expect(pipefail("bash +o pipefail -o pipefail -c 'a | b'")).toEqual([true]);
    expect(pipefail("bash -o nounset -c 'a | b'")).toEqual([false]);
    expect(pipefail("bash -c pipefail")).toEqual([false]);
    expect(pipefail("bash -c 'a | b' -o pipefail")).toEqual([false]);
  });

  test("each RUN its own scripts; none for a RUN the rule's shell filter left unparsed", () => {
    expect(scriptsOf("FROM a\nRUN sh -c a\nRUN sh -c b\nRUN sh -c z\n", (text) => !text.includes("z"))).toEqual([
      [{ shell: "sh", commands: ["a"], pipefail: false, word: "a" }],
      [{ shell: "sh", commands: ["b"], pipefail: false, word: "b" }],
      [],
    ]);
    expect(scriptsOf('FROM a\nRUN ["sh", "-c", "a"]\nRUN ["sh", "-c", "b"]\n').map((scripts) => scripts.map((script) => script.commands))).toEqual([[["a"]], [["b"]]]);
  });
});
