import type { CmdInstruction, EntrypointInstruction, HealthcheckInstruction } from "@dfbuild/parser";
import { parseWord } from "@dfbuild/parser";
import { defineRule } from "@dfbuild/linter";

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "pwsh", "powershell", "cmd"]);

export default defineRule({
  meta: {
    id: "exec-form-variable",
    severity: "warning",
    type: "problem",
    docs: { description: "Do not use $VARIABLES in exec-form CMD, ENTRYPOINT or HEALTHCHECK: no shell expands them at run time" },
    messages: {
      notExpanded:
        '"{{variable}}" is passed literally: exec form runs the program without a shell, so nothing expands it. Use ["sh", "-c", "… {{variable}} …"] or shell form if you need the value.',
    },
  },
  create(context) {
    const check = (node: CmdInstruction | EntrypointInstruction | HealthcheckInstruction) => {
      if (node.command?.type !== "ExecForm") return;
      const elements = node.command.elements;
      const program = elements[0]?.value.split(/[\\/]/).pop()?.replace(/\.exe$/i, "").toLowerCase() ?? "";
      // ["sh", "-c", "echo $HOME"]: the shell does expand what follows -c.
      if (SHELLS.has(program)) return;
      for (const element of elements) {
        for (const part of parseWord(element.value, { escape: context.file.escape, skipProcessQuotes: true })) {
          if (part.type !== "Variable") continue;
          const variable = element.value.slice(part.start, part.end);
          // Map into the JSON string when it has no escapes (then raw = quote + value + quote).
          const exact = element.raw === JSON.stringify(element.value) && !element.raw.includes("\\");
          const start = exact ? element.range.start.offset + 1 + part.start : element.range.start.offset;
          const end = exact ? element.range.start.offset + 1 + part.end : element.range.end.offset;
          context.report({ range: context.file.lines.range(start, end), messageId: "notExpanded", data: { variable } });
        }
      }
    };
    return { Cmd: check, Entrypoint: check, Healthcheck: check };
  },
});
