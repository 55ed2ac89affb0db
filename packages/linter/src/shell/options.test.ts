/** Options and operands of a command as getopt-style tools read them, and commands behind wrappers. */
import { describe, expect, test } from "vitest";
import { LineIndex } from "../positions.js";
import { commandOf, commandsOf, hasOption, parseOptions } from "./options.js";
import { type ShellCommand, analyzeScript } from "./script.js";
import { heredocText } from "./source-map.js";

function commands(script: string): ReturnType<typeof analyzeScript>["commands"] {
  return analyzeScript([heredocText(script, 0)], new LineIndex(script)).commands;
}

function parsed(script: string, valued: string[] = []): { options: [string, string | null, string][]; operands: (string | null)[] } {
  const [command] = commands(script);
  if (!command) throw new Error(`no command in ${script}`);
  const result = parseOptions(command, new Set(valued));
  return { options: result.options.map((option) => [option.name, option.value, option.word.text]), operands: result.operands.map((word) => word.value) };
}

describe("parseOptions", () => {
  test("long options, with a value after = or, when valued, in the next word", () => {
    expect(parsed("apt-get install --yes --target-release=bookworm --option Dpkg::x curl", ["option"])).toEqual({
      options: [
        ["yes", null, "--yes"],
        ["target-release", "bookworm", "--target-release=bookworm"],
        ["option", "Dpkg::x", "--option"],
      ],
      operands: ["install", "curl"],
    });
    // Not valued: the next word is an operand.
    expect(parsed("apt-get --option Dpkg::x install")).toEqual({ options: [["option", null, "--option"]], operands: ["Dpkg::x", "install"] });
    // A valued option with its value inline takes nothing from the next word.
    expect(parsed("apt-get --option=Dpkg::x install", ["option"])).toEqual({ options: [["option", "Dpkg::x", "--option=Dpkg::x"]], operands: ["install"] });
    // `--a=b=c`: the value runs from the first `=`.
    expect(parsed("tool --a=b=c").options).toEqual([["a", "b=c", "--a=b=c"]]);
  });

  test("clustered short options; a valued one takes the rest of the cluster, an inline value or the next word", () => {
    expect(parsed("apt-get -yq install", ["t", "o"])).toEqual({ options: [["y", null, "-yq"], ["q", null, "-yq"]], operands: ["install"] });
    expect(parsed("apt-get -yt bookworm install", ["t"])).toEqual({ options: [["y", null, "-yt"], ["t", "bookworm", "-yt"]], operands: ["install"] });
    expect(parsed("apt-get -tbookworm install", ["t"])).toEqual({ options: [["t", "bookworm", "-tbookworm"]], operands: ["install"] });
    expect(parsed("apt-get -t=bookworm install", ["t"])).toEqual({ options: [["t", "bookworm", "-t=bookworm"]], operands: ["install"] });
    expect(parsed("apt-get -yt", ["t"]).options).toEqual([["y", null, "-yt"], ["t", null, "-yt"]]);
    // An inline value belongs to the cluster's last option only.
    expect(parsed("tool -ab=c").options).toEqual([["a", null, "-ab=c"], ["b", "c", "-ab=c"]]);
  });

  test("`--` ends the options; `-` and computed words are operands", () => {
    expect(parsed("rm -f -- -x --y")).toEqual({ options: [["f", null, "-f"]], operands: ["-x", "--y"] });
    expect(parsed('tar -x - "$FILE" -v')).toEqual({ options: [["x", null, "-x"], ["v", null, "-v"]], operands: ["-", null] });
  });

  test("hasOption names any of several options", () => {
    const [command] = commands("apk add --no-network -q curl");
    if (!command) throw new Error("no command");
    const options = parseOptions(command);
    expect(hasOption(options, "no-cache", "no-network")).toBe(true);
    expect(hasOption(options, "q")).toBe(true);
    expect(hasOption(options, "no-cache")).toBe(false);
    expect(hasOption(options)).toBe(false);
  });
});

describe("commandsOf", () => {
  test("commands of the programs, by name or path", () => {
    expect(commandsOf(commands("apt-get update && /usr/bin/apt-get install x && apt install y && echo apt-get"), ["apt-get"]).map((command) => command.name)).toEqual(["apt-get", "/usr/bin/apt-get"]);
    expect(commandsOf(commands("apt update; apt-get update"), ["apt", "apt-get"]).map((command) => command.name)).toEqual(["apt", "apt-get"]);
  });

  test("a wrapped command from its name on, over the wrapper's own range", () => {
    const script = "sudo -E /usr/bin/apt-get install -y curl";
    const [found] = commandsOf(commands(script), ["apt-get"]);
    expect(found?.name).toBe("/usr/bin/apt-get");
    expect(found?.program).toBe("apt-get");
    expect(found?.nameWord.text).toBe("/usr/bin/apt-get");
    expect(found?.args.map((arg) => arg.value)).toEqual(["install", "-y", "curl"]);
    expect(found?.range.start.offset).toBe(0);
    expect(found?.range.end.offset).toBe(script.length);
    for (const wrapper of ["doas", "xargs", "env", "nice", "nohup", "time", "timeout 5", "stdbuf -o0", "eatmydata", "chronic"]) {
      expect(commandsOf(commands(`${wrapper} apt-get update`), ["apt-get"]).map((command) => command.program), wrapper).toEqual(["apt-get"]);
    }
  });

  test("no program in a command that is not a wrapper, or in a wrapper's arguments that do not name it", () => {
    expect(commandsOf(commands("echo apt-get update"), ["apt-get"])).toEqual([]);
    expect(commandsOf(commands("sudo apt update"), ["apt-get"])).toEqual([]);
    expect(commandsOf(commands('sudo "$TOOL" apt'), ["apt-get"])).toEqual([]);
    expect(commandsOf(commands("$X apt-get update"), ["apt-get"])).toEqual([]);
  });
});

describe("commandOf", () => {
  function only(script: string): ShellCommand {
    const [command] = commands(script);
    if (!command) throw new Error(`no command in ${script}`);
    return command;
  }

  test("the command itself when it runs one of the programs, or the command a wrapper runs", () => {
    const direct = only("/usr/bin/apt-get update");
    expect(commandOf(direct, ["apt", "apt-get"])).toBe(direct);
    expect(commandOf(only("sudo -u app apt-get update"), ["apt-get"])?.args.map((arg) => arg.value)).toEqual(["update"]);
  });

  test("null for any other command", () => {
    for (const script of ["echo apt-get", "sudo apt update", '"$TOOL" apt-get', "sudo"]) expect(commandOf(only(script), ["apt-get"]), script).toBeNull();
  });
});
