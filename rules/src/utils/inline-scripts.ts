import type { Instruction } from "@dfbuild/parser";
import { type LineIndex, type RuleContext, type ShellCommand, type ShellScript, type ShellWord, analyzeInlineScript, commandOf, execFormCommand, inlineScriptWord } from "@dfbuild/linter";

/** Shells that run their `-c` operand as a script of their own (sh(1), bash(1) "-c"). */
const SCRIPT_SHELLS = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];
/** `sh -c "bash -c '…'"` is read; deeper nesting is not worth the parse. */
const MAX_NESTING = 3;

/** A script a RUN hands to a shell it starts itself: the `'…'` of `bash -c '…'`. */
export interface InlineScript {
  /** The shell command that runs it (`bash -o pipefail -c '…'`), from its program name on. */
  runner: ShellCommand;
  /** The runner's program (`sh`, `bash`…). */
  shell: string;
  /** The script word. */
  word: ShellWord;
  script: ShellScript;
  /**
   * The runner's own options say `-o pipefail` (`bash -o pipefail -c`, `bash -euxo pipefail -c`).
   * A new shell process starts with its own options: the outer SHELL's `-o pipefail` and an outer
   * `set -o pipefail` do not reach it (bash(1): only an exported SHELLOPTS would).
   */
  pipefail: boolean;
}

/** Whether the options before `word` turn pipefail on (`-o pipefail`, `-eo pipefail`; `+o pipefail` turns it off). */
function runnerSetsPipefail(runner: ShellCommand, word: ShellWord): boolean {
  let pipefail = false;
  for (let i = 0; i < runner.args.length; i++) {
    const arg = runner.args[i];
    if (!arg || arg === word) break;
    const value = arg.value ?? "";
    // An `o` anywhere in the cluster takes the next word (bash, BusyBox ash): `bash -oe pipefail -c`.
    if (/^[-+][A-Za-z]*o[A-Za-z]*$/.test(value) && runner.args[i + 1]?.value === "pipefail") pipefail = value.startsWith("-");
  }
  return pipefail;
}

function collect(commands: readonly ShellCommand[], lines: LineIndex, depth: number, out: InlineScript[]): void {
  if (depth >= MAX_NESTING) return;
  for (const command of commands) {
    // `sudo bash -c '…'`, `env bash -c '…'`: the wrapped shell, from its name on.
    const runner = commandOf(command, SCRIPT_SHELLS);
    if (!runner?.program) continue;
    const word = inlineScriptWord(runner);
    if (!word) continue;
    const script = analyzeInlineScript(word, lines);
    if (!script) continue;
    out.push({ runner, shell: runner.program, word, script, pipefail: runnerSetsPipefail(runner, word) });
    collect(script.commands, lines, depth + 1, out);
  }
}

const NONE: readonly InlineScript[] = Object.freeze([]);
/**
 * The last answer, by its script (or exec-form instruction): the linter calls every rule at one
 * instruction before the next, so the rules asking about a RUN ask one after another (see
 * `runCommands`); no map with an entry per RUN.
 */
let lastKey: object | null = null;
let lastFound: readonly InlineScript[] = NONE;

/**
 * The scripts a RUN runs through a shell it starts (`RUN bash -c 'a | b'`,
 * `RUN ["sh", "-c", "a | b"]`, `RUN sudo sh -c "…"`), nested ones included, in source order.
 * hadolint (through ShellCheck) sees these scripts only as quoted strings; the build runs them.
 * Empty for a shell-form RUN the rule's `meta.shell` filter did not ask to parse.
 */
export function inlineScriptsOf(context: RuleContext, instruction: Instruction): readonly InlineScript[] {
  const script = context.shell(instruction);
  const exec = instruction.type === "Run" && instruction.command?.type === "ExecForm" ? instruction.command : null;
  if (script === null && exec === null) return NONE;
  const key: object = script ?? instruction;
  if (key === lastKey) return lastFound;
  let top: ShellCommand[] = [];
  if (script) top = script.commands;
  else if (exec) {
    const command = execFormCommand(exec);
    top = command ? [command] : [];
  }
  const found: InlineScript[] = [];
  collect(top, context.file.lines, 0, found);
  const result = found.length > 0 ? found : NONE;
  lastKey = key;
  lastFound = result;
  return result;
}
