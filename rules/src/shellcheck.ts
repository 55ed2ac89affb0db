import type { Instruction } from "@dfbuild/parser";
import { type Fix, type MappedText, type RuleFixer, type Severity, type StageInfo, defineRule, scriptPieces } from "@dfbuild/linter";
import { type ShellcheckComment, runShellcheck, shellcheckMissing, shellcheckPath } from "./utils/shellcheck-runner.js";

/** The shell hadolint assumes without SHELL or pragma (src/Hadolint/Shell.hs `defaultShellOpts`). */
const DEFAULT_SHELL = "/bin/sh";
/** Variables every RUN may use without defining them: Docker's predefined proxy ARGs. */
const PROXY_VARIABLES = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy"];
/** Shells ShellCheck cannot read: their RUNs are not checked (hadolint's `nonPosixShells`). */
const NON_POSIX = ["pwsh", "powershell", "cmd"];
/** Shebangs of scripts ShellCheck reads; a RUN whose text starts with another one is not checked. */
const SUPPORTED_SHEBANGS = ["#!/bin/sh", "#!/bin/bash", "#!/bin/ksh", "#!/usr/bin/env sh", "#!/usr/bin/env bash", "#!/usr/bin/env ksh"];
const LEVELS: Record<ShellcheckComment["level"], Severity> = { error: "error", warning: "warning", info: "info", style: "style" };
const PRAGMA = /^hadolint\s+shell\s*=\s*(\S+)/;

interface Checked {
  instruction: Instruction;
  piece: MappedText;
  /** Lines before the script: the shebang and one `export` per variable. */
  headerLines: number;
  text: string;
}

