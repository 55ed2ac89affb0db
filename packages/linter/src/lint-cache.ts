import type { Instruction } from "@dfbuild/parser";
import type { Fix } from "./fixer.js";
import type { LineIndex } from "./positions.js";
import { parseScript } from "./shell/index.js";
import type { ShellScript } from "./shell/script.js";
import type { AnyRule, Severity } from "./types.js";

/**
 * A finding of an instruction-scoped rule, its offsets relative to the start of the instruction
 * it was found on, so it can be reused wherever that instruction moves to.
 */
export interface RelativeFinding {
  rule: AnyRule;
  message: string;
  messageId: string;
  code?: string;
  start: number;
  end: number;
  fix?: Fix[];
  suggestions?: { message: string; fix: Fix[] }[];
  /**
   * `ReportDescriptor.checkedAt`: `"instruction"` and `"trigger"` stand for the instruction (or
   * its ONBUILD trigger) the finding was made on, wherever it is now; another node makes the
   * finding not reusable.
   */
  checkedAt: "instruction" | "trigger" | Instruction | null | undefined;
  severity?: Severity;
}

/** What the instruction-scoped rules found on one instruction. */
export interface InstructionFindings {
  findings: RelativeFinding[];
  /** Rules that threw on this instruction, and what they threw. */
  crashes: { rule: AnyRule; message: string }[];
  /** False when a finding reaches outside the instruction's source (it is then not cached). */
  reusable: boolean;
}

/**
 * Findings of the instruction-scoped rules (`meta.scope: "instruction"`) kept from one lint of a
 * file to the next, for an editor that lints every version of a document as it is typed: pass the
 * same cache with each version (`lintText(text, { cache })`), and the instruction-scoped rules run
 * only on instructions whose source changed; whole-file rules run every time on the new semantic
 * model. The findings are those of a lint without the cache, always (`lint-cache.test.ts` checks
 * it on random edits).
 *
 * An instruction's source, for the cache, is the text from the end of the instruction before it to
 * the end of its own last line — its comments above (BuildKit's `PrevComment`), its continuation
 * lines and heredoc bodies, and the line break after it. The cache starts afresh when anything
 * else the rules see changes: the rules, their levels, the configuration, the file's name, its
 * escape character or `.dockerignore`. Entries unused by a lint are dropped, so the cache holds
 * one file's worth of findings.
 *
 * It also keeps the shell parse of each instruction a rule asked for, by node: `reparse` hands
 * the next version the same nodes for the instructions before an edit (same text, same offsets),
 * and their scripts are not parsed again. Those entries go with their nodes.
 */
export class LintCache {
  #signature: readonly unknown[] = [];
  #scripts = new WeakMap<Instruction, ShellScript | null>();
  #entries = new Map<string, InstructionFindings>();
  #next = new Map<string, InstructionFindings>();
  #hits = 0;
  #misses = 0;

  /** Instructions reused and re-checked by the last lint (for tests and benchmarks). */
  get stats(): { reused: number; checked: number } {
    return { reused: this.#hits, checked: this.#misses };
  }

  /** Starts a lint: everything is dropped unless `signature` equals the last lint's, item by item. */
  begin(signature: readonly unknown[]): void {
    if (signature.length !== this.#signature.length || signature.some((item, index) => !Object.is(item, this.#signature[index]))) {
      this.#entries.clear();
      this.#signature = signature;
    }
    this.#next = new Map();
    this.#hits = 0;
    this.#misses = 0;
  }

  /** The findings of an instruction with this source, when a previous lint made them. */
  get(source: string): InstructionFindings | undefined {
    const found = this.#entries.get(source) ?? this.#next.get(source);
    if (found) {
      this.#hits++;
      this.#next.set(source, found);
    } else this.#misses++;
    return found;
  }

  set(source: string, findings: InstructionFindings): void {
    if (findings.reusable) this.#next.set(source, findings);
  }

  /** The shell parse of an instruction (`parseScript`), made once per node. */
  script(instruction: Instruction, lines: LineIndex): ShellScript | null {
    let script = this.#scripts.get(instruction);
    if (script === undefined) {
      script = parseScript(instruction, lines);
      this.#scripts.set(instruction, script);
    }
    return script;
  }

  /** Ends a lint: what it used is what the next one can reuse. */
  end(): void {
    this.#entries = this.#next;
    this.#next = new Map();
  }

  /** Forgets everything (a configuration changed, the document closed). */
  clear(): void {
    this.#entries.clear();
    this.#next.clear();
    this.#signature = [];
    this.#scripts = new WeakMap();
  }
}
