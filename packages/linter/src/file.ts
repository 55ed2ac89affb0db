import {
  type ArgInstruction,
  type Diagnostic,
  type Dockerfile,
  type EnvInstruction,
  type FromInstruction,
  type Instruction,
  type Word,
  expand,
} from "@dfbuild/parser";
import { LineIndex } from "./positions.js";

/** A build stage as the linter sees it: where it starts, what it builds on, what it holds. */
export interface StageInfo {
  index: number;
  /** Lower-cased `AS` name, or null. */
  name: string | null;
  from: FromInstruction;
  instructions: Instruction[];
  /** The base image reference after expanding global ARG defaults; null when it cannot be known. */
  baseImage: string | null;
  /** The earlier stage this one is built on (`FROM builder`), or null for an image. */
  baseStage: StageInfo | null;
}

/** A variable in scope at an instruction: its value when known (ARG without default: undefined). */
export interface ScopedVariable {
  name: string;
  value: string | undefined;
  kind: "arg" | "env";
}

/**
 * One Dockerfile prepared for the rules: the parse, positions, the stage model and the ARG/ENV
 * scope at every instruction (defaults resolved through the parser's `expand`).
 */
export class LintFile {
  readonly lines: LineIndex;
  readonly stages: StageInfo[] = [];
  /** Instructions before the first FROM (ARGs and misplaced ones). */
  readonly preamble: Instruction[] = [];
  private readonly stageByInstruction = new Map<Instruction, StageInfo>();
  private readonly scopes = new Map<Instruction, ReadonlyMap<string, ScopedVariable>>();

  constructor(
    readonly text: string,
    readonly ast: Dockerfile,
    readonly diagnostics: readonly Diagnostic[],
    readonly name: string,
  ) {
    this.lines = new LineIndex(text);
    this.buildModel();
  }

  get escape(): string {
    return this.ast.escape;
  }

  /** The stage an instruction belongs to; null before the first FROM. */
  stageOf(instruction: Instruction): StageInfo | null {
    return this.stageByInstruction.get(instruction) ?? null;
  }

  /** Variables in effect when the instruction runs (for FROM: the global ARGs). */
  scopeAt(instruction: Instruction): ReadonlyMap<string, ScopedVariable> {
    return this.scopes.get(instruction) ?? new Map();
  }

  /**
   * The value of a word as BuildKit would expand it at this instruction; null when it refers to
   * a variable whose value is unknown here or does not expand.
   */
  resolve(word: Word, instruction: Instruction): string | null {
    const scope = this.scopeAt(instruction);
    const lookup = { unknown: false };
    const result = expand(
      word.value,
      (name) => {
        const variable = scope.get(name);
        if (variable?.value === undefined) {
          lookup.unknown = true;
          return undefined;
        }
        return variable.value;
      },
      { escape: this.escape },
    );
    return result.ok && !lookup.unknown ? result.value : null;
  }

  /** Stage by lower-cased name or numeric index, defined before `before` (any stage if omitted). */
  findStage(reference: string, before?: StageInfo | null): StageInfo | null {
    const limit = before ? before.index : this.stages.length;
    const lowered = reference.toLowerCase();
    for (const stage of this.stages) {
      if (stage.index >= limit) break;
      if (stage.name === lowered || String(stage.index) === reference) return stage;
    }
    return null;
  }

  private buildModel(): void {
    const globals = new Map<string, ScopedVariable>();
    let current: StageInfo | null = null;
    let scope = new Map<string, ScopedVariable>();
    const envAtStageEnd = new Map<StageInfo, Map<string, ScopedVariable>>();
    for (const instruction of this.ast.instructions) {
      if (instruction.type === "From") {
        if (current) envAtStageEnd.set(current, scope);
        this.scopes.set(instruction, new Map(globals));
        const baseImage = instruction.image ? this.resolve(instruction.image, instruction) : null;
        const baseStage: StageInfo | null = baseImage === null ? null : this.findStage(baseImage);
        const stage: StageInfo = {
          index: this.stages.length,
          name: instruction.stageName ? instruction.stageName.value.toLowerCase() : null,
          from: instruction,
          instructions: [],
          baseImage,
          baseStage,
        };
        this.stages.push(stage);
        this.stageByInstruction.set(instruction, stage);
        current = stage;
        // A stage inherits its base stage's ENV (not its ARGs).
        scope = new Map();
        const inherited = baseStage ? envAtStageEnd.get(baseStage) : undefined;
        if (inherited) for (const [name, variable] of inherited) if (variable.kind === "env") scope.set(name, variable);
        continue;
      }
      if (!current) {
        this.preamble.push(instruction);
        this.scopes.set(instruction, new Map(globals));
        if (instruction.type === "Arg") this.declareArgs(instruction, globals, globals);
        continue;
      }
      current.instructions.push(instruction);
      this.stageByInstruction.set(instruction, current);
      this.scopes.set(instruction, new Map(scope));
      if (instruction.type === "Arg") this.declareArgs(instruction, scope, globals);
      else if (instruction.type === "Env") this.declareEnv(instruction, scope);
    }
  }

  private declareArgs(instruction: ArgInstruction, into: Map<string, ScopedVariable>, globals: ReadonlyMap<string, ScopedVariable>): void {
    for (const definition of instruction.args) {
      const name = definition.name.value;
      let value: string | undefined;
      if (definition.value) value = this.expandWith(definition.value.value, into) ?? undefined;
      // `ARG NAME` inside a stage takes the global default, as BuildKit does.
      else if (into !== globals) value = globals.get(name)?.value;
      // An ENV of the same name wins over the ARG.
      if (into.get(name)?.kind === "env") continue;
      into.set(name, { name, value, kind: "arg" });
    }
  }

  private declareEnv(instruction: EnvInstruction, scope: Map<string, ScopedVariable>): void {
    // All values of one ENV are expanded with the variables from before it.
    const before = new Map(scope);
    for (const pair of instruction.pairs) {
      const name = pair.key.value;
      scope.set(name, { name, value: this.expandWith(pair.value.value, before) ?? undefined, kind: "env" });
    }
  }

  private expandWith(text: string, scope: ReadonlyMap<string, ScopedVariable>): string | null {
    const lookup = { unknown: false };
    const result = expand(
      text,
      (name) => {
        const value = scope.get(name)?.value;
        if (value === undefined) lookup.unknown = true;
        return value;
      },
      { escape: this.escape },
    );
    return result.ok && !lookup.unknown ? result.value : null;
  }
}
