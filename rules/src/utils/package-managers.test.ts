/** Package-manager calls as the package-manager rules read them: tool, subcommand, options with their values, operands. */
import { RuleRegistry, type ShellCommand, type ShellWord, defineRule, lintText } from "@dfbuild/linter";
import { describe, expect, test } from "vitest";
import { APK, APT_FAMILY, DNF, GEM, INSTALL_PACKAGES, NPM, RPM_TOOLS, type Tool, type ToolCall, YARN, YUM, ZYPPER, isOneOf, pipCalls, toolCalls, toolCallsIn } from "./package-managers.js";

/** What a call says, in plain values. */
function shown(call: ToolCall): { name: string | null; index: number; subcommand: string | null; operands: (string | null)[]; options: string[] } {
  return {
    name: call.command.name,
    index: call.index,
    subcommand: call.subcommand?.value ?? null,
    operands: call.operands.map((word) => word.value),
    options: call.options.options.map((option) => (option.value === null ? option.name : `${option.name}=${option.value}`)),
  };
}

/** The commands of `FROM a` + `RUN <script>`, read by a rule that asks the shell parser for it, passed to `read`. */
function withCommands<T>(script: string, read: (commands: readonly ShellCommand[], viaContext: (tool: Tool) => ToolCall[]) => T): T {
  let result: { value: T } | undefined;
  const rule = defineRule({
    meta: { id: "probe", severity: "info", type: "suggestion", docs: { description: "reads RUNs" }, messages: {}, shell: () => true },
    create: (context) => ({
      Run: (node) => {
        const commands = context.shell(node)?.commands ?? [];
        result = { value: read(commands, (tool) => toolCallsIn(context, node, tool)) };
      },
    }),
  });
  lintText(`FROM a\nRUN ${script}\n`, { registry: new RuleRegistry([rule]) });
  if (result === undefined) throw new Error("the RUN was not read");
  return result.value;
}

const calls = (script: string, tool: Tool) => withCommands(script, (commands) => toolCalls(commands, tool).map(shown));
const pips = (script: string) => withCommands(script, (commands) => pipCalls(commands).map((call) => ({ ...shown(call), flavour: call.flavour })));

describe("toolCalls", () => {
  test("the first operand is the subcommand, the rest are operands; the index is the command's place in the RUN", () => {
    expect(calls("apt-get update && echo hi && apt-get install -y curl git", APT_FAMILY)).toEqual([
      { name: "apt-get", index: 0, subcommand: "update", operands: [], options: [] },
      { name: "apt-get", index: 2, subcommand: "install", operands: ["curl", "git"], options: ["y"] },
    ]);
  });

  test("an option's value is not read as an operand", () => {
    expect(calls("apt-get install -t bookworm-backports -o Dpkg::Options::=--force-confnew curl", APT_FAMILY)).toEqual([
      { name: "apt-get", index: 0, subcommand: "install", operands: ["curl"], options: ["t=bookworm-backports", "o=Dpkg::Options::=--force-confnew"] },
    ]);
    expect(calls("apk add --virtual .build-deps -X https://mirror/ gcc", APK)[0]).toMatchObject({ subcommand: "add", operands: ["gcc"] });
    expect(calls("yum install --enablerepo epel -x kernel* nginx", YUM)[0]).toMatchObject({ subcommand: "install", operands: ["nginx"] });
    expect(calls("zypper --root /mnt install -r repo vim", ZYPPER)[0]).toMatchObject({ subcommand: "install", operands: ["vim"] });
    expect(calls("npm --registry https://r/ install --omit dev express", NPM)[0]).toMatchObject({ subcommand: "install", operands: ["express"] });
    expect(calls("gem install -v 1.2 --source https://g/ rails", GEM)[0]).toMatchObject({ subcommand: "install", operands: ["rails"] });
    expect(calls("yarn --cache-folder /c add --mode update-lockfile left-pad", YARN)[0]).toMatchObject({ subcommand: "add", operands: ["left-pad"] });
  });

  test("each program of a tool, through its directory and through wrappers", () => {
    expect(calls("/usr/bin/apt update && sudo aptitude install x && xx-apt-get install y", APT_FAMILY).map((call) => [call.name, call.subcommand])).toEqual([
      ["/usr/bin/apt", "update"],
      ["aptitude", "install"],
      ["xx-apt-get", "install"],
    ]);
    expect(calls("dnf5 install a && microdnf install b && yum install c", DNF).map((call) => call.name)).toEqual(["dnf5", "microdnf"]);
    expect(calls("dnf clean all && yum clean all && echo", RPM_TOOLS).map((call) => call.index)).toEqual([0, 1]);
    expect(calls("echo apt-get install x", APT_FAMILY)).toEqual([]);
  });

  test("a tool without subcommands has only operands", () => {
    expect(calls("install_packages curl git", INSTALL_PACKAGES)).toEqual([{ name: "install_packages", index: 0, subcommand: null, operands: ["curl", "git"], options: [] }]);
  });

  test("a call without operands has no subcommand", () => {
    expect(calls("yarn --production", YARN)).toEqual([{ name: "yarn", index: 0, subcommand: null, operands: [], options: ["production"] }]);
  });

  test("toolCallsIn reads the RUN's commands, inline scripts included", () => {
    expect(withCommands("sh -c 'apk add curl'", (_commands, viaContext) => viaContext(APK).map(shown))).toEqual([
      { name: "apk", index: 1, subcommand: "add", operands: ["curl"], options: [] },
    ]);
  });
});

