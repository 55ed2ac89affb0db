/** cleanup.ts: commands that empty a directory, commands after another, and the ` && cleanup` suggestion. */
import { RuleFixer, RuleRegistry, type ShellCommand, applyFixes, defineRule, lintText } from "@dfbuild/linter";
import type { Instruction } from "@dfbuild/parser";
import { describe, expect, test } from "vitest";
import { appendToScript, removesDirectory, runsAfter } from "./cleanup.js";

interface Seen {
  commands: ShellCommand[];
  /** The text with ` && clean` appended as `appendToScript` would, or null where it offers nothing. */
  appended: string | null;
}

/** For each RUN and CMD of `dockerfile`: its shell commands and what `appendToScript` does with it. */
function runsOf(dockerfile: string): Seen[] {
  const seen: Seen[] = [];
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "reads RUNs" }, messages: {}, shell: true },
    create: (context) => {
      const visit = (node: Instruction) => {
        const append = appendToScript(context, node, "clean");
        const appended = append === null ? null : applyFixes(dockerfile, [[append(new RuleFixer())]]).output;
        seen.push({ commands: context.shell(node)?.commands ?? [], appended });
      };
      return { Run: visit, Cmd: visit };
    },
  });
  lintText(dockerfile, { registry: new RuleRegistry([rule]) });
  return seen;
}

/** The commands of one shell-form RUN holding `script`. */
function commandsOf(script: string): ShellCommand[] {
  return runsOf(`FROM a\nRUN ${script}\n`)[0]?.commands ?? [];
}

const APT_LISTS = ["/var/lib/apt/lists"];
const removes = (script: string, directories = APT_LISTS) => commandsOf(script).some((command) => removesDirectory(command, directories));

describe("removesDirectory", () => {
  test("rm of the directory, its contents, a glob in it, or a directory above it", () => {
    for (const script of [
      "rm -rf /var/lib/apt/lists/*",
      "rm -rf /var/lib/apt/lists",
      "rm -rf /var/lib/apt/lists/",
      "rm -rf /var/lib//apt/lists//",
      "rm -r /var/lib/apt/lists/*_*",
      "rm -rf /var/lib/apt",
      "rm -rf /*",
      "sudo rm -rf -- /var/lib/apt/lists/*",
      "rm -f /tmp/x /var/lib/apt/lists/*",
    ]) {
      expect(removes(script), script).toBe(true);
    }
    expect(removes("rm -rf /var/cache/libdnf5*", ["/var/cache/libdnf5"])).toBe(true);
    expect(removes("rm -rf /var/cache/dnf", ["/var/cache/libdnf5", "/var/cache/dnf"])).toBe(true);
    expect(removes("find /var/cache/dnf -delete", ["/var/cache/libdnf5", "/var/cache/dnf"])).toBe(true);
  });

  test("not a directory below it, a sibling, a relative path, a glob above the last segment, or a word with a variable", () => {
    for (const script of [
      "rm -rf /var/lib/apt/lists/partial",
      "rm -rf /var/lib/apt/listsx",
      "rm -rf var/lib/apt/lists/*",
      "rm -rf lists/*",
      "rm -rf *",
      "rm -rf /va*/lib/apt/lists",
      'rm -rf "$LISTS"',
      "ls /var/lib/apt/lists",
      "echo rm -rf /var/lib/apt/lists",
    ]) {
      expect(removes(script), script).toBe(false);
    }
  });

  test("find DIR … -delete", () => {
    expect(removes("find /var/lib/apt/lists -type f -delete")).toBe(true);
    expect(removes("find /var/lib/apt/lists/ -delete")).toBe(true);
    expect(removes("find /var/lib/apt -name '*.deb' -delete")).toBe(true);
    expect(removes("find /var/lib/apt/lists -type f")).toBe(false);
    expect(removes("find /var/lib/apt/lists -type f -print")).toBe(false);
    expect(removes("find . -delete")).toBe(false);
    expect(removes("find -delete")).toBe(false);
    expect(removes("find /tmp -delete")).toBe(false);
  });
});

describe("runsAfter", () => {
  const commands = commandsOf("a && b; c | d");
  const named = (name: string) => (command: ShellCommand) => command.name === name;

  test("only commands after the position count", () => {
    expect(runsAfter(commands, 0, named("c"))).toBe(true);
    expect(runsAfter(commands, 2, named("d"))).toBe(true);
    expect(runsAfter(commands, -1, named("a"))).toBe(true);
    expect(runsAfter(commands, 0, named("a"))).toBe(false);
    expect(runsAfter(commands, 2, named("c"))).toBe(false);
    expect(runsAfter(commands, 3, named("d"))).toBe(false);
  });
});

describe("appendToScript", () => {
  const appended = (dockerfile: string) => runsOf(dockerfile).map((run) => run.appended);

  test("a shell-form RUN whose script is one && chain or pipeline: ` && clean` after its command", () => {
    expect(appended("FROM a\nRUN a && b\n")).toEqual(["FROM a\nRUN a && b && clean\n"]);
    expect(appended("FROM a\nRUN a | b   \n")).toEqual(["FROM a\nRUN a | b && clean   \n"]);
    expect(appended("FROM a\nRUN a \\\n  && b\r\nRUN c\n")).toEqual(["FROM a\nRUN a \\\n  && b && clean\r\nRUN c\n", "FROM a\nRUN a \\\n  && b\r\nRUN c && clean\n"]);
  });

  test("nothing where appending could change what runs before, or there is no script", () => {
    expect(appended("FROM a\nRUN a; b\n")).toEqual([null]);
    expect(appended("FROM a\nRUN a & b\n")).toEqual([null]);
    expect(appended("FROM a\nRUN a || b\n")).toEqual([null]);
    expect(appended('FROM a\nRUN ["a", "b"]\n')).toEqual([null]);
    expect(appended("FROM a\nRUN cat <<EOF\nx\nEOF\n")).toEqual([null]);
    expect(appended("FROM a\nRUN a && (b\n")).toEqual([null]);
    expect(appended("FROM a\nCMD a && b\n")).toEqual([null]);
  });
});
