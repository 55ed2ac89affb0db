import type { Instruction } from "@dfbuild/parser";
import { type LineIndex, shiftRange } from "../positions.js";
import { parseScript } from "./index.js";
import type { ShellScript, ShellWord } from "./script.js";

/** A shell parse and where its instruction started. */
interface Parsed {
  start: number;
  script: ShellScript | null;
}

/**
 * Shell parses of one file's instructions, by the instruction's source (its range, heredoc bodies
 * included): an instruction written the same way as one parsed before (`RUN apt-get update`, the
 * same block in several stages or in files pasted together) gets that parse with its ranges moved,
 * which costs a fraction of parsing it. What a script says follows from its source and the file's
 * escape character alone, and its ranges are its words' offsets mapped through that source, so
 * they move with it. At most `limit` sources are kept (the least recently used go first): a file of hundreds of
 * thousands of different RUNs never holds all their parses.
 */
export class ScriptsBySource {
  readonly #parsed = new Map<string, Parsed>();
  /** Scripts the shell parser read (for tests). */
  parses = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly limit = 1024,
  ) {}

  /** `parseScript(instruction, lines)`, for an instruction of this file. */
  script(instruction: Instruction): ShellScript | null {
    const start = instruction.range.start.offset;
    const source = this.text.slice(start, instruction.range.end.offset);
    const kept = this.#parsed.get(source);
    if (kept !== undefined) {
      // The most recently used last: the first in the map is the next to go.
      this.#parsed.delete(source);
      this.#parsed.set(source, kept);
      if (kept.script === null || kept.start === start) return kept.script;
      return shiftScript(kept.script, start - kept.start, this.lines);
    }
    const script = parseScript(instruction, this.lines);
    this.parses++;
    if (this.#parsed.size >= this.limit) {
      for (const oldest of this.#parsed.keys()) {
        this.#parsed.delete(oldest);
        break;
      }
    }
    this.#parsed.set(source, { start, script });
    return script;
  }
}

/** A script's words, commands and pipes `by` characters further on in the file `lines` indexes. */
export function shiftScript(script: ShellScript, by: number, lines: LineIndex): ShellScript {
  const word = (of: ShellWord): ShellWord => ({ text: of.text, value: of.value, range: shiftRange(of.range, by, lines) });
  return {
    ...script,
    commands: script.commands.map((command) => ({ ...command, nameWord: word(command.nameWord), args: command.args.map(word), range: shiftRange(command.range, by, lines) })),
    pipelines: script.pipelines.map((pipeline) => ({ ...pipeline, range: shiftRange(pipeline.range, by, lines) })),
  };
}
