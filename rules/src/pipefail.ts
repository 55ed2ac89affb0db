import type { RunInstruction } from "@dfbuild/parser";
import { type ShellPipeline, type ShellScript, defineRule } from "@dfbuild/linter";
import { isBusyboxBased } from "./utils/base-os.js";
import { type InlineScript, inlineScriptsOf } from "./utils/inline-scripts.js";
import { lineBreakOf } from "./utils/line-break.js";
import { type RunShell, readShellInstruction, shellAtStageStart } from "./utils/run-shell.js";

/**
 * Producers whose failure pipefail would not reveal: they cannot fail (`echo`, `printf`, `true`,
 * `:`), or fail only from SIGPIPE when the reader stops early (`yes`), which pipefail turns into a
 * broken build.
 */
const HARMLESS_PRODUCERS = new Set(["echo", "printf", "true", ":", "yes"]);
/** Shells whose heredoc scripts (`#!/bin/bash`) are sh syntax. */
const SHEBANG_SHELLS = /^#!\s*(?:\/usr\/bin\/env\s+)?(?:\S*\/)?(sh|bash|ash|dash|zsh|ksh|mksh)(?:\s|$)/;

/** The offset after which `set -o pipefail` (or `set -euxo pipefail`…) is in effect; null if never. */
function pipefailSetAt(script: ShellScript): number | null {
  for (const command of script.commands) {
    if (command.program !== "set") continue;
    const args = command.args.map((arg) => arg.value ?? "");
    // bash and BusyBox ash read the next word for an `o` anywhere in a cluster: `set -oe pipefail`.
    const on = args.some((arg, i) => args[i + 1] === "pipefail" && /^-[A-Za-z]*o[A-Za-z]*$/.test(arg));
    if (on) return command.range.end.offset;
  }
  return null;
}

/** The first pipe of `script` that runs without pipefail and whose producers can fail. */
function unprotectedPipe(script: ShellScript, inEffect: boolean): ShellPipeline | undefined {
  if (inEffect) return undefined;
  const setAt = pipefailSetAt(script);
  return script.pipelines.find(
    (pipe) => (setAt === null || pipe.range.start.offset < setAt) && !pipe.programs.slice(0, -1).every((program) => program !== null && HARMLESS_PRODUCERS.has(program)),
  );
}

/** The producer (first stage that can fail) and consumer (last stage) of a pipe, for messages. */
function endsOf(pipe: ShellPipeline): { producer: string; consumer: string } {
  const at = pipe.programs.findIndex((program) => program === null || !HARMLESS_PRODUCERS.has(program));
  return { producer: pipe.programs[at] ?? "a command", consumer: pipe.programs[pipe.programs.length - 1] ?? "the last command" };
}

/** Shells whose `-o pipefail` option exists (dash, Debian's and Ubuntu's sh, has none). */
const PIPEFAIL_SHELLS = new Set(["bash", "zsh", "ksh", "mksh", "ash"]);

/**
 * hadolint's test: a pipe anywhere in the RUN's text, exec form read as its words joined. Its
 * `Shell.hasPipes` looks for ShellCheck's `T_Pipe` token, which only `|` and `|&` make
 * (ShellCheck's Parser.hs `readPipe`): `! cmd`, which the parse here makes a one-command
 * pipeline, has none, so a pipeline counts only from two commands.
 */
function hadolintHasPipe(node: RunInstruction, script: ShellScript | null): boolean {
  if (node.command?.type === "ExecForm") return /(^|[^|])\|(?!\|)/.test(node.command.elements.map((element) => element.value).join(" "));
  return script?.pipelines.some((pipe) => pipe.programs.length > 1) ?? false;
}

