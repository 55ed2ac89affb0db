/**
 * hadolint's reading of a RUN (hadolint/hadolint src/Hadolint/Shell.hs): words rendered as its
 * `simplify` does, flags as its `getAllFlags`, arguments as `getArgsNoFlags (dropFlagArg …)`.
 */
import { RuleRegistry, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { type HadolintCommand, argsNoFlags, cmdHasArgs, hadolintCommands, hasFlag, simplify } from "./hadolint-shell.js";

const nowhere = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** A word whose value depends on an expansion (the shell parser's `value: null`), as written. */
function rendered(text: string): string {
  return simplify({ text, value: null, range: nowhere });
}

/** hadolint's commands of each RUN, read by a rule the way the rules read them. */
function commandsOf(dockerfile: string): HadolintCommand[][] {
  const seen: HadolintCommand[][] = [];
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "reads RUNs" }, messages: {}, shell: () => true },
    create: (context) => ({
      Run: (node) => {
        const commands = hadolintCommands(context, node);
        // A second look at the same RUN is the same view (other rules ask for it after this one).
        expect(hadolintCommands(context, node)).toBe(commands);
        seen.push([...commands]);
      },
    }),
  });
  lintText(dockerfile, { registry: new RuleRegistry([rule]) });
  return seen;
}

describe("simplify", () => {
  test("a word without expansions is its value", () => {
    expect(simplify({ text: "'a b'", value: "a b", range: nowhere })).toBe("a b");
  });
  test("quotes are removed; an unclosed single quote runs to the end", () => {
    expect(rendered(`'a "b'c"d"$X`)).toBe('a "bcd${X}');
    expect(rendered("x'abc")).toBe("xabc");
  });
  test("a backslash keeps the next character only; a trailing one is dropped", () => {
    expect(rendered("\\$X\\'a")).toBe("$X'a");
    expect(rendered("$X\\")).toBe("${X}");
  });
  test("variables are written ${NAME}: the longest name, or one special character", () => {
    expect(rendered("$A_1-b")).toBe("${A_1}-b");
    expect(rendered("$_x.y")).toBe("${_x}.y");
    expect(rendered("$1x")).toBe("${1}x");
    expect(rendered("$@$*$#$?$$$!$-")).toBe("${@}${*}${#}${?}${$}${!}${-}");
    expect(rendered("${A:-x y}z")).toBe("${A:-x y}z");
    expect(rendered("a${A")).toBe("a${A");
    // Inside ${…} nothing is unquoted: the expansion is kept as written.
    expect(rendered("${A:-'x'}")).toBe("${A:-'x'}");
  });
  test("a $ that starts no expansion stays", () => {
    expect(rendered("$X$ a$")).toBe("${X}$ a$");
    expect(rendered("$X$.")).toBe("${X}$.");
  });
  test("a command substitution becomes ${…} of its words run together, nested ones included", () => {
    expect(rendered("v$(uname  -m)-x")).toBe("v${uname-m}-x");
    expect(rendered("$(a $(b c) d)e")).toBe("${a$(bc)d}e");
    expect(rendered("$(a")).toBe("${a}");
    expect(rendered("($(a)b)")).toBe("(${a}b)");
    // Parentheses and braces without a $ are plain characters.
    expect(rendered("f(x)")).toBe("f(x)");
    expect(rendered("a{'b'}")).toBe("a{b}");
  });
  test("backquotes become ${VAR}; an unclosed one runs to the end", () => {
    expect(rendered("a`date`b$X")).toBe("a${VAR}b${X}");
    expect(rendered("a`date b")).toBe("a${VAR}");
  });
});

describe("hadolintCommands", () => {
  test("shell form: names and arguments simplified, flags by name with the argument they came from", () => {
    const [[install, other] = []] = commandsOf('FROM alpine:3.20\nRUN /sbin/apk add -qU --no-cache=1 -- - "$PKG" && echo $(a b)\n');
    expect(install).toMatchObject({
      name: "/sbin/apk",
      args: ["add", "-qU", "--no-cache=1", "--", "-", "${PKG}"],
      flags: [
        { name: "q", index: 1 },
        { name: "U", index: 1 },
        { name: "no-cache", index: 2 },
      ],
    });
    expect(install?.command.name).toBe("/sbin/apk");
    expect(other).toMatchObject({ name: "echo", args: ["${ab}"], flags: [] });
  });
  test("exec form: the elements joined by spaces and split again, as language-docker's ArgumentsList", () => {
    const [[command] = []] = commandsOf('FROM alpine:3.20\nRUN ["apk", "add  --no-cache", "", "curl"]\n');
    expect(command).toMatchObject({ name: "apk", args: ["add", "--no-cache", "curl"], flags: [{ name: "no-cache", index: 1 }] });
    expect(command?.command).toMatchObject({ name: "apk", program: "apk", args: [], nameWord: { text: '"apk"', value: "apk" } });
    expect(commandsOf('FROM alpine:3.20\nRUN ["/sbin/apk", "add"]\n')[0]?.[0]?.command.program).toBe("apk");
  });
  test("an exec form without words has no command; other instructions are not read", () => {
    expect(commandsOf('FROM alpine:3.20\nRUN []\nRUN [" "]\n')).toEqual([[], []]);
  });
});

describe("cmdHasArgs, hasFlag, argsNoFlags", () => {
  const [[apt] = []] = commandsOf("FROM debian:12\nRUN apt-get -o Dpkg::Options::=x install -y --target-release=bookworm -t stable curl -qq\n");
  test("cmdHasArgs: the name matched whole, then any argument", () => {
    if (!apt) throw new Error("no command read");
    expect(cmdHasArgs(apt, "apt-get", ["install"])).toBe(true);
    expect(cmdHasArgs(apt, ["apt", "apt-get"], ["remove", "curl"])).toBe(true);
    expect(cmdHasArgs(apt, "apt", ["install"])).toBe(false);
    expect(cmdHasArgs(apt, ["apt"], ["install"])).toBe(false);
    expect(cmdHasArgs(apt, "apt-get", ["remove"])).toBe(false);
    // A name is matched whole, not as a part of the name asked for.
    const [[short] = []] = commandsOf("FROM debian:12\nRUN apt install curl\n");
    expect(short && cmdHasArgs(short, "apt-get", ["install"])).toBe(false);
    expect(short && cmdHasArgs(short, "apt", ["install"])).toBe(true);
  });
  test("hasFlag: any of the names, long or short", () => {
    if (!apt) throw new Error("no command read");
    expect(hasFlag(apt, "yes", "y")).toBe(true);
    expect(hasFlag(apt, "target-release")).toBe(true);
    expect(hasFlag(apt, "q")).toBe(true);
    expect(hasFlag(apt, "bookworm", "install")).toBe(false);
  });
  test("argsNoFlags: no flags, and no word after a dropped flag unless it had =value", () => {
    if (!apt) throw new Error("no command read");
    expect(argsNoFlags(apt)).toEqual(["Dpkg::Options::=x", "install", "stable", "curl"]);
    expect(argsNoFlags(apt, ["o", "t", "target-release"])).toEqual(["install", "curl"]);
  });
});