/** UTF-16 offsets of each line start in a text. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The offset in `text` of a ShellCheck position (1-based line, 1-based column in characters). */
function offsetOf(text: string, starts: readonly number[], line: number, column: number): number | null {
  const start = starts[line - 1];
  if (start === undefined) return null;
  let offset = start;
  for (let characters = 1; characters < column && offset < text.length; characters++) {
    const code = text.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return offset;
}

export default defineRule({
  meta: {
    id: "shellcheck",
    severity: "warning",
    hadolint: "warning",
    // Opt-in in `recommended`: whether it runs depends on a program being installed, and a
    // verdict should not change with the machine. On in `strict` and `hadolint`.
    recommended: false,
    type: "problem",
    hasSuggestions: true,
    onbuild: true,
    docs: { description: "Check the shell scripts of RUN instructions with ShellCheck, as hadolint does" },
    messages: {
      finding: "{{message}}",
      apply: "Apply ShellCheck's fix",
    },
    unavailable: shellcheckMissing,
  },
  create(context) {
    const { file } = context;
    const checked: Checked[] = [];
    /** The shell in effect, per stage, as SHELL instructions and `# hadolint shell=` pragmas set it. */
    const shellAtEnd = new Map<StageInfo, string>();
    let defaultShell = DEFAULT_SHELL;
    let current: StageInfo | null = null;
    let shell = DEFAULT_SHELL;

    const hadolint = context.settings.preset === "hadolint";
    const collect = (instruction: Instruction, onbuild: Instruction | null) => {
      // An ONBUILD trigger runs in a later build: on an image that keeps this one's ENV and SHELL,
      // but not its ARGs. hadolint checks triggers apart from everything else (its `onbuild`
      // combinator gives the rule a state of its own): the default shell, no variables.
      const runShell = onbuild && hadolint ? DEFAULT_SHELL : shell;
      if (NON_POSIX.some((name) => runShell.includes(name))) return;
      const pieces = scriptPieces(instruction);
      if (!pieces) return;
      const scope = onbuild ? (hadolint ? [] : [...file.scopeAt(onbuild).values()].filter((variable) => variable.kind === "env").map((variable) => variable.name)) : [...file.scopeAt(instruction).keys()];
      const names = [...scope, ...PROXY_VARIABLES].filter((name, i, all) => /^[A-Za-z_]\w*$/.test(name) && all.indexOf(name) === i).sort();
      const exports = names.map((name) => `export ${name}=1\n`).join("");
      for (const [i, piece] of pieces.entries()) {
        let interpreter = `#!${runShell}`;
        if (piece.text.startsWith("#!")) {
          const own = SUPPORTED_SHEBANGS.find((shebang) => piece.text.startsWith(shebang));
          if (own === undefined) continue;
          // BuildKit runs the body of `RUN <<EOF` that starts with `#!` as an executable file, under
          // its own interpreter (dockerfile2llb `dispatchRun`); hadolint checks it under the shell.
          if (!hadolint && i === 0 && instruction.type === "Run" && instruction.heredocScript) interpreter = own;
        }
        checked.push({ instruction, piece, headerLines: names.length + 1, text: `${interpreter}\n${exports}${piece.text}` });
      }
    };

    return {
      Comment: (node) => {
        // hadolint's `# hadolint shell=…` (src/Hadolint/Pragma.hs): the shell from here on, in this
        // stage; before the first FROM, in every stage.
        const pragma = PRAGMA.exec(node.value);
        if (!pragma?.[1]) return;
        shell = pragma[1];
        if (current === null) defaultShell = shell;
        else shellAtEnd.set(current, shell);
      },
      From: (node) => {
        current = file.stageOf(node);
        const base = current?.baseStage ?? null;
        shell = (base ? shellAtEnd.get(base) : undefined) ?? defaultShell;
        if (current) shellAtEnd.set(current, shell);
      },
      Shell: (node) => {
        // hadolint takes the first word of SHELL's arguments as the shebang.
        if (node.command?.type !== "ExecForm") return;
        shell = node.command.elements[0]?.value ?? shell;
        if (current) shellAtEnd.set(current, shell);
      },
      Run: (node, { onbuild }) => {
        collect(node, onbuild);
      },
      "Dockerfile:exit": () => {
        const executable = shellcheckPath();
        if (executable === null || checked.length === 0) return;
        const comments = runShellcheck(
          executable,
          checked.map((each) => each.text),
        );
        const starts = checked.map((each) => lineStarts(each.piece.text));
        for (const comment of comments) {
          const entry = checked[comment.script];
          const lines = starts[comment.script];
          if (!entry || !lines) continue;
          const line = comment.line - entry.headerLines;
          const endLine = comment.endLine - entry.headerLines;
          // A comment on the header (the shebang or the exports dfbuild wrote) is not the file's.
          if (line < 1) continue;
          const start = offsetOf(entry.piece.text, lines, line, comment.column);
          const end = offsetOf(entry.piece.text, lines, endLine, comment.endColumn);
          if (start === null || end === null) continue;
          const from = entry.piece.toSource(start);
          const to = end > start ? entry.piece.toSource(end - 1) + 1 : from;
          const code = `SC${comment.code}`;
          const fix = comment.fix ? fixFrom(entry, lines, comment.fix.replacements) : null;
          context.report({
            range: file.lines.range(from, Math.max(from, to)),
            messageId: "finding",
            data: { message: comment.message },
            code,
            severity: LEVELS[comment.level],
            suggest: fix ? [{ messageId: "apply", fix }] : [],
          });
        }
      },
    };
  },
});

/**
 * ShellCheck's own fix as a suggestion (quoting can change what a script does, so never
 * automatic), when every replacement maps onto the Dockerfile one character for one.
 */
function fixFrom(entry: Checked, lines: readonly number[], replacements: NonNullable<ShellcheckComment["fix"]>["replacements"]): ((fixer: RuleFixer) => Fix[]) | null {
  const edits: { range: [number, number]; text: string }[] = [];
  for (const replacement of replacements) {
    const start = offsetOf(entry.piece.text, lines, replacement.line - entry.headerLines, replacement.column);
    const end = offsetOf(entry.piece.text, lines, replacement.endLine - entry.headerLines, replacement.endColumn);
    if (start === null || end === null || replacement.line <= entry.headerLines) return null;
    const from = entry.piece.toSource(start);
    const to = end > start ? entry.piece.toSource(end - 1) + 1 : from;
    if (to - from !== end - start) return null;
    edits.push({ range: [from, to], text: replacement.replacement });
  }
  if (edits.length === 0) return null;
  edits.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  if (edits.some((edit, i) => i > 0 && edit.range[0] < (edits[i - 1]?.range[1] ?? 0))) return null;
  return (fixer) => edits.map((edit) => fixer.replaceTextRange(edit.range, edit.text));
}
