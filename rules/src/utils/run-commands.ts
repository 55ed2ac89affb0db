import type { Instruction, Range } from "@dfbuild/parser";
import { type LineIndex, type RuleContext, type ShellCommand, type ShellWord, analyzeInlineScript, commandOf, execFormCommand, inlineScriptWord } from "@dfbuild/linter";

/** Programs whose inline script (`-c '…'`) is read as more commands of the RUN. */
const SCRIPT_RUNNERS = ["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "su", "runuser"];
/** `sh -c "bash -c '…'"` is read; deeper nesting is not worth the parse. */
const MAX_NESTING = 3;

function within(inner: Range, outer: Range): boolean {
  return inner.start.offset >= outer.start.offset && inner.end.offset <= outer.end.offset;
}

/** The script word of `sh -c '…'`, `sudo bash -lc "…"`, `su app -c '…'`…, when the command runs one. */
function inlineScriptOf(command: ShellCommand): ShellWord | null {
  const runner = commandOf(command, SCRIPT_RUNNERS);
  return runner ? inlineScriptWord(runner) : null;
}

/** Each command followed by the commands of the script it runs inline, in execution order. */
function withInlineScripts(commands: readonly ShellCommand[], lines: LineIndex, depth: number): ShellCommand[] {
  const out: ShellCommand[] = [];
  for (const command of commands) {
    out.push(command);
    if (depth >= MAX_NESTING) continue;
    const word = inlineScriptOf(command);
    if (!word) continue;
    // When the linter already reads inline scripts, their commands follow in the list: keep those.
    if (commands.some((other) => other !== command && within(other.nameWord.range, word.range))) continue;
    const nested = analyzeInlineScript(word, lines);
    if (nested) out.push(...withInlineScripts(nested.commands, lines, depth + 1));
  }
  return out;
}

const NONE: readonly ShellCommand[] = Object.freeze([]);

/**
 * The last view computed, by its script (or exec-form instruction). The linter calls every rule
 * at one instruction before moving to the next, so the rules reading a RUN's commands ask one
 * after another: one remembered view serves them all, where a map with an entry per RUN cost the
 * garbage collector dearly on files with many RUNs. A look at another RUN (the next one, say)
 * computes its view again, which is cheap and gives an equal list.
 */
let lastKey: object | null = null;
let lastView: readonly ShellCommand[] = NONE;

/**
 * The commands a RUN executes, as dfbuild's rules read them: its shell script's commands (heredoc
 * scripts included), the command of an exec-form `RUN ["apt-get", …]`, and the commands of the
 * scripts either runs through `sh -c '…'`/`bash -c "…"`, each right after the shell that runs it.
 * Empty for a shell-form RUN the rule's `meta.shell` filter did not ask to parse.
 */
export function runCommands(context: RuleContext, instruction: Instruction): readonly ShellCommand[] {
  const script = context.shell(instruction);
  // A RUN nobody asked to parse and no exec form: nothing to read.
  if (script === null && (instruction.type !== "Run" || instruction.command?.type !== "ExecForm")) return NONE;
  const key: object = script ?? instruction;
  if (key === lastKey) return lastView;
  let top: readonly ShellCommand[] = [];
  if (script) top = script.commands;
  else if (instruction.type === "Run" && instruction.command?.type === "ExecForm") {
    const command = execFormCommand(instruction.command);
    top = command ? [command] : [];
  }
  const commands = withInlineScripts(top, context.file.lines, 0);
  lastKey = key;
  lastView = commands;
  return commands;
}
