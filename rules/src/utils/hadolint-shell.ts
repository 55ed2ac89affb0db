/**
 * hadolint's reading of a RUN, for the `hadolint` preset: rules there reproduce hadolint's
 * verdicts, so they must see commands the way `hadolint/hadolint src/Hadolint/Shell.hs` does —
 * the command name matched whole (`/usr/bin/apt-get` and `sudo apt-get` are not `apt-get`), no
 * `sh -c` scripts read, every word starting with `-` a flag (`-yq` = y, q; `--opt=x` = opt),
 * variables kept as `${NAME}` text, and an exec-form RUN read as its elements joined by spaces
 * (language-docker's `ArgumentsList (T.unwords args)`).
 */
import type { Instruction } from "@dfbuild/parser";
import type { RuleContext, ShellCommand, ShellWord } from "@dfbuild/linter";

export interface HadolintCommand {
  /** The command name as hadolint compares it. */
  name: string;
  /** Every argument's text, as hadolint's `simplify` renders it. */
  args: readonly string[];
  /** Flags by name, with the index of the argument each came from. */
  flags: readonly { name: string; index: number }[];
  /** The command in dfbuild's view, for positions. */
  command: ShellCommand;
}

/**
 * A word's text the way hadolint's `Shell.simplify` renders it: quotes removed, `$X`/`${X}`
 * written `${X}`, a command substitution `${…}` of its words run together.
 */
export function simplify(word: ShellWord): string {
  if (word.value !== null) return word.value;
  const text = word.text;
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? "";
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      out += text.slice(i + 1, end === -1 ? text.length : end);
      i = end === -1 ? text.length : end + 1;
    } else if (ch === '"') {
      i++;
    } else if (ch === "\\") {
      out += text[i + 1] ?? "";
      i += 2;
    } else if (ch === "`") {
      const end = text.indexOf("`", i + 1);
      out += "${VAR}";
      i = end === -1 ? text.length : end + 1;
    } else if (ch === "$" && text[i + 1] === "(") {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === "(") depth++;
        else if (text[j] === ")" && --depth === 0) break;
      }
      out += `\${${text.slice(i + 2, j).replace(/\s+/g, "")}}`;
      i = j + 1;
    } else if (ch === "$" && text[i + 1] === "{") {
      const end = text.indexOf("}", i);
      out += text.slice(i, end === -1 ? text.length : end + 1);
      i = end === -1 ? text.length : end + 1;
    } else if (ch === "$" && /[A-Za-z0-9_@*#?$!-]/.test(text[i + 1] ?? "")) {
      const name = /^[A-Za-z_]\w*|^./.exec(text.slice(i + 1))?.[0] ?? "";
      out += `\${${name}}`;
      i += 1 + name.length;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** hadolint's `getAllFlags`: `--name=value` gives `name`, `-abc` gives a, b and c; `-` and `--` are not flags. */
function flagsOf(args: readonly string[]): { name: string; index: number }[] {
  const flags: { name: string; index: number }[] = [];
  args.forEach((arg, index) => {
    if (arg === "--" || arg === "-") return;
    if (arg.startsWith("--")) flags.push({ name: arg.slice(2).split("=")[0] ?? "", index });
    else if (arg.startsWith("-")) for (const ch of arg.slice(1)) flags.push({ name: ch, index });
  });
  return flags;
}

function fromWords(command: ShellCommand, name: string, args: string[]): HadolintCommand {
  return { name, args, flags: flagsOf(args), command };
}

const views = new WeakMap<object, readonly HadolintCommand[]>();

/** The commands of a RUN as hadolint sees them. */
export function hadolintCommands(context: RuleContext, instruction: Instruction): readonly HadolintCommand[] {
  const script = context.shell(instruction);
  const key: object = script ?? instruction;
  const cached = views.get(key);
  if (cached) return cached;
  let commands: HadolintCommand[] = [];
  if (script) {
    commands = script.commands.map((command) => fromWords(command, simplify(command.nameWord), command.args.map(simplify)));
  } else if (instruction.type === "Run" && instruction.command?.type === "ExecForm") {
    const { elements, range } = instruction.command;
    const words = elements.flatMap((element) => element.value.split(/\s+/).filter((word) => word !== ""));
    const [name, ...args] = words;
    const first = elements[0];
    if (name !== undefined && first) {
      const nameWord: ShellWord = { text: first.raw, value: first.value, range: first.range };
      commands = [fromWords({ name, program: name.split("/").pop() ?? name, nameWord, args: [], range }, name, args)];
    }
  }
  views.set(key, commands);
  return commands;
}

/** hadolint's `cmdHasArgs`: the command is `name` and any of its arguments is one of `values`. */
export function cmdHasArgs(command: HadolintCommand, names: string | readonly string[], values: readonly string[]): boolean {
  const matches = typeof names === "string" ? command.name === names : names.includes(command.name);
  return matches && command.args.some((arg) => values.includes(arg));
}

export function hasFlag(command: HadolintCommand, ...names: string[]): boolean {
  return command.flags.some((flag) => names.includes(flag.name));
}

/**
 * hadolint's `getArgsNoFlags (dropFlagArg drop cmd)`: the arguments that are not flags, without
 * the word after each flag named in `drop` that has no inline `=value`.
 */
export function argsNoFlags(command: HadolintCommand, drop: readonly string[] = []): string[] {
  const flagIndexes = new Set(command.flags.map((flag) => flag.index));
  const dropped = new Set<number>();
  for (const flag of command.flags) {
    if (drop.includes(flag.name) && !(command.args[flag.index] ?? "").includes("=")) dropped.add(flag.index + 1);
  }
  return command.args.filter((_, index) => !flagIndexes.has(index) && !dropped.has(index));
}
