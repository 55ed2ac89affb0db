import type { Instruction } from "@dfbuild/parser";
import type { AnyRule } from "./types.js";

/**
 * What a RUN's text can hold once the shell has removed quotes and joined continued lines: its
 * text without `"`, `'` and `\`, and without a `\` line break and the tabs after it (a `<<-`
 * heredoc strips those). Removing characters keeps every occurrence of a string that has none of
 * them, and adds those of words written in pieces (`a"pt-get"`, `ap\t-get`), whose value the
 * shell parse gives the rules.
 */
const QUOTING = /\\\r?\n\t*|["'\\]/g;

/** ANSI-C quoting (`$'\x61pt-get'`) decodes escapes to any character: such a RUN may mention anything. */
const ANSI_C_QUOTE = "$'";

/**
 * Answers `meta.mentions` for every rule at once: one pass over a RUN's text (or another
 * instruction's command, for the scripts a rule reads) finds which of all the rules' strings it
 * contains, and a rule passes when one of its own is among them. The
 * answer for the instruction last asked about is kept: the walk asks for every rule at one
 * instruction before going to the next.
 */
export class RunMentions {
  /** Per rule with `meta.mentions`, the indexes of its strings in `#needles`. */
  readonly #ofRule = new Map<AnyRule, readonly number[]>();
  readonly #needles: string[] = [];
  /** Per first character code, the indexes of the strings that start with it (an array for ASCII, the usual case). */
  readonly #byAscii: (number[] | undefined)[] = new Array<number[] | undefined>(128).fill(undefined);
  readonly #byOther = new Map<number, number[]>();
  /** Per string, its second character code (-1 for a one-character string): most places a first character matches, the second does not. */
  readonly #seconds: Int32Array;
  /** `#found[i] === #round`: the last instruction's text holds string i. */
  readonly #found: Uint32Array;
  #round = 0;
  #last: Instruction | null = null;
  #anything = false;

  constructor(rules: readonly AnyRule[]) {
    const indexes = new Map<string, number>();
    for (const rule of rules) {
      const { mentions } = rule.meta;
      if (mentions === undefined) continue;
      const own: number[] = [];
      for (const needle of mentions) {
        // An empty string is in every text; a quote or backslash would not survive `QUOTING`.
        if (needle.length === 0 || /["'\\]/.test(needle)) throw new Error(`rule ${rule.meta.id}: meta.mentions holds ${JSON.stringify(needle)}, which cannot be looked for`);
        let index = indexes.get(needle);
        if (index === undefined) {
          index = this.#needles.length;
          this.#needles.push(needle);
          indexes.set(needle, index);
          const first = needle.charCodeAt(0);
          const list = first < 128 ? this.#byAscii[first] : this.#byOther.get(first);
          if (list) list.push(index);
          else if (first < 128) this.#byAscii[first] = [index];
          else this.#byOther.set(first, [index]);
        }
        own.push(index);
      }
      this.#ofRule.set(rule, own);
    }
    this.#found = new Uint32Array(this.#needles.length);
    this.#seconds = Int32Array.from(this.#needles, (needle) => (needle.length > 1 ? needle.charCodeAt(1) : -1));
  }

  /**
   * Whether the engine calls `rule`'s visitor for `instruction`: always, unless the rule has
   * `meta.mentions` and the instruction is a RUN whose text holds none of them.
   */
  passes(rule: AnyRule, instruction: Instruction): boolean {
    return instruction.type !== "Run" || this.holds(rule, instruction);
  }

  /**
   * Whether `instruction`'s command (RUN, CMD, ENTRYPOINT, HEALTHCHECK) holds one of `rule`'s
   * `meta.mentions`: true for a rule without them, false for an instruction without a command.
   */
  holds(rule: AnyRule, instruction: Instruction): boolean {
    const own = this.#ofRule.get(rule);
    if (own === undefined) return true;
    if (instruction !== this.#last) this.#scan(instruction);
    if (this.#anything) return true;
    const found = this.#found;
    const round = this.#round;
    for (const index of own) if (found[index] === round) return true;
    return false;
  }

  #scan(instruction: Instruction): void {
    this.#last = instruction;
    this.#anything = false;
    // A new round forgets the last text's strings without clearing the array.
    if (++this.#round === 0xffffffff) {
      this.#found.fill(0);
      this.#round = 1;
    }
    const command = "command" in instruction ? instruction.command : null;
    if (!command) return;
    if (command.type === "ExecForm") {
      // Each element's JSON-decoded value, as the rules read it; none spans two elements.
      for (const element of command.elements) this.#look(element.value);
      return;
    }
    this.#look(command.value);
    for (const heredoc of instruction.heredocs) this.#look(heredoc.content);
  }

  #look(written: string): void {
    if (written.includes(ANSI_C_QUOTE)) {
      this.#anything = true;
      return;
    }
    const text = written.replace(QUOTING, "");
    const found = this.#found;
    const round = this.#round;
    const needles = this.#needles;
    const byAscii = this.#byAscii;
    const byOther = this.#byOther;
    const seconds = this.#seconds;
    for (let at = 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      const starting = code < 128 ? byAscii[code] : byOther.get(code);
      if (starting === undefined) continue;
      // NaN past the end: then only a one-character string can start here.
      const next = text.charCodeAt(at + 1);
      for (const index of starting) {
        if (found[index] === round) continue;
        const second = seconds[index] ?? -1;
        if (second === -1 || (second === next && text.startsWith(needles[index] ?? "", at))) found[index] = round;
      }
    }
  }
}
