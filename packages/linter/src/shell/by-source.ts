import type { Instruction } from "@dfbuild/parser";
import { type LineIndex, shiftRange } from "../positions.js";
import { parseScript } from "./index.js";
import type { ShellScript, ShellWord } from "./script.js";

/** A shell parse and where its instruction started. */
interface Parsed {
  start: number;
  script: ShellScript | null;
}

/** Up to `limit` entries in each of two generations: when the newer is full it becomes the older, and the older is dropped. */
class Generations<V> {
  #newer = new Map<string, V>();
  #older = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /** The value kept for `key`; one found in the older generation moves to the newer. */
  get(key: string): V | undefined {
    let value = this.#newer.get(key);
    if (value === undefined) {
      value = this.#older.get(key);
      if (value !== undefined) this.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    if (this.#newer.size >= this.limit) {
      this.#older = this.#newer;
      this.#newer = new Map();
    }
    this.#newer.set(key, value);
  }
}

/**
 * Shell parses of one file's instructions, by the instruction's source (its range, heredoc bodies
 * included): an instruction written the same way as one parsed before (`RUN apt-get update`, the
 * same block in several stages or in files pasted together) gets that parse with its ranges moved,
 * which costs a fraction of parsing it. What a script says follows from its source and the file's
 * escape character alone, and its ranges are its words' offsets mapped through that source, so
 * they move with it.
 *
 * A parse is kept only once its source has been seen before: a parse kept for a while outlives the
 * garbage collector's young generation and is copied into the old one, and keeping every parse
 * (for 300,000 different RUNs, none of them ever used again) cost a quarter more CPU time and
 * 80 MB more peak memory. Sources seen and parses kept are bounded (two generations of
 * `limit` each), so a large file never holds all of either.
 */
export class ScriptsBySource {
  readonly #seen: Generations<true>;
  readonly #parsed: Generations<Parsed>;
  /** Scripts the shell parser read (for tests). */
  parses = 0;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    limit = 1024,
  ) {
    this.#seen = new Generations(4 * limit);
    this.#parsed = new Generations(limit);
  }

  /** `parseScript(instruction, lines)`, for an instruction of this file. */
  script(instruction: Instruction): ShellScript | null {
    const start = instruction.range.start.offset;
    const source = this.text.slice(start, instruction.range.end.offset);
    const kept = this.#parsed.get(source);
    if (kept !== undefined) {
      if (kept.script === null || kept.start === start) return kept.script;
      return shiftScript(kept.script, start - kept.start, this.lines);
    }
    const script = parseScript(instruction, this.lines);
    this.parses++;
    if (this.#seen.get(source) === undefined) this.#seen.set(source, true);
    else this.#parsed.set(source, { start, script });
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
