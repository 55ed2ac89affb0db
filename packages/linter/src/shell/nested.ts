import type { ExecForm, Range } from "@dfbuild/parser";
import type { LineIndex } from "../positions.js";
import { type ShellCommand, type ShellScript, type ShellWord, analyzeScript } from "./script.js";
import { heredocText } from "./source-map.js";

/**
 * The command of an exec-form instruction (`RUN ["apt-get", "install", "curl"]`): Docker runs the
 * array as it is, without a shell, so every element is a literal word.
 */
export function execFormCommand(form: ExecForm): ShellCommand | null {
  const [first, ...rest] = form.elements;
  if (!first) return null;
  const word = (element: ExecForm["elements"][number]): ShellWord => ({ text: element.raw, value: element.value, range: element.range });
  const last = form.elements[form.elements.length - 1] ?? first;
  const program = first.value.split("/").pop() ?? first.value;
  return {
    name: first.value,
    program,
    nameWord: word(first),
    args: rest.map(word),
    range: { start: first.range.start, end: last.range.end },
  };
}

/** Shells that run their `-c` operand as a script (`sh -c '…'`, `bash -euxo pipefail -c "…"`). */
const SCRIPT_SHELLS = new Set(["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"]);
/** bash's long options that take the next word as their value (bash(1), "OPTIONS"). */
const SHELL_VALUED_LONG = new Set(["--rcfile", "--init-file"]);
/** Programs that run a command line given with `-c`/`--command` as a user (su(1), runuser(1)). */
const SWITCH_USER = new Set(["su", "runuser"]);

/**
 * The script word of a shell invocation: the first operand after an option cluster holding `c`
 * (`sh -c SCRIPT`, `bash -lc SCRIPT`, `bash -o pipefail -c SCRIPT`), or the value of `su -c`.
 * Null when the command runs no inline script, or the options cannot be read literally.
 */
export function inlineScriptWord(command: ShellCommand): ShellWord | null {
  const program = command.program;
  if (program === null) return null;
  const args = command.args;
  if (SWITCH_USER.has(program)) {
    // util-linux's su and runuser (login-utils/su-common.c) keep the last `-c`/`--command` given.
    let script: ShellWord | null = null;
    for (let i = 0; i < args.length; i++) {
      const value = args[i]?.value;
      if (value === "-c" || value === "--command") script = args[++i] ?? null;
      // The script shares a word with its option: its positions would be off.
      else if (value?.startsWith("--command=")) script = null;
    }
    return script;
  }
  if (!SCRIPT_SHELLS.has(program)) return null;
  let sawC = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (!word) return null;
    const value = word.value;
    // A computed word cannot be an option we know: it is the script, or the options are unreadable.
    if (value === null) return sawC ? word : null;
    // `-` ends the options as `--` does (bash's shell.c `parse_shell_options`, dash's options.c
    // `options`): the next word is the script, even one that starts with `-`.
    if (value === "--" || value === "-") return sawC ? (args[i + 1] ?? null) : null;
    if (SHELL_VALUED_LONG.has(value)) {
      i++;
      continue;
    }
    if (value.startsWith("--")) continue;
    // An option cluster; a lone `+` is an empty one, which both shells skip.
    if (value.startsWith("-") || value.startsWith("+")) {
      if (value.includes("c")) sawC = true;
      // `-o pipefail`, `-O extglob`: each o/O in a cluster takes the next word as its value.
      for (const ch of value) if (ch === "o" || ch === "O") i++;
      continue;
    }
    return sawC ? word : null;
  }
  return null;
}

/** The whole word is one `"…"` string (as far as its ends tell). */
function isDoubleQuoted(text: string): boolean {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"');
}

function withRange(script: ShellScript, range: Range): ShellScript {
  const at = (word: ShellWord): ShellWord => ({ ...word, range });
  return {
    ...script,
    commands: script.commands.map((command) => ({ ...command, nameWord: at(command.nameWord), args: command.args.map(at), range })),
    pipelines: script.pipelines.map((pipeline) => ({ ...pipeline, range })),
  };
}

/**
 * Parses the script a shell word carries (the `'…'` of `sh -c '…'`) as its own script. Positions
 * are exact when the word is one plain, single-quoted or double-quoted string written on one
 * source line without escapes; otherwise every command found reports the whole word's range.
 * A double-quoted word keeps its `$VAR`s for the inner parse, where they read as unknown values,
 * as the outer shell would have replaced them with text the linter cannot know.
 */
export function analyzeInlineScript(word: ShellWord, lines: LineIndex): ShellScript | null {
  const { text } = word;
  let script: string | null = null;
  let quote = 0;
  if (word.value !== null) {
    script = word.value;
    // Quote removal takes one character off each end of the text only when the word is one
    // `'…'` or `"…"` string (a `\` escapes the character after it, an ANSI-C `$'…'` is longer).
    if (text === word.value) quote = 0;
    else if (text.slice(1, -1) === word.value) quote = 1;
    else quote = -1;
  } else if (isDoubleQuoted(text) && !/(?<!\\)(?:\\\\)*"/.test(text.slice(1, -1))) {
    const inner = text.slice(1, -1);
    script = inner.replace(/\\([\\"$`])/g, "$1");
    quote = script === inner ? 1 : -1;
  }
  if (script === null) return null;
  const start = word.range.start.offset;
  const onOneSourceRun = word.range.end.offset - start === text.length;
  const exact = quote >= 0 && onOneSourceRun;
  const parsed = analyzeScript([heredocText(script, start + (exact ? quote : 0))], lines);
  return exact ? parsed : withRange(parsed, word.range);
}
