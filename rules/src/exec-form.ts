import type { CmdInstruction, EntrypointInstruction, HealthcheckInstruction, Instruction, ShellForm } from "@dfbuild/parser";
import { type LintFile, type RuleFixer, type ShellScript, type ShellWord, type StageInfo, defineRule } from "@dfbuild/linter";
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

/** How a shell-form command can be written in JSON form without changing what it runs. */
type Conversion =
  /** One plain command: its words, no shell needed (`["node", "app.js"]`). */
  | { kind: "plain"; json: string }
  /**
   * One command that needs the shell (a variable, glob, `~`, a prefix assignment): the shell runs
   * it with `exec`, so the program replaces the shell and gets the signals itself.
   */
  | { kind: "shell"; json: string }
  /** A script (a list, a pipe, a builtin): no equivalent the linter can write for you. */
  | { kind: "script" };

const json = (elements: readonly string[]) => `[${elements.map((word) => JSON.stringify(word)).join(", ")}]`;

function convert(form: ShellForm, script: ShellScript | null, file: LintFile): Conversion {
  const only = script?.commands[0];
  const length = form.range.end.offset - form.range.start.offset;
  if (script === null || script.hasErrors || script.commandCount !== 1 || only === undefined) return { kind: "script" };
  // The command must be the whole text (no redirections, no `a | b`, no `a; b`).
  if (only.range.end.offset - only.range.start.offset !== length || script.pipelines.length > 0) return { kind: "script" };
  let name = only.nameWord;
  let args = only.args;
  const execPrefix = name.value === "exec";
  if (execPrefix) {
    const [first, ...rest] = args;
    if (!first || first.value?.startsWith("-") === true) return { kind: "script" };
    name = first;
    args = rest;
  }
  const program = name.value;
  if (program === null || BUILTINS.has(program) || program === "exec") return { kind: "script" };
  const assignments = name.range.start.offset !== only.range.start.offset && !execPrefix;
  const words = [name, ...args];
  if (!assignments && words.every((word) => word.value !== null && !shellExpands(word))) return { kind: "plain", json: json(words.map((word) => word.value ?? "")) };
  if (execPrefix) return { kind: "shell", json: json(["/bin/sh", "-c", form.value]) };
  // `A=1 node x` → `A=1 exec node x`: exec goes after the prefix assignments, before the program.
  const at = name.range.start.offset - form.range.start.offset;
  const text = file.text.slice(form.range.start.offset, form.range.end.offset);
  if (text !== form.value) return { kind: "script" };
  return { kind: "shell", json: json(["/bin/sh", "-c", `${text.slice(0, at)}exec ${text.slice(at)}`]) };
}

export default defineRule({
  meta: {
    id: "exec-form",
    aliases: ["DL3025", "JSONArgsRecommended"],
    severity: "warning",
    hadolint: "warning",
    type: "suggestion",
    hasSuggestions: true,
    docs: { description: "Write CMD and ENTRYPOINT in exec (JSON) form so the process gets signals, and HEALTHCHECK CMD so it needs no shell" },
    messages: {
      shellForm:
        "{{keyword}} in shell form runs under /bin/sh -c, which does not pass SIGTERM on to the process: the container stops only after the kill timeout. Use the JSON form, e.g. {{suggestion}}.",
      shellScript:
        "{{keyword}} in shell form runs under /bin/sh -c, which does not pass SIGTERM on to the process: the container stops only after the kill timeout. This command needs a shell: use the JSON form [\"/bin/sh\", \"-c\", \"…\"] with `exec` before the program that should get the signals.",
      healthcheck:
        "HEALTHCHECK CMD in shell form runs through /bin/sh -c, so the check fails on an image without a shell; the JSON form runs the program directly: {{suggestion}}.",
      useExecForm: "Use {{suggestion}}",
    },
    shell: (instruction) => isChecked(instruction),
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";
    const check = (node: Checked) => {
      if (!isChecked(node) || node.command?.type !== "ShellForm") return;
      const command = node.command;
      // BuildKit says nothing once the stage chose its shell; hadolint (DL3025) still does.
      if (!hadolint && shellChosen(file, node)) return;
      const conversion = convert(command, context.shell(node), file);
      const suggest = (suggestion: string) => [{ messageId: "useExecForm" as const, data: { suggestion }, fix: (fixer: RuleFixer) => fixer.replaceText(command, suggestion) }];
      if (node.type === "Healthcheck") {
        // Written in JSON form, a check that needs a shell would need /bin/sh all the same.
        if (conversion.kind === "plain") context.report({ node: command, messageId: "healthcheck", data: { suggestion: conversion.json }, suggest: suggest(conversion.json) });
        else if (hadolint) context.report({ node: command, messageId: "shellScript", data: { keyword: "HEALTHCHECK CMD" } });
        return;
      }
      const keyword = node.keyword.name;
      if (conversion.kind === "script") context.report({ node: command, messageId: "shellScript", data: { keyword } });
      else context.report({ node: command, messageId: "shellForm", data: { keyword, suggestion: conversion.json }, suggest: suggest(conversion.json) });
    };
    return { Cmd: check, Entrypoint: check, Healthcheck: check };
  },
});
