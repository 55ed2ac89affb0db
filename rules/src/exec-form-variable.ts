import type { CmdInstruction, EntrypointInstruction, ExecForm, HealthcheckInstruction, Instruction } from "@dfbuild/parser";
import { parseWord } from "@dfbuild/parser";
import { type LintFile, type StageInfo, defineRule } from "@dfbuild/linter";
import { perFile } from "./utils/per-file.js";

/** POSIX-style shells: with `-c`, the word after their options is a script they expand. */
const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"]);
/** Shells whose own syntax uses `$` (PowerShell's `$env:X`) or none of it (cmd): not our business. */
const OTHER_SHELLS = new Set(["pwsh", "powershell", "cmd"]);

function programName(value: string): string {
  return (value.split(/[\\/]/).pop() ?? value).replace(/\.exe$/i, "").toLowerCase();
}

/**
 * The index of the program a command line finally runs, past the wrappers that run the rest of
 * their arguments: `env [-i] [NAME=value]… prog`, `tini [options] [--] prog`, `dumb-init
 * [options] prog`, `gosu USER prog`, `su-exec USER prog`, `nohup prog`, `setsid prog`.
 */
function programIndex(values: readonly string[]): number {
  let i = 0;
  for (let guard = 0; guard < values.length && i < values.length; guard++) {
    const program = programName(values[i] ?? "");
    let next = i + 1;
    const skipOptions = (valued: ReadonlySet<string>) => {
      while (next < values.length && (values[next] ?? "").startsWith("-")) {
        const option = values[next] ?? "";
        next++;
        if (option === "--") break;
        if (valued.has(option)) next++;
      }
    };
    switch (program) {
      case "env":
        skipOptions(new Set(["-u", "--unset", "-C", "--chdir", "-S", "--split-string"]));
        while (next < values.length && /^[A-Za-z_]\w*=/.test(values[next] ?? "")) next++;
        break;
      case "tini":
      case "tini-static":
        skipOptions(new Set(["-p", "-e"]));
        break;
      case "dumb-init":
        skipOptions(new Set(["-r", "--rewrite"]));
        break;
      case "gosu":
      case "su-exec":
        next++;
        break;
      case "nohup":
      case "setsid":
        break;
      default:
        return i;
    }
    i = next;
  }
  return i;
}

/** How the shell at `index` reads its arguments: the script word `-c` takes, or none (a script file). */
function scriptAfter(values: readonly string[], index: number): { dashC: boolean; script: number } {
  let i = index + 1;
  let dashC = false;
  // `busybox sh -c …`
  if (programName(values[index] ?? "") === "busybox") i++;
  while (i < values.length) {
    const value = values[i] ?? "";
    if (value === "--") {
      i++;
      break;
    }
    if (!/^[-+]/.test(value) || value === "-" || value === "+") break;
    if (/^-[A-Za-z]*c[A-Za-z]*$/.test(value)) dashC = true;
    // `-o pipefail`, `+o posix`
    if (value === "-o" || value === "+o" || value === "-O" || value === "+O") i++;
    i++;
  }
  return { dashC, script: i };
}

interface ShellUse {
  /** The elements no shell expands are reported; this one (a `-c` script) is expanded. */
  script: number | null;
  /** The command runs `sh -c` with no script: the first element of CMD is the script. */
  takesScriptFromCmd: boolean;
  /** A shell with its own syntax for `$`: nothing to report. */
  otherShell: boolean;
}

function shellUse(values: readonly string[]): ShellUse {
  const index = programIndex(values);
  const program = programName(values[index] ?? "");
  if (OTHER_SHELLS.has(program)) return { script: null, takesScriptFromCmd: false, otherShell: true };
  if (!SHELLS.has(program)) return { script: null, takesScriptFromCmd: false, otherShell: false };
  const { dashC, script } = scriptAfter(values, index);
  if (!dashC) return { script: null, takesScriptFromCmd: false, otherShell: false };
  return script < values.length ? { script, takesScriptFromCmd: false, otherShell: false } : { script: null, takesScriptFromCmd: true, otherShell: false };
}

/**
 * The exec-form ENTRYPOINT a stage's CMD is appended to: the stage's last ENTRYPOINT, else the
 * one of the stage it builds on. A shell-form ENTRYPOINT ignores CMD.
 */
const entrypoints = perFile((file: LintFile): Map<StageInfo, ExecForm | null> => {
  const map = new Map<StageInfo, ExecForm | null>();
  for (const stage of file.stages) {
    let entrypoint: ExecForm | null = stage.baseStage ? (map.get(stage.baseStage) ?? null) : null;
    for (const instruction of stage.instructions) {
      if (instruction.type === "Entrypoint") entrypoint = instruction.command?.type === "ExecForm" ? instruction.command : null;
    }
    map.set(stage, entrypoint);
  }
  return map;
});

function entrypointOf(file: LintFile, node: Instruction): ExecForm | null {
  const stage = file.stageOf(node);
  return stage ? (entrypoints(file).get(stage) ?? null) : null;
}

export default defineRule({
  meta: {
    id: "exec-form-variable",
    severity: "warning",
    type: "problem",
    scope: "stage",
    docs: { description: "Do not use $VARIABLES in exec-form CMD, ENTRYPOINT or HEALTHCHECK: no shell expands them at run time" },
    messages: {
      notExpanded:
        '"{{variable}}" is passed literally: exec form runs the program without a shell, so nothing expands it. Use ["sh", "-c", "… {{variable}} …"] or shell form if you need the value.',
    },
  },
  create(context) {
    const { file } = context;
    const check = (node: CmdInstruction | EntrypointInstruction | HealthcheckInstruction) => {
      if (node.command?.type !== "ExecForm") return;
      const elements = node.command.elements;
      const values = elements.map((element) => element.value);
      const use = shellUse(values);
      if (use.otherShell) return;
      let expanded = use.script;
      // `ENTRYPOINT ["sh", "-c"]` + `CMD ["echo $HOME"]`: the CMD's first element is the script.
      if (node.type === "Cmd") {
        const entrypoint = entrypointOf(file, node);
        if (entrypoint) {
          const fromEntrypoint = shellUse(entrypoint.elements.map((element) => element.value));
          if (fromEntrypoint.otherShell) return;
          if (fromEntrypoint.takesScriptFromCmd) expanded = 0;
          else if (fromEntrypoint.script !== null) expanded = -1;
        }
      }
      elements.forEach((element, index) => {
        if (index === expanded) return;
        for (const part of parseWord(element.value, { escape: file.escape, skipProcessQuotes: true })) {
          if (part.type !== "Variable") continue;
          const variable = element.value.slice(part.start, part.end);
          // Map into the JSON string when it has no escapes (then raw = quote + value + quote).
          const exact = element.raw === JSON.stringify(element.value) && !element.raw.includes("\\");
          const start = exact ? element.range.start.offset + 1 + part.start : element.range.start.offset;
          const end = exact ? element.range.start.offset + 1 + part.end : element.range.end.offset;
          context.report({ range: file.lines.range(start, end), messageId: "notExpanded", data: { variable } });
        }
      });
    };
    return { Cmd: check, Entrypoint: check, Healthcheck: check };
  },
});
