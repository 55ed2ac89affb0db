import type { RunInstruction, ShellForm } from "@dfbuild/parser";
import { type RuleFixer, type ShellCommand, defineRule } from "@dfbuild/linter";
import { lineBreakOf } from "./utils/line-break.js";
import { invocations } from "./utils/shell-commands.js";

/** What may come before the `cd` for WORKDIR to replace it: `set` options and separators. */
const PREAMBLE = /^(?:\s*set(?:\s+[-+][A-Za-z]+(?:\s+[a-z]+)?)*\s*(?:&&|;|\n))*\s*$/;

/** The offset in `form.value` of a source offset inside the command line; null elsewhere (a heredoc body). */
function scriptOffset(form: ShellForm, sourceOffset: number): number | null {
  const segment = form.segments.find((s) => sourceOffset >= s.sourceOffset && sourceOffset < s.sourceOffset + s.length);
  return segment ? segment.offset + (sourceOffset - segment.sourceOffset) : null;
}

/** Per escape character: `cd DIR && rest` or `cd DIR; rest`, with any line continuation between them. */
const separators = new Map<string, RegExp>();

/**
 * The separator pattern for a file's escape character, made once: the rule is instruction-scoped,
 * created afresh for every RUN, and a file of 300,000 RUNs compiled it 300,000 times.
 */
function separatorPattern(fileEscape: string): RegExp {
  const escape = fileEscape === "`" ? "`" : "\\\\";
  let pattern = separators.get(escape);
  if (pattern === undefined) {
    pattern = new RegExp(`^(?:[ \\t]|${escape}\\r?\\n)*(?:&&|;)(?:\\s|${escape}\\r?\\n)*$`);
    separators.set(escape, pattern);
  }
  return pattern;
}

const CD = ["cd"];
const RM = ["rm"];

export default defineRule({
  meta: {
    id: "use-workdir",
    aliases: ["DL3003"],
    severity: "info",
    hadolint: "warning",
    type: "suggestion",
    hasSuggestions: true,
    docs: { description: "Use WORKDIR rather than starting a RUN with cd" },
    messages: {
      cd: "This RUN starts with cd {{dir}}: WORKDIR {{dir}} says where the following instructions run in one visible place, instead of a cd repeated in every RUN.",
      hadolint: "Use WORKDIR to switch to a directory.",
      useWorkdir: "Replace cd {{dir}} with WORKDIR {{dir}} before this RUN",
    },
    shell: true,
    mentions: ["cd"],
    // Only the file's line break, for the WORKDIR line the fix inserts, is read beyond the RUN.
    scope: "instruction",
    facts: (_instruction, _info, file) => lineBreakOf(file),
  },
  create(context) {
    const { file } = context;
    const hadolint = context.settings.preset === "hadolint";

    return {
      Run: (node: RunInstruction, info) => {
        const script = context.shell(node);
        if (!script) return;
        const cds = invocations(context, script, CD);
        if (hadolint) {
          for (const cd of cds) context.report({ node: cd, messageId: "hadolint" });
          return;
        }
        // Only a cd that starts the script: one later in the script works in a directory the
        // RUN itself creates or fills (git clone, tar -x, mkdir), where WORKDIR cannot replace it.
        const form = node.command?.type === "ShellForm" ? node.command : null;
        const [cd] = cds;
        if (!form || cd?.args.length !== 1) return;
        const start = scriptOffset(form, cd.range.start.offset);
        const dir = cd.args[0]?.value ?? null;
        if (start === null || dir === null || dir === "" || dir === "-" || dir.startsWith("~") || !PREAMBLE.test(form.value.slice(0, start))) return;
        // A scratch directory, or one the RUN deletes again, is a workspace for this RUN only:
        // WORKDIR would leave it in the image and make it the directory of later instructions.
        if (/^\/(var\/)?tmp(\/|$)/.test(dir)) return;
        const trimmed = dir.replace(/\/+$/, "");
        const removed = invocations(context, script, RM).some((rm) => rm.args.some((arg) => arg.value !== null && arg.value.replace(/\/+\*?$/, "") === trimmed));
        if (removed) return;
        // A mount exists only while this RUN runs.
        const inMount = node.mounts.some((mount) =>
          mount.fields.some((field) => ["target", "dst", "destination"].includes(field.key) && field.value !== null && (trimmed === field.value.replace(/\/+$/, "") || trimmed.startsWith(`${field.value.replace(/\/+$/, "")}/`))),
        );
        if (inMount) return;
        const next = script.commands.find((command) => command.range.start.offset > cd.range.end.offset);
        context.report({
          node: cd,
          messageId: "cd",
          data: { dir },
          suggest: start === 0 ? [{ messageId: "useWorkdir", data: { dir }, fix: (fixer) => workdirFix(fixer, node, cd, next, dir, info.facts ?? "\n") }] : [],
        });
      },
    };

    /** `RUN cd /x && make` becomes `WORKDIR /x` + `RUN make`; a lone `RUN cd /x` becomes the WORKDIR. */
    function workdirFix(fixer: RuleFixer, node: RunInstruction, cd: ShellCommand, next: ShellCommand | undefined, dir: string, eol: string) {
      const lineStart = file.text.lastIndexOf("\n", node.range.start.offset - 1) + 1;
      const indent = file.text.slice(lineStart, node.range.start.offset);
      const quoted = /[\s"'\\$]/.test(dir) ? JSON.stringify(dir) : dir;
      if (!next) {
        const rest = file.text.slice(cd.range.end.offset, node.range.end.offset);
        if (rest.trim() !== "" || node.flags.length > 0) return null;
        return fixer.replaceTextRange([node.range.start.offset, node.range.end.offset], `WORKDIR ${quoted}`);
      }
      if (!separatorPattern(file.escape).test(file.text.slice(cd.range.end.offset, next.range.start.offset))) return null;
      return [fixer.insertTextAt(lineStart, `${indent}WORKDIR ${quoted}${eol}`), fixer.removeRange([cd.range.start.offset, next.range.start.offset])];
    }
  },
});
