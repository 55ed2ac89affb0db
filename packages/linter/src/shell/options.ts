import type { ShellCommand, ShellWord } from "./script.js";

/** A command line split into options and operands, the way getopt-style tools read it. */
export interface ParsedOptions {
  /** Each option by name (`y`, `yes`, `q`), once per occurrence, with its value if any. */
  options: { name: string; value: string | null; word: ShellWord }[];
  /** Non-option words in order (the subcommand first, for tools like apt-get). */
  operands: ShellWord[];
}

/**
 * Splits a command's arguments. `valued` lists options that take the next word as their value
 * (`-o Dpkg::Options=x`, `-t bookworm`), so that value is not mistaken for an operand.
 * Short options may be clustered (`-yq`); `--` ends the options.
 */
export function parseOptions(command: ShellCommand, valued: ReadonlySet<string> = new Set()): ParsedOptions {
  const options: ParsedOptions["options"] = [];
  const operands: ShellWord[] = [];
  const args = command.args;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (!word) continue;
    const value = word.value;
    if (value === null || value === "-" || !value.startsWith("-")) {
      operands.push(word);
      continue;
    }
    if (value === "--") {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (value.startsWith("--")) {
      const [name, inline] = splitInline(value.slice(2));
      let optionValue = inline;
      if (optionValue === null && valued.has(name)) optionValue = args[++i]?.value ?? null;
      options.push({ name, value: optionValue, word });
      continue;
    }
    const [cluster, inline] = splitInline(value.slice(1));
    for (let j = 0; j < cluster.length; j++) {
      const name = cluster[j] ?? "";
      if (valued.has(name)) {
        const rest = cluster.slice(j + 1);
        const optionValue = rest !== "" ? rest : (inline ?? args[++i]?.value ?? null);
        options.push({ name, value: optionValue, word });
        break;
      }
      options.push({ name, value: j === cluster.length - 1 ? inline : null, word });
    }
  }
  return { options, operands };
}

function splitInline(text: string): [string, string | null] {
  const equals = text.indexOf("=");
  return equals === -1 ? [text, null] : [text.slice(0, equals), text.slice(equals + 1)];
}

export function hasOption(parsed: ParsedOptions, ...names: string[]): boolean {
  return parsed.options.some((option) => names.includes(option.name));
}

/** Programs that run the command given in their arguments (`sudo apt-get …`, `xargs apt-get …`). */
const WRAPPERS = new Set(["sudo", "doas", "xargs", "env", "nice", "nohup", "time", "timeout", "stdbuf", "eatmydata", "chronic"]);

/** The program a word names: its last path component (`/usr/bin/apt-get` is apt-get). */
function programOf(value: string | null): string | null {
  return value === null ? null : value.slice(value.lastIndexOf("/") + 1);
}

/**
 * The command itself when its program is one of `programs` (`apt-get`, `/usr/bin/apt-get`…), or
 * the command a wrapper such as `sudo` or `xargs` runs when that is one of them, from its name
 * on; null otherwise. Most commands asked about run none of the programs: that answer allocates
 * nothing.
 */
export function commandOf(command: ShellCommand, programs: readonly string[]): ShellCommand | null {
  const { program } = command;
  if (program === null) return null;
  if (programs.includes(program)) return command;
  if (!WRAPPERS.has(program)) return null;
  const { args } = command;
  for (let index = 0; index < args.length; index++) {
    const nameWord = args[index];
    if (nameWord === undefined) continue;
    const wrapped = programOf(nameWord.value);
    if (wrapped !== null && programs.includes(wrapped)) return { name: nameWord.value, program: wrapped, nameWord, args: args.slice(index + 1), range: command.range };
  }
  return null;
}

/** The commands that run one of `programs`, directly or through a wrapper (see `commandOf`). */
export function commandsOf(commands: readonly ShellCommand[], programs: readonly string[]): ShellCommand[] {
  const found: ShellCommand[] = [];
  for (const command of commands) {
    const each = commandOf(command, programs);
    if (each !== null) found.push(each);
  }
  return found;
}