export default defineRule({
  meta: {
    id: "pipefail",
    aliases: ["DL4006"],
    severity: "warning",
    hadolint: "warning",
    type: "problem",
    scope: "stage",
    hasSuggestions: true,
    docs: { description: "Set pipefail before a RUN with a pipe, or a failing command before the pipe goes unnoticed" },
    messages: {
      noPipefail:
        "{{producer}} is piped into {{consumer}} while {{shell}} runs without pipefail: if {{producer}} fails, this RUN still succeeds with whatever {{consumer}} made of its partial output. Put SHELL [\"{{path}}\", \"-o\", \"pipefail\", \"-c\"] before it{{setHint}}.",
      shebang:
        "{{producer}} is piped into {{consumer}} in a {{shell}} script without pipefail: if {{producer}} fails, the script goes on. Add set -o pipefail at its top.",
      inline:
        "{{producer}} is piped into {{consumer}} in the script {{shell}} -c runs without pipefail: a shell the RUN starts itself does not get SHELL's options, so if {{producer}} fails, the script still succeeds with whatever {{consumer}} made of its partial output. {{hint}}.",
      addShell: "Insert SHELL [\"{{path}}\", \"-o\", \"pipefail\", \"-c\"] before this RUN",
      addOption: "Run the script with {{shell}} -o pipefail -c",
      hadolint:
        "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check.",
    },
    // Only a `|` makes a pipe either preset reports (`! cmd` alone is a one-command pipeline).
    shell: (instruction) => instruction.type === "Run" && (instruction.command?.type !== "ShellForm" || instruction.command.value.includes("|") || instruction.heredocs.some((heredoc) => heredoc.content.includes("|"))),
  },
  create(context) {
    const { file } = context;

    if (context.settings.preset === "hadolint") {
      // hadolint: per stage, not inherited through FROM <stage>; a SHELL starting with pwsh,
      // powershell or cmd turns the check off, any other sets it from `-o pipefail` given to
      // bash, zsh or ash.
      let off = false;
      return {
        From: () => {
          off = false;
        },
        Shell: (node) => {
          const words = node.command?.type === "ExecForm" ? node.command.elements.map((element) => element.value) : [];
          const text = words.join(" ");
          if (/^(pwsh|powershell|cmd)/.test(text)) off = true;
          else {
            const shell = readShellInstruction(node);
            off = shell.pipefail && ["bash", "zsh", "ash"].includes(shell.program);
          }
        },
        Run: (node) => {
          if (!off && hadolintHasPipe(node, context.shell(node))) context.report({ node: node.keyword, messageId: "hadolint" });
        },
      };
    }

    /** Reports the first unprotected pipe of each script the RUN hands to a shell it starts (`bash -c '…'`). */
    function checkInlineScripts(node: RunInstruction): void {
      for (const inline of inlineScriptsOf(context, node)) {
        const pipe = unprotectedPipe(inline.script, inline.pipefail);
        if (pipe) reportInline(node, inline, pipe);
      }
    }

    function reportInline(node: RunInstruction, inline: InlineScript, pipe: ShellPipeline): void {
      const stage = file.stageOf(node);
      const busybox = stage !== null && isBusyboxBased(stage);
      // `sh -o pipefail` works where sh is BusyBox ash; dash refuses the option.
      const hasOption = PIPEFAIL_SHELLS.has(inline.shell) || (inline.shell === "sh" && busybox);
      const hint = hasOption
        ? `Run it as ${inline.shell} -o pipefail -c, or start the script with set -o pipefail`
        : `Run it as ${busybox ? "ash" : "bash"} -o pipefail -c instead (${inline.shell} has no pipefail option where it is dash, Debian's and Ubuntu's sh)`;
      const name = inline.runner.nameWord;
      // The option goes right after the shell's name, where the name is where the parse says it is
      // (a script nested in an escaped string only knows its whole word's position).
      const exact = file.text.slice(name.range.start.offset, name.range.end.offset) === name.text;
      const exec = node.command?.type === "ExecForm" && name.text.startsWith('"');
      const option = exec ? ', "-o", "pipefail"' : " -o pipefail";
      context.report({
        range: pipe.range,
        messageId: "inline",
        data: { ...endsOf(pipe), shell: inline.shell, hint },
        // Not automatic, like the SHELL suggestion: the script fails where it used to pass.
        suggest: hasOption && exact ? [{ messageId: "addOption", data: { shell: inline.shell }, fix: (fixer) => fixer.insertTextAt(name.range.end.offset, option) }] : [],
      });
    }

    // The shell this stage's RUNs run under, followed through its SHELL instructions (null before the first FROM).
    let shell: RunShell | null = null;
    return {
      From: (node) => {
        const stage = file.stageOf(node);
        shell = stage ? shellAtStageStart(file, stage) : null;
      },
      Shell: (node) => {
        if (shell) shell = readShellInstruction(node);
      },
      Run: (node) => {
        // An exec-form RUN starts no shell of its own, but may start one: `["bash", "-c", "a | b"]`.
        if (node.command?.type === "ExecForm") {
          checkInlineScripts(node);
          return;
        }
        // PowerShell's and cmd's pipes are another matter; an unknown SHELL is not judged.
        if (shell?.kind !== "posix") return;
        const script = context.shell(node);
        if (!script) return;
        checkInlineScripts(node);
        if (script.pipelines.length === 0) return;
        // `RUN <<EOF` (also `RUN 0<<EOF`, `RUN << EOF`: the parser's heredocScript) whose body starts
        // with #! is run as a file by that interpreter: no SHELL options.
        const body = node.heredocScript ? node.heredocs[0]?.content : undefined;
        const shebang = body?.startsWith("#!") ? SHEBANG_SHELLS.exec(body) : null;
        if (body?.startsWith("#!") && !shebang) return;
        const unprotected = unprotectedPipe(script, !shebang && shell.pipefail);
        if (!unprotected) return;
        const { producer, consumer } = endsOf(unprotected);
        if (shebang) {
          context.report({ range: unprotected.range, messageId: "shebang", data: { producer, consumer, shell: shebang[1] ?? "shell" } });
          return;
        }
        const stage = file.stageOf(node);
        const ash = stage !== null && isBusyboxBased(stage) && shell.program !== "bash";
        const path = ash ? "/bin/ash" : "/bin/bash";
        const shown = shell.instruction ? shell.program : "/bin/sh";
        // dash (Debian's and Ubuntu's /bin/sh) has no pipefail option: `set -o pipefail` would fail there.
        const setHint = ash || shell.program !== "sh" ? ", or start the script with set -o pipefail" : "";
        const lineStart = file.text.lastIndexOf("\n", node.range.start.offset - 1) + 1;
        const indent = file.text.slice(lineStart, node.range.start.offset);
        const eol = lineBreakOf(file);
        context.report({
          range: unprotected.range,
          messageId: "noPipefail",
          data: { producer, consumer, shell: shown, path, setHint },
          // Not automatic: with pipefail the RUN fails where it used to pass, which is the point.
          suggest: [{ messageId: "addShell", data: { path }, fix: (fixer) => fixer.insertTextAt(lineStart, `${indent}SHELL ["${path}", "-o", "pipefail", "-c"]${eol}`) }],
        });
      },
    };
  },
});
