import type { Instruction, RunInstruction, ShellForm } from "@dfbuild/parser";
import type { RuleContext, ShellScript } from "@dfbuild/linter";

/**
 * What consecutive-run and the RUN-merging fix (`mergeRunsFix`) read of a shell-form RUN's
 * script. A RUN has one shape, however it was read: a plain line's (see `isPlainLine`) is known
 * from its text without the shell parser — that parse was most of the work in a file of many
 * short RUNs (`RUN echo 1`) — and any other's comes from its shell parse.
 */
export interface RunShape {
  /** The script is one command and has no syntax error. */
  readonly single: boolean;
  /**
   * ` && next` can be appended: no syntax error, and nothing after its last command would swallow
   * the next one (a `# comment`) or make the `&&` a syntax error (a trailing `;` or `&`).
   */
  readonly takesAnd: boolean;
  /**
   * Running it changes the shell's state for what runs after it in the same shell (`cd`,
   * `export`, `A=1`, a function), or ends the shell (`exit`, `exec`).
   */
  readonly leavesState: boolean;
  /** No syntax error and one `&&` chain: after `a && `, none of it runs once `a` has failed. */
  readonly andChain: boolean;
}

/**
 * Builtins whose effect outlives their command (merged, they would change how the next RUN runs),
 * and those that end the shell (`RUN exit 0` + `RUN b` as one RUN would never run b).
 */
const SHELL_STATE: ReadonlySet<string> = new Set([
  "cd", "pushd", "popd", "export", "unset", "set", "source", ".", "alias", "umask", "shopt", "trap", "ulimit", "readonly", "declare", "typeset", "local",
  "exec", "exit", "return", "logout",
]);

/**
 * A shell-form line that is one simple command of plain words: letters, digits and `_./:,+@%^-`
 * (and `=` after the first word), separated by blanks. Nothing in it is quoted, expanded,
 * redirected, commented or a control operator, so its shell parse is known without running the
 * parser: one command, no syntax error, one `&&` chain, no assignment or function left behind.
 */
const PLAIN_LINE = /^[ \t]*([\w./:,+@%^-]+)(?:[ \t]+[\w./:,+@%^=-]+)*[ \t]*$/;

/**
 * bash's reserved words (`help`'s "Shell Grammar", bash(1) RESERVED WORDS) made of plain
 * characters: as the first word they start a compound command or are a syntax error, not a
 * command (`RUN time cd /x` runs cd; `RUN for` does not parse).
 */
const RESERVED_WORDS: ReadonlySet<string> = new Set(["case", "coproc", "do", "done", "elif", "else", "esac", "fi", "for", "function", "if", "in", "select", "then", "time", "until", "while"]);

/** A plain line's shape, the same object for every such line (files of many short RUNs are mostly plain lines). */
const PLAIN: RunShape = Object.freeze({ single: true, takesAnd: true, leavesState: false, andChain: true });
/** A plain line whose command is a SHELL_STATE builtin (`RUN cd /x`, `RUN exit 0`). */
const PLAIN_STATEFUL: RunShape = Object.freeze({ ...PLAIN, leavesState: true });

/** The command name of a plain line (no heredocs), or undefined. */
function plainName(instruction: Instruction): string | undefined {
  if (instruction.type !== "Run" || instruction.command?.type !== "ShellForm" || instruction.heredocs.length > 0) return undefined;
  const name = PLAIN_LINE.exec(instruction.command.value)?.[1];
  return name === undefined || RESERVED_WORDS.has(name) ? undefined : name;
}

/** Whether a RUN is a plain line, whose shape is read off its text: consecutive-run never asks the shell parser for it. */
export function isPlainLine(instruction: Instruction): boolean {
  return plainName(instruction) !== undefined;
}

/** The offset in `form.value` of a source offset just after a character of the command. */
function scriptOffsetAfter(form: ShellForm, sourceEnd: number): number | null {
  const last = sourceEnd - 1;
  const segment = form.segments.find((s) => last >= s.sourceOffset && last < s.sourceOffset + s.length);
  return segment ? segment.offset + (last - segment.sourceOffset) + 1 : null;
}

/** A parsed script's shape, each part worked out when first read (most RUNs are asked only whether they are `single`). */
class ScriptShape implements RunShape {
  constructor(
    private readonly form: ShellForm,
    private readonly script: ShellScript,
  ) {}

  get single(): boolean {
    return !this.script.hasErrors && this.script.commandCount === 1;
  }

  get takesAnd(): boolean {
    const { form, script } = this;
    if (script.hasErrors || script.commands.length === 0) return false;
    let lastEnd = -Infinity;
    for (const command of script.commands) lastEnd = Math.max(lastEnd, command.range.end.offset);
    const offset = scriptOffsetAfter(form, lastEnd);
    if (offset === null) return false;
    const tail = form.value.slice(offset).trim();
    return !tail.includes("#") && !/[;&]$/.test(tail);
  }

  get leavesState(): boolean {
    return this.script.setsShellState || this.script.commands.some((command) => command.program !== null && SHELL_STATE.has(command.program));
  }

  get andChain(): boolean {
    return !this.script.hasErrors && this.script.andChain;
  }
}

/** The shape of a parsed shell-form script. */
export function scriptShape(form: ShellForm, script: ShellScript): RunShape {
  return new ScriptShape(form, script);
}

/**
 * A shell-form RUN's shape: a plain line's from its text, else from its shell parse; null for an
 * exec form, or a script the rule's `meta.shell` filter did not ask to parse.
 */
export function runShape(context: RuleContext, run: RunInstruction): RunShape | null {
  if (run.command?.type !== "ShellForm") return null;
  const name = plainName(run);
  if (name !== undefined) return SHELL_STATE.has(name.slice(name.lastIndexOf("/") + 1)) ? PLAIN_STATEFUL : PLAIN;
  const script = context.shell(run);
  return script === null ? null : new ScriptShape(run.command, script);
}