describe("isOneOf", () => {
  const AT = { offset: 0, line: 1, column: 1 };
  const word = (text: string, value: string | null): ShellWord => ({ text, value, range: { start: AT, end: AT } });

  test("a literal word among the values", () => {
    expect(isOneOf(word("add", "add"), ["install", "add"])).toBe(true);
    expect(isOneOf(word("del", "del"), ["install", "add"])).toBe(false);
  });

  test("no word, or a computed one, is none of them", () => {
    expect(isOneOf(null, ["install"])).toBe(false);
    expect(isOneOf(word("$CMD", null), ["install"])).toBe(false);
  });
});

describe("pipCalls", () => {
  test("pip under any of its names, with its options' values read as values", () => {
    expect(pips("pip install --no-cache-dir -r requirements.txt -i https://idx/ flask==3.0")).toEqual([
      { name: "pip", index: 0, subcommand: "install", operands: ["flask==3.0"], options: ["no-cache-dir", "r=requirements.txt", "i=https://idx/"], flavour: "pip" },
    ]);
    expect(pips("pip3.12 install a && pip2.7 install b && /usr/local/bin/pip3 install c").map((call) => [call.name, call.index])).toEqual([
      ["pip3.12", 0],
      ["pip2.7", 1],
      ["/usr/local/bin/pip3", 2],
    ]);
  });

  test("python -m pip is read from pip on, after python's own options", () => {
    expect(pips("python3 -m pip install flask")).toEqual([{ name: "pip", index: 0, subcommand: "install", operands: ["flask"], options: [], flavour: "pip" }]);
    expect(pips("python3.11 -I -u -m pip install --upgrade pip")).toEqual([
      { name: "pip", index: 0, subcommand: "install", operands: ["pip"], options: ["upgrade"], flavour: "pip" },
    ]);
  });

  test("other uses of python are no pip call", () => {
    expect(pips("python3 -m venv /venv")).toEqual([]);
    expect(pips("python3 -m")).toEqual([]);
    expect(pips("python3 setup.py install pip")).toEqual([]);
    expect(pips('python3 -c "import pip" -m pip install x')).toEqual([]);
    expect(pips("python3 $FLAGS -m pip install x")).toEqual([]);
    expect(pips("python3 -u")).toEqual([]);
    // Python's options end at its script, and the word after -c is the program, even one that looks like an option.
    expect(pips("python3 app.py -m pip install x")).toEqual([]);
    expect(pips("python3 -c -m pip install x")).toEqual([]);
  });

  test("python -m pip and uv pip are the program pip", () => {
    expect(withCommands("python3 -m pip install a && uv pip install b", (commands) => pipCalls(commands).map((call) => call.command.program))).toEqual(["pip", "pip"]);
  });

  test("uv pip and pipx have their own flavour; other uv commands are no pip call", () => {
    expect(pips("uv pip install --system flask && pipx install black")).toEqual([
      { name: "pip", index: 0, subcommand: "install", operands: ["flask"], options: ["system"], flavour: "uv" },
      { name: "pipx", index: 1, subcommand: "install", operands: ["black"], options: [], flavour: "pipx" },
    ]);
    expect(pips("uv venv && uv sync")).toEqual([]);
  });

  test("through a wrapper, and past commands that name no pip (a computed name included)", () => {
    expect(pips("$TOOL install x && echo pip && sudo -H pip3 install y && env python3 -m pip install z").map((call) => [call.name, call.index, call.operands])).toEqual([
      ["pip3", 2, ["y"]],
      ["pip", 3, ["z"]],
    ]);
  });
});
