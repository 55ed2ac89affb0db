import type { Instruction, ShellForm } from "@dfbuild/parser";
import type { LineIndex } from "../positions.js";
import { type ShellScript, analyzeScript } from "./script.js";
import { type MappedText, commandText, concatMapped, heredocText } from "./source-map.js";

export type { ShellCommand, ShellPipeline, ShellScript, ShellWord } from "./script.js";
export type { MappedText } from "./source-map.js";
export { commandOf, commandsOf, hasOption, parseOptions, type ParsedOptions } from "./options.js";
export { analyzeInlineScript, execFormCommand, inlineScriptWord } from "./nested.js";

const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "/bin/sh", "/bin/bash", "/bin/ash", "/bin/dash", "/usr/bin/env"]);
const HEREDOC_MARKER = /^<<-?(["']?)[A-Za-z_][\w.-]*\1$/;

/** The shell-form command of an instruction, if it has one. */
export function shellFormOf(instruction: Instruction): ShellForm | null {
  switch (instruction.type) {
    case "Run":
    case "Cmd":
    case "Entrypoint":
    case "Healthcheck":
      return instruction.command?.type === "ShellForm" ? instruction.command : null;
    default:
      return null;
  }
}

/**
 * What the shell will run, as script pieces: the command line, and heredoc bodies where BuildKit
 * runs them as the script (`RUN <<EOF`, `RUN 0<<EOF`, `RUN bash <<EOF`); other heredocs stay data for their command.
 */
export function scriptPieces(instruction: Instruction): MappedText[] | null {
  const form = shellFormOf(instruction);
  if (!form) return null;
  const line = commandText(form);
  if (instruction.heredocs.length === 0) return [line];
  const words = form.value.trim().split(/\s+/);
  // The parser's heredocScript is BuildKit's own test (`RUN 0<<EOF`, `RUN << EOF` and `RUN <<E"O"F` too).
  const bodiesAreScripts = (instruction.type === "Run" && instruction.heredocScript) || words.every((word, i) => HEREDOC_MARKER.test(word) || (i === 0 && SHELLS.has(word)));
  const bodies = instruction.heredocs.map((heredoc) => heredocText(heredoc.content, heredoc.body.start.offset));
  if (bodiesAreScripts) return bodies;
  const withData: (MappedText | string)[] = [line];
  instruction.heredocs.forEach((heredoc, i) => {
    withData.push("\n");
    const body = bodies[i];
    if (body) withData.push(body);
    withData.push(`${heredoc.name}\n`);
  });
  return [concatMapped(withData)];
}

/** Parses the shell-form command of an instruction; null when it has none. */
export function parseScript(instruction: Instruction, lines: LineIndex): ShellScript | null {
  const pieces = scriptPieces(instruction);
  if (!pieces) return null;
  try {
    return analyzeScript(pieces, lines);
  } catch {
    // The shell parser recovers from any syntax error; should it ever fail anyway, the rules
    // treat the script as one they could not read rather than the whole lint failing.
    return { commands: [], pipelines: [], commandCount: 0, hasErrors: true, andChain: false, setsShellState: false };
  }
}

/** Parses the shell-form commands of the given instructions. */
export function parseScripts(instructions: readonly Instruction[], lines: LineIndex): Map<Instruction, ShellScript> {
  const scripts = new Map<Instruction, ShellScript>();
  for (const instruction of instructions) {
    const script = parseScript(instruction, lines);
    if (script) scripts.set(instruction, script);
  }
  return scripts;
}
