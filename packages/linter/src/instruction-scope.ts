import type { Diagnostic, Dockerfile, Instruction, SemanticModel, Word } from "@dfbuild/parser";
import type { IgnoreMatcher } from "@dfbuild/parser";
import { LintFile, type ScopedVariable, type StageInfo } from "./file.js";

/**
 * A rule that declares `meta.scope: "instruction"` read something of the file that depends on
 * other instructions (or one that declares `"stage"` has a visitor for the whole file). Its
 * findings could not be reused when only another instruction (stage) changed, so the linter
 * refuses it: the rule must declare `scope: "file"` (the default) instead.
 */
export class RuleScopeError extends Error {
  readonly code = "rule-scope";

  constructor(
    readonly ruleId: string,
    /** What the rule did that a rule of its scope may not (`read file.stages`). */
    readonly did: string,
    readonly scope: "instruction" | "stage" = "instruction",
  ) {
    super(`rule ${ruleId} declares meta.scope "${scope}" but ${did}, which depends on ${scope === "stage" ? "other stages" : "other instructions"}; declare scope "file" instead`);
    this.name = "RuleScopeError";
  }
}

/**
 * The file as an instruction-scoped rule sees it: its text, positions, escape character and name,
 * and nothing that depends on another instruction (the tree, stages, variable scopes, the
 * semantic model, the `.dockerignore`). Reading any of those throws `RuleScopeError`, so a wrong
 * `meta.scope` fails the rule's own tests instead of giving stale findings in an editor.
 * (`text` stays readable for slicing the instruction's own source: a rule must not read outside
 * the instruction and the comment and blank lines above it — the property test of incremental
 * linting, `lint-cache.test.ts`, checks this on random edits.)
 */
export class InstructionScopeFile extends LintFile {
  readonly #escape: string;

  constructor(
    file: LintFile,
    readonly ruleId: string,
  ) {
    super(file.text, file.ast, [], file.name, { lines: file.lines });
    this.#escape = file.escape;
  }

  #refuse(read: string): never {
    throw new RuleScopeError(this.ruleId, `read file.${read}`);
  }

  override get escape(): string {
    return this.#escape;
  }

  override get ast(): Dockerfile {
    return this.#refuse("ast");
  }

  override get diagnostics(): readonly Diagnostic[] {
    return this.#refuse("diagnostics");
  }

  override get semantic(): SemanticModel {
    return this.#refuse("semantic");
  }

  override get dockerignore(): IgnoreMatcher | null {
    return this.#refuse("dockerignore");
  }

  override get stages(): readonly StageInfo[] {
    return this.#refuse("stages");
  }

  override get preamble(): readonly Instruction[] {
    return this.#refuse("preamble");
  }

  override stageOf(): StageInfo | null {
    return this.#refuse("stageOf");
  }

  override scopeAt(): ReadonlyMap<string, ScopedVariable> {
    return this.#refuse("scopeAt");
  }

  override resolve(_word: Word, _instruction: Instruction): string | null {
    return this.#refuse("resolve");
  }

  override findStage(): StageInfo | null {
    return this.#refuse("findStage");
  }
}
