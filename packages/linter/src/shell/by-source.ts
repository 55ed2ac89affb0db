import type { Instruction } from "@dfbuild/parser";
import { type LineIndex, shiftRange } from "../positions.js";
import { parseScript } from "./index.js";
import type { ShellScript, ShellWord } from "./script.js";

/** A shell parse and where its instruction's source is. */
interface Parsed {
  start: number;
  end: number;
  script: ShellScript | null;
}

/** Up to `limit` entries in each of two generations: when the newer is full it becomes the older, and the older is dropped. */
class Generations<V> {
  #newer = new Map<number, V>();
  #older = new Map<number, V>();

  constructor(private readonly limit: number) {}

  /** The value kept for `key`; one found in the older generation moves to the newer. */
  get(key: number): V | undefined {
    let value = this.#newer.get(key);
    if (value === undefined) {
      value = this.#older.get(key);
      if (value !== undefined) this.set(key, value);
    }
    return value;
  }

  set(key: number, value: V): void {
    if (this.#newer.size >= this.limit) {
      this.#older = this.#newer;
      this.#newer = new Map();
    }
    this.#newer.set(key, value);
  }
}

/**
 * FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/) of `text[start, end)`, cut to 30 bits so
 * that it is a small integer on every V8 build. The maps are keyed by it rather than by the
 * source: a map holding 4,096 slices of the file while the shell parser makes its garbage cost a
 * third more CPU time than the parses alone on 300,000 different RUNs (a number holds nothing).
 */
function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
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
 * `limit` each), so a large file never holds all of either. Both are found by a hash of the
 * source and then compared with it, where it was seen, character for character.
 */
export class ScriptsBySource {
  /** Where a source with each hash was last seen. */
  readonly #seen: Generations<number>;
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
    const { text } = this;
    const start = instruction.range.start.offset;
    const end = instruction.range.end.offset;
    const hash = hashOf(text, start, end);
    const kept = this.#parsed.get(hash);
    if (kept !== undefined && kept.end - kept.start === end - start && this.#startsWith(kept.start, start, end)) {
      if (kept.script === null || kept.start === start) return kept.script;
      return shiftScript(kept.script, start - kept.start, this.lines);
    }
    const script = parseScript(instruction, this.lines);
    this.parses++;
    // Where a source was seen is kept without its end: a longer source there that starts like
    // this one and has the same hash would only have this parse kept, not used in its place.
    const seenAt = this.#seen.get(hash);
    if (seenAt === undefined || !this.#startsWith(seenAt, start, end)) this.#seen.set(hash, start);
    else this.#parsed.set(hash, { start, end, script });
    return script;
  }

  /** Whether the text at `other` starts with the source `[start, end)`. */
  #startsWith(other: number, start: number, end: number): boolean {
    if (other === start) return true;
    const { text } = this;
    const length = end - start;
    if (other + length > text.length) return false;
    for (let i = 0; i < length; i++) if (text.charCodeAt(other + i) !== text.charCodeAt(start + i)) return false;
    return true;
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
