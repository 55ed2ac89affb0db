import type { Instruction } from "@dfbuild/parser";
import type { Fix } from "./fixer.js";
import type { LineIndex } from "./positions.js";
import { shiftScript } from "./shell/by-source.js";
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

/**
 * A finding of a stage-scoped rule, its offsets relative to the start of the stage's source, and
 * the instruction it was checked at (`ReportDescriptor.checkedAt`) as its index among the stage's
 * top-level instructions (with whether it is that instruction's ONBUILD trigger).
 */
export interface StageRelativeFinding extends Omit<RelativeFinding, "checkedAt"> {
  checkedAt: { index: number; trigger: boolean } | null | undefined;
}

/** What the stage-scoped rules found in one stage (or in the instructions before the first FROM). */
export interface StageFindings {
  findings: StageRelativeFinding[];
  /** Rules that threw on this stage, and what they threw. */
  crashes: { rule: AnyRule; message: string }[];
  /** False when a finding reaches outside the stage's source (it is then not cached). */
  reusable: boolean;
}

/** A shell parse kept for an instruction: its source (`range`, heredoc bodies included) and where it started. */
interface KeptScript {
  source: string;
  start: number;
  script: ShellScript | null;
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
 * Values by key kept from the last lint, and those the current lint used or made: at the end of a
 * lint the latter replace the former, so what a lint did not use is dropped and the cache holds one
 * file's worth.
 */
class KeptAcrossLints<V> {
  #last = new Map<string, V>();
  #current = new Map<string, V>();
  /** Keys the current lint found, and those it did not. */
  hits = 0;
  misses = 0;

  /** Starts a lint; `forget`: a change makes nothing of the last lint valid. */
  begin(forget: boolean): void {
    if (forget) this.#last.clear();
    this.#current = new Map();
    this.hits = 0;
    this.misses = 0;
  }

  /** The value kept for `key`, which the current lint then keeps too. */
  use(key: string): V | undefined {
    const found = this.#last.get(key) ?? this.#current.get(key);
    if (found === undefined) this.misses++;
    else {
      this.hits++;
      this.#current.set(key, found);
    }
    return found;
  }

  set(key: string, value: V): void {
    this.#current.set(key, value);
  }

  end(): void {
    this.#last = this.#current;
    this.#current = new Map();
  }

  clear(): void {
    this.#last.clear();
    this.#current.clear();
  }
}

/**
 * Findings of the instruction- and stage-scoped rules kept from one lint of a
 * file to the next, for an editor that lints every version of a document as it is typed: pass the
 * same cache with each version (`lintText(text, { cache })`), and the instruction-scoped rules run
 * only on instructions whose source changed (or, for rules with `meta.facts`, whose facts did:
 * the key is then the facts and the source); the stage-scoped rules (`meta.scope: "stage"`) run
 * only on stages whose source changed, or what they read of the rest of the file (see
 * `RuleMeta.scope`); whole-file rules run every time on the new semantic model. The findings are
 * those of a lint without the cache, always (`lint-cache.test.ts` and
 * `test/lsp/incremental-lint.test.ts` check it on random edits).
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
 * and their scripts are not parsed again. Those entries go with their nodes. An instruction after
 * the edit is a new node with the same text at another offset: its script is the previous one
 * with every range moved by the distance the instruction moved (a script's ranges are its
 * words' offsets mapped through the instruction's own text, so they move with it), found by the
 * instruction's exact source; those entries are dropped like the findings when a lint does not
 * use them.
 */
export class LintCache {
  #signature: readonly unknown[] = [];
  #scripts = new WeakMap<Instruction, KeptScript>();
  /** Scripts by their instruction's source. */
  readonly #scriptsBySource = new KeptAcrossLints<KeptScript>();
  /** Instruction findings by source (and facts). */
  readonly #instructions = new KeptAcrossLints<InstructionFindings>();
  /** Stage findings by stage key. */
  readonly #stages = new KeptAcrossLints<StageFindings>();
  #parsedScripts = 0;

  /** Instructions reused and re-checked by the last lint (for tests and benchmarks). */
  get stats(): { reused: number; checked: number } {
    return { reused: this.#instructions.hits, checked: this.#instructions.misses };
  }

  /** Stages whose stage-scoped findings the last lint reused, and those it checked again (for tests and benchmarks). */
  get stageStats(): { reused: number; checked: number } {
    return { reused: this.#stages.hits, checked: this.#stages.misses };
  }

  /** Shell scripts the last lint parsed: those it could not take from a node or a text it had seen (for tests). */
  get parsedScripts(): number {
    return this.#parsedScripts;
  }

  /** Starts a lint: everything is dropped unless `signature` equals the last lint's, item by item. */
  begin(signature: readonly unknown[]): void {
    // The escape character is in the signature: a script read with another one is not this one.
    const changed = signature.length !== this.#signature.length || signature.some((item, index) => !Object.is(item, this.#signature[index]));
    if (changed) this.#signature = signature;
    this.#instructions.begin(changed);
    this.#stages.begin(changed);
    this.#scriptsBySource.begin(changed);
    this.#parsedScripts = 0;
  }

  /** The findings of an instruction with this source (and facts, see `RuleMeta.facts`), when a previous lint made them. */
  get(source: string): InstructionFindings | undefined {
    return this.#instructions.use(source);
  }

  set(source: string, findings: InstructionFindings): void {
    if (findings.reusable) this.#instructions.set(source, findings);
  }

  /** The findings of the stage-scoped rules on a stage with this key (its source and what it reads of the file). */
  getStage(key: string): StageFindings | undefined {
    return this.#stages.use(key);
  }

  setStage(key: string, findings: StageFindings): void {
    if (findings.reusable) this.#stages.set(key, findings);
  }

  /**
   * The shell parse of an instruction (`parseScript`), made once per node, and once per source
   * text while that text is in the file: `text` is the file the instruction was parsed from.
   */
  script(instruction: Instruction, lines: LineIndex, text: string): ShellScript | null {
    let kept = this.#scripts.get(instruction);
    if (kept === undefined) {
      const start = instruction.range.start.offset;
      const source = text.slice(start, instruction.range.end.offset);
      const moved = this.#scriptsBySource.use(source);
      let script: ShellScript | null;
      if (moved === undefined) {
        script = parseScript(instruction, lines);
        this.#parsedScripts++;
      }
      // Moved into this file's line index even when the offset is the same: lines before it may not be.
      else script = moved.script === null ? null : shiftScript(moved.script, start - moved.start, lines);
      kept = { source, start, script };
      this.#scripts.set(instruction, kept);
    }
    this.#scriptsBySource.set(kept.source, kept);
    return kept.script;
  }

  /** Ends a lint: what it used is what the next one can reuse. */
  end(): void {
    this.#instructions.end();
    this.#stages.end();
    this.#scriptsBySource.end();
  }

  /** Forgets everything (a configuration changed, the document closed). */
  clear(): void {
    this.#instructions.clear();
    this.#stages.clear();
    this.#signature = [];
    this.#scripts = new WeakMap();
    this.#scriptsBySource.clear();
  }
}
