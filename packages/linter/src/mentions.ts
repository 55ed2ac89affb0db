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
 * Answers `meta.mentions` for every rule: whether a RUN's text (or another instruction's command,
 * for the scripts a rule reads) contains one of a rule's strings. Each string is looked for at
 * most once per instruction, when a rule that names it is first asked about (`includes`, V8's
 * string search), and the answer is kept for the other rules that name it: the walk asks for
 * every rule at one instruction before going to the next, and most rules' strings are a few
 * program names, shared by several rules.
 */
export class RunMentions {
  /** Per rule with `meta.mentions`, the indexes of its strings in `#needles`. */
  readonly #ofRule = new Map<AnyRule, readonly number[]>();
  readonly #needles: string[] = [];
  /** `#looked[i] === #round`: string i has been looked for in the last instruction's text. */
  readonly #looked: Uint32Array;
  /** `#found[i] === #round`: the last instruction's text holds string i. */
  readonly #found: Uint32Array;
  #round = 0;
  #last: Instruction | null = null;
  #anything = false;
  /** The last instruction's pieces of text, quoting removed (see `QUOTING`): a string is looked for in each. */
  #texts: string[] = [];

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
        }
        own.push(index);
      }
      this.#ofRule.set(rule, own);
    }
    this.#looked = new Uint32Array(this.#needles.length);
    this.#found = new Uint32Array(this.#needles.length);
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
    const looked = this.#looked;
    const found = this.#found;
    const round = this.#round;
    for (const index of own) {
      if (looked[index] !== round) {
        looked[index] = round;
        const needle = this.#needles[index] ?? "";
        for (const text of this.#texts) {
          if (text.includes(needle)) {
            found[index] = round;
            break;
          }
        }
      }
      if (found[index] === round) return true;
    }
    return false;
  }

  /** Starts a round for `instruction`: its texts, quoting removed; no string looked for yet. */
  #scan(instruction: Instruction): void {
    this.#last = instruction;
    this.#anything = false;
    this.#texts = [];
    // A new round forgets the last text's answers without clearing the arrays.
    if (++this.#round === 0xffffffff) {
      this.#looked.fill(0);
      this.#found.fill(0);
      this.#round = 1;
    }
    const command = "command" in instruction ? instruction.command : null;
    if (!command) return;
    if (command.type === "ExecForm") {
      // Each element's JSON-decoded value, as the rules read it; none spans two elements.
      for (const element of command.elements) this.#add(element.value);
      return;
    }
    this.#add(command.value);
    for (const heredoc of instruction.heredocs) this.#add(heredoc.content);
  }

  #add(written: string): void {
    if (written.includes(ANSI_C_QUOTE)) this.#anything = true;
    else this.#texts.push(written.replace(QUOTING, ""));
  }
}
