import type { CmdInstruction, EntrypointInstruction, HealthcheckInstruction, Instruction } from "@dfbuild/parser";
import { defineRule, type LintFile, type ShellScript, type ShellWord, type StageInfo } from "@dfbuild/linter";
import { perFile } from "./utils/per-file.js";

type Checked = CmdInstruction | EntrypointInstruction | HealthcheckInstruction;

function isChecked(instruction: Instruction): instruction is Checked {
  return instruction.type === "Cmd" || instruction.type === "Entrypoint" || (instruction.type === "Healthcheck" && instruction.kind === "CMD");
}

/** Where each stage's first SHELL instruction starts, computed once per file. */
const firstShell = perFile((file: LintFile): Map<StageInfo, number> => {
  const first = new Map<StageInfo, number>();
  for (const stage of file.stages) {
    const shell = stage.instructions.find((instruction) => instruction.type === "Shell");
    if (shell) first.set(stage, shell.range.start.offset);
  }
  return first;
});

/** BuildKit stays quiet once a stage (or a stage it builds on) chose its shell with SHELL. */
function shellChosen(file: LintFile, node: Instruction): boolean {
  const shells = firstShell(file);
  let stage: StageInfo | null = file.stageOf(node);
  let limit = node.range.start.offset;
  while (stage) {
    const start = shells.get(stage);
    if (start !== undefined && start < limit) return true;
    limit = Infinity;
    stage = stage.baseStage;
  }
  return false;
}

/** Shell builtins with no program of the same name: exec form cannot run them. */
const BUILTINS = new Set([":", ".", "source", "cd", "eval", "exit", "export", "readonly", "return", "set", "shift", "trap", "unset", "ulimit", "umask", "wait", "alias", "read", "local", "declare", "typeset"]);

/** A word the shell would change before running it: a glob or a `~` (exec form passes it as is). */
function shellExpands(word: ShellWord): boolean {
  return word.text.startsWith("~") || /[*?[]/.test(word.text);
}

/**
 * The exec form that runs the same thing: the words of one plain command (an `exec` prefix
 * dropped), else `/bin/sh -c` with the text. Prefix assignments (`A=1 cmd`), builtins, globs and
 * `~` need the shell, so they keep it.
 */
function execFormFor(value: string, script: ShellScript | null, commandLength: number): string {
  const only = script?.commands[0];
  let words: ShellWord[] | null = null;
  if (
    script !== null &&
    !script.hasErrors &&
    script.commandCount === 1 &&
    only !== undefined &&
    only.range.end.offset - only.range.start.offset === commandLength &&
    only.nameWord.range.start.offset === only.range.start.offset
  ) {
    words = [only.nameWord, ...only.args];
    if (only.nameWord.value === "exec" && only.args.length > 0 && only.args[0]?.value?.startsWith("-") !== true) words = only.args;
  }
  const plain =
    words !== null &&
    words.every((word) => word.value !== null && !shellExpands(word)) &&
    !BUILTINS.has(words[0]?.value ?? "") &&
    words[0]?.value !== "exec";
  const elements = plain && words ? words.map((word) => word.value ?? "") : ["/bin/sh", "-c", value];
  return `[${elements.map((word) => JSON.stringify(word)).join(", ")}]`;
}

export default defineRule({
  meta: {
    id: "exec-form",
    aliases: ["DL3025", "JSONArgsRecommended"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    hasSuggestions: true,
    docs: { description: "Write CMD, ENTRYPOINT and HEALTHCHECK CMD in exec (JSON) form so the process gets signals" },
    messages: {
      shellForm:
        "{{keyword}} in shell form runs under /bin/sh -c, which does not pass SIGTERM to the process: the container stops only after the kill timeout. Use the JSON form, e.g. {{suggestion}}.",
      useExecForm: "Use {{suggestion}}",
    },
    shell: (instruction) => isChecked(instruction),
  },
  create(context) {
    const check = (node: Checked) => {
      if (!isChecked(node) || node.command?.type !== "ShellForm" || shellChosen(context.file, node)) return;
      const command = node.command;
      const length = command.range.end.offset - command.range.start.offset;
      const suggestion = execFormFor(command.value, context.shell(node), length);
      const keyword = node.type === "Healthcheck" ? "HEALTHCHECK CMD" : node.keyword.name;
      context.report({
        node: command,
        messageId: "shellForm",
        data: { keyword, suggestion },
        suggest: [{ messageId: "useExecForm", data: { suggestion }, fix: (fixer) => fixer.replaceText(command, suggestion) }],
      });
    };
    return { Cmd: check, Entrypoint: check, Healthcheck: check };
  },
});
