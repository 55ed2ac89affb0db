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
  /** The scripts the last lint used, by their instruction's source; those the current one used. */
  #scriptsBySource = new Map<string, KeptScript>();
  #nextScripts = new Map<string, KeptScript>();
  #entries = new Map<string, InstructionFindings>();
  #next = new Map<string, InstructionFindings>();
  #stages = new Map<string, StageFindings>();
  #nextStages = new Map<string, StageFindings>();
  #hits = 0;
  #misses = 0;
  #stageHits = 0;
  #stageMisses = 0;
  #parsedScripts = 0;

  /** Instructions reused and re-checked by the last lint (for tests and benchmarks). */
  get stats(): { reused: number; checked: number } {
    return { reused: this.#hits, checked: this.#misses };
  }

  /** Stages whose stage-scoped findings the last lint reused, and those it checked again (for tests and benchmarks). */
  get stageStats(): { reused: number; checked: number } {
    return { reused: this.#stageHits, checked: this.#stageMisses };
  }

  /** Shell scripts the last lint parsed: those it could not take from a node or a text it had seen (for tests). */
  get parsedScripts(): number {
    return this.#parsedScripts;
  }

  /** Starts a lint: everything is dropped unless `signature` equals the last lint's, item by item. */
  begin(signature: readonly unknown[]): void {
    if (signature.length !== this.#signature.length || signature.some((item, index) => !Object.is(item, this.#signature[index]))) {
      this.#entries.clear();
      this.#stages.clear();
      // The escape character is in the signature: a script read with another one is not this one.
      this.#scriptsBySource.clear();
      this.#signature = signature;
    }
    this.#next = new Map();
    this.#nextScripts = new Map();
    this.#nextStages = new Map();
    this.#hits = 0;
    this.#misses = 0;
    this.#stageHits = 0;
    this.#stageMisses = 0;
    this.#parsedScripts = 0;
  }

  /** The findings of an instruction with this source (and facts, see `RuleMeta.facts`), when a previous lint made them. */
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

  /** The findings of the stage-scoped rules on a stage with this key (its source and what it reads of the file). */
  getStage(key: string): StageFindings | undefined {
    const found = this.#stages.get(key) ?? this.#nextStages.get(key);
    if (found) {
      this.#stageHits++;
      this.#nextStages.set(key, found);
    } else this.#stageMisses++;
    return found;
  }

  setStage(key: string, findings: StageFindings): void {
    if (findings.reusable) this.#nextStages.set(key, findings);
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
      const moved = this.#scriptsBySource.get(source) ?? this.#nextScripts.get(source);
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
    this.#nextScripts.set(kept.source, kept);
    return kept.script;
  }

  /** Ends a lint: what it used is what the next one can reuse. */
  end(): void {
    this.#entries = this.#next;
    this.#next = new Map();
    this.#stages = this.#nextStages;
    this.#nextStages = new Map();
    this.#scriptsBySource = this.#nextScripts;
    this.#nextScripts = new Map();
  }

  /** Forgets everything (a configuration changed, the document closed). */
  clear(): void {
    this.#entries.clear();
    this.#next.clear();
    this.#stages.clear();
    this.#nextStages.clear();
    this.#signature = [];
    this.#scripts = new WeakMap();
    this.#scriptsBySource.clear();
    this.#nextScripts.clear();
  }
}
