import { type BuildStage, type Diagnostic, type Dockerfile, DockerignoreError, IgnoreMatcher, type Instruction, type SemanticModel, type VariableDefinition, type Word, analyze } from "@dfbuild/parser";
import { LineIndex } from "./positions.js";

/** A build stage as the rules see it: the parser's semantic model's. */
export type StageInfo = BuildStage;

/** A variable in scope at an instruction (`value` is undefined when unset or not known). */
export type ScopedVariable = VariableDefinition;

/**
 * One Dockerfile prepared for the rules: the parse, positions, and the parser's semantic model
 * (stages, ARG/ENV scopes, stage references) with BuildKit's scoping, as its checks use.
 */
export class LintFile {
  readonly lines: LineIndex;
  readonly #ast: Dockerfile;
  readonly #diagnostics: readonly Diagnostic[];
  #semantic: SemanticModel | undefined;
  readonly #scopes = new Map<Instruction, ReadonlyMap<string, ScopedVariable>>();
  readonly #dockerignoreText: string | null;
  #dockerignore: IgnoreMatcher | null | undefined;
  #stageKey: Instruction | null = null;
  #stage: StageInfo | null = null;

  /**
   * `context.semantic`, when given, must be `analyze(ast)` (a host that already has the model
   * shares it); `context.lines` an index of `text` to share.
   */
  constructor(
    readonly text: string,
    ast: Dockerfile,
    diagnostics: readonly Diagnostic[],
    readonly name: string,
    context: { dockerignore?: string | undefined; semantic?: SemanticModel | undefined; lines?: LineIndex | undefined } = {},
  ) {
    this.#ast = ast;
    this.#diagnostics = diagnostics;
    this.lines = context.lines ?? new LineIndex(text);
    this.#semantic = context.semantic;
    this.#dockerignoreText = context.dockerignore ?? null;
  }

  get ast(): Dockerfile {
    return this.#ast;
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.#diagnostics;
  }

  /** The parser's semantic model of the file, computed on first use. */
  get semantic(): SemanticModel {
    this.#semantic ??= analyze(this.#ast);
    return this.#semantic;
  }

  /**
   * The build context's `.dockerignore`, compiled on first use; null when none was given, or when
   * a pattern is one Docker rejects (the build reports that itself).
   */
  get dockerignore(): IgnoreMatcher | null {
    if (this.#dockerignore === undefined) {
      try {
        this.#dockerignore = this.#dockerignoreText === null ? null : IgnoreMatcher.fromFile(this.#dockerignoreText);
      } catch (error) {
        if (!(error instanceof DockerignoreError)) throw error;
        this.#dockerignore = null;
      }
    }
    return this.#dockerignore;
  }

  get escape(): string {
    return this.#ast.escape;
  }

  get stages(): readonly StageInfo[] {
    return this.semantic.stages;
  }

  /** Instructions before the first FROM (ARGs and misplaced ones). */
  get preamble(): readonly Instruction[] {
    return this.semantic.preamble;
  }

  /** The stage an instruction belongs to; null before the first FROM. */
  stageOf(instruction: Instruction): StageInfo | null {
    // Rules run one instruction at a time, each asking for its stage: the last answer is kept.
    if (instruction !== this.#stageKey) {
      this.#stageKey = instruction;
      // The model tries the instruction after the one it answered last before a search (analyze.ts `#indexOf`).
      this.#stage = this.semantic.stageOf(instruction);
    }
    return this.#stage;
  }

  /**
   * The file's ARGs and ENVs in effect when the instruction runs (for FROM: the global ARGs).
   * Variables the builder predefines (BuildKit's platform ARGs, PATH) are left out; the semantic
   * model's `scopeAt` has them too.
   */
  scopeAt(instruction: Instruction): ReadonlyMap<string, ScopedVariable> {
    let scope = this.#scopes.get(instruction);
    if (!scope) {
      scope = new Map([...this.semantic.scopeAt(instruction)].filter(([, variable]) => variable.kind !== "predefined"));
      this.#scopes.set(instruction, scope);
    }
    return scope;
  }

  /**
   * The value of a word as BuildKit would expand it at this instruction; null when it uses a
   * variable whose value is not certain here (an ARG without a default, the base image's
   * environment) or does not expand.
   */
  resolve(word: Word, instruction: Instruction): string | null {
    const evaluation = this.semantic.evaluate(word, instruction);
    return evaluation.certain ? evaluation.value : null;
  }

  /** Stage by lower-cased name or numeric index, defined before `before` (any stage if omitted). */
  findStage(reference: string, before?: StageInfo | null): StageInfo | null {
    return this.semantic.findStage(reference, before);
  }
}
