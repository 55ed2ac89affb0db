/**
 * The public shape of the semantic model: what a Dockerfile means — its build stages, the ARG and
 * ENV variables in scope at every instruction, and what each `$VAR`, `FROM <stage>`, `--from=` and
 * `--mount=from=` refers to — computed once per parse by `analyze()`.
 *
 * Every definition and reference carries its exact source range, so an editor can hover, jump to a
 * definition, list references and rename; the linter and the builder read the same answers.
 */
import type { ArgInstruction, Dockerfile, EnvInstruction, FromInstruction, Instruction, Range, Stage, Word } from "../ast.js";

/**
 * Whose rules decide scoping. They differ in a handful of places (see `semantic/README.md`):
 * `buildkit` is `docker build` today and the reference for lint checks; `classic` is the legacy
 * builder (`DOCKER_BUILDKIT=0`) that `dfbuild build` reproduces.
 */
export type BuilderSemantics = "buildkit" | "classic";

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface AnalyzeOptions {
  /**
   * `--build-arg` values. `null` is `--build-arg NAME` given without a value while NAME is unset in
   * the caller's environment: both builders then treat the ARG as not given. When this option is
   * absent the analysis is for a file on its own (an editor, the linter): an ARG without a default
   * is unset, but not `certain`, since a build may pass it.
   */
  buildArgs?: ReadonlyMap<string, string | null> | Readonly<Record<string, string | null>>;
  /** Scoping rules to follow (default `buildkit`). */
  builder?: BuilderSemantics;
  /** BuildKit's `TARGETPLATFORM` and friends; unknown (not `certain`) when absent. */
  targetPlatform?: Platform;
  /** BuildKit's `BUILDPLATFORM` and friends; defaults to `targetPlatform`, as BuildKit does. */
  buildPlatform?: Platform;
  /** `--target`: the value of BuildKit's `TARGETSTAGE` (default: the last stage's name). */
  target?: string;
}

/**
 * What a variable holds: `set` (a string, possibly empty), `unset` (declared without a value, or
 * not defined: it expands to nothing and `${X-d}` takes `d`), or `unknown` (only the build knows:
 * the base image's environment, the platform when not given).
 */
export type ValueState = "set" | "unset" | "unknown";

export interface VariableValue {
  readonly state: ValueState;
  /** The value when `state` is `set`. */
  readonly value: string | undefined;
  /**
   * Whether the build sees exactly this, given the analysis options. False for anything `unknown`,
   * and — when no `buildArgs` were given — for an ARG without a default (a build may pass it) and
   * every value computed from one. ARG defaults count as certain, as BuildKit's checks assume.
   */
  readonly certain: boolean;
}

/** `predefined`: the builder defines it (BuildKit's platform ARGs, the proxy ARGs, `PATH`). */
export type VariableKind = "arg" | "env" | "predefined";

/**
 * Where a definition's value comes from: its `default` (an ARG default or an ENV value), a
 * `build-arg`, the `global` ARG of the same name (`ARG NAME` inside a stage), the `platform`, the
 * `target` stage, the builder's default `PATH`, or `none` (unset).
 */
export type ValueSource = "default" | "build-arg" | "global" | "platform" | "target" | "default-path" | "none";

export interface VariableDefinition extends VariableValue {
  readonly kind: VariableKind;
  readonly name: string;
  /** The ARG or ENV instruction; null for a predefined variable. */
  readonly instruction: ArgInstruction | EnvInstruction | null;
  /** The stage it belongs to; null for the global scope (ARGs before the first FROM, BuildKit's platform ARGs). */
  readonly stage: BuildStage | null;
  /** The name as written (what a rename replaces); null for a predefined variable. */
  readonly nameRange: Range | null;
  /** The whole `NAME=value`; null for a predefined variable. */
  readonly range: Range | null;
  /** The value as written; null for `ARG NAME` and predefined variables. */
  readonly valueWord: Word | null;
  readonly source: ValueSource;
  /** For `ARG NAME` inside a stage that takes the global ARG's value: that global definition. */
  readonly inherits: VariableDefinition | null;
  /**
   * BuildKit's message when expanding the value (an ARG default, an ENV key or value) fails: the
   * build fails here. The classic builder expands an ARG's default even when a `--build-arg`
   * replaces it; BuildKit does not.
   */
  readonly error: string | null;
}

/**
 * Who expands a reference: `build` — the builder, in FROM, ENV, ARG, LABEL, COPY, ADD, WORKDIR,
 * USER, VOLUME, EXPOSE, STOPSIGNAL, flags and COPY/ADD heredoc bodies; `run` — the shell of a RUN,
 * which sees ENV, the ARGs in effect and the proxy build args; `container` — the shell of CMD,
 * ENTRYPOINT or HEALTHCHECK when the container starts, which sees ENV only.
 */
export type ExpansionContext = "build" | "run" | "container";

export interface VariableReference extends VariableValue {
  readonly name: string;
  /** The whole `$NAME` or `${NAME…}`. */
  readonly range: Range;
  /** Just `NAME`. */
  readonly nameRange: Range;
  /** The `${NAME<modifier>…}` operator (`:-`, `+`, `#`, `/`…); null for `$NAME` and `${NAME}`. */
  readonly modifier: string | null;
  readonly instruction: Instruction;
  readonly stage: BuildStage | null;
  readonly context: ExpansionContext;
  /**
   * The definition it sees; null when nothing in the file defines the name here. The value fields
   * are what the reference sees (for `context: "container"`, only ENV counts).
   */
  readonly definition: VariableDefinition | null;
  /** Undefined here, but the stage builds on an image whose environment may define it. */
  readonly fromBaseImage: boolean;
}

export type StageReferenceKind = "from" | "copy-from" | "mount-from";

/**
 * What a stage reference turned out to be: an earlier `stage`, the empty `scratch` image, an
 * `image` from a registry, the build `context` (`--from=` empty), or an `error` the build fails with.
 */
export type StageResolution = "stage" | "scratch" | "image" | "context" | "error";

export interface StageReferenceError {
  /** Stable identifier: `circular-dependency`, `stage-not-yet-built`, `stage-index-out-of-range`, `from-variable`, `blank-base-name`, `expansion`. */
  readonly code: string;
  /** The builder's message for it. */
  readonly message: string;
}

export interface StageReference {
  readonly kind: StageReferenceKind;
  /** The FROM, COPY or RUN (for one inside ONBUILD, the trigger instruction). */
  readonly instruction: Instruction;
  /** The stage the instruction is in. */
  readonly stage: BuildStage;
  /** The reference as the builder reads it: FROM's image expanded with the global ARGs, the flag or field value otherwise. */
  readonly text: string;
  /** For FROM, whether `text` is exactly what the build expands (see `VariableValue.certain`); always true otherwise. */
  readonly certain: boolean;
  /** The image word, or the flag/field value. */
  readonly range: Range;
  /** Inside an ONBUILD trigger: it is resolved for the stages built on this one, and never fails here. */
  readonly onbuild: boolean;
  readonly resolution: StageResolution;
  /** The stage referred to, when `resolution` is `stage` (and for some errors: the later stage named). */
  readonly target: BuildStage | null;
  readonly error: StageReferenceError | null;
}

export interface BuildStage {
  readonly index: number;
  /** The lower-cased `AS` name, or null. */
  readonly name: string | null;
  /** The `AS` name as written; null when unnamed. */
  readonly nameRange: Range | null;
  /** The parser's grouping of the stage's lines. */
  readonly node: Stage;
  readonly from: FromInstruction;
  readonly instructions: readonly Instruction[];
  readonly range: Range;
  /** What FROM refers to. */
  readonly base: StageReference;
  /**
   * The FROM image reference expanded with the global ARGs; null unless certain. `FROM builder`
   * gives `builder`, with `baseStage` set.
   */
  readonly baseImage: string | null;
  /** The earlier stage this one builds on (`FROM builder`), or null. */
  readonly baseStage: BuildStage | null;
  /** `--platform` expanded with the global ARGs; null when absent or not certain. */
  readonly platform: string | null;
  /** The stages this one needs built first (FROM, COPY --from, RUN --mount from, a base stage's ONBUILD), by index. */
  readonly dependencies: readonly BuildStage[];
  /** An earlier stage with the same name (the classic builder fails: `<name> stage name already used`). */
  readonly duplicateOf: BuildStage | null;
}

/** The result of expanding a word at an instruction. */
export interface Evaluation {
  /** The expanded text; null when expansion fails. */
  readonly value: string | null;
  /** BuildKit's message when expansion fails (`failed to process "…": …`). */
  readonly error: string | null;
  /** Whether the build sees exactly `value` (every variable used is set and certain). */
  readonly certain: boolean;
  /** Variables looked up that had a value. */
  readonly matched: readonly string[];
  /** Variables looked up that had none (what BuildKit's UndefinedVar reports, less declared ARGs). */
  readonly unmatched: readonly string[];
}

/** What is at a position: for hover, go-to-definition, references and rename. */
export type SemanticSymbol =
  | { readonly type: "variable-definition"; readonly definition: VariableDefinition; readonly range: Range }
  | { readonly type: "variable-reference"; readonly reference: VariableReference; readonly range: Range }
  | { readonly type: "stage-definition"; readonly stage: BuildStage; readonly range: Range }
  | { readonly type: "stage-reference"; readonly reference: StageReference; readonly range: Range };

/** The variables visible at a point, by name, each as the definition that gives its value. */
export type Scope = ReadonlyMap<string, VariableDefinition>;

export interface SemanticModel {
  readonly ast: Dockerfile;
  readonly builder: BuilderSemantics;
  readonly stages: readonly BuildStage[];
  /** Instructions before the first FROM (ARGs, and misplaced ones BuildKit rejects). */
  readonly preamble: readonly Instruction[];
  /** Predefined variables first, then every ARG and ENV definition in source order. */
  readonly definitions: readonly VariableDefinition[];
  /** In source order. */
  readonly references: readonly VariableReference[];
  /**
   * The references of one FROM (its image and `--platform`), in source order: those of
   * `references` in it, without collecting the whole file's (an editor's linter asks for one
   * stage's FROM after an edit).
   */
  fromReferences(from: FromInstruction): readonly VariableReference[];
  /** In source order. */
  readonly stageReferences: readonly StageReference[];

  /** The stage an instruction belongs to (an ONBUILD trigger: its ONBUILD's); null before the first FROM. */
  stageOf(instruction: Instruction): BuildStage | null;
  /** The stage whose lines contain the offset (from its FROM to the line before the next FROM). */
  stageAt(offset: number): BuildStage | null;
  /** The top-level instruction whose range contains the offset. */
  instructionAt(offset: number): Instruction | null;
  /**
   * An earlier stage by name (case-insensitive) or index, as `COPY --from` names it; `before` limits
   * the search to stages before it (default: all).
   */
  findStage(reference: string, before?: BuildStage | null): BuildStage | null;
  /** The stage `--target NAME` builds (case-insensitive); the last stage when `name` is absent. */
  targetStage(name?: string): BuildStage | null;
  /** `target` and every stage it needs, transitively, in index order. */
  requiredStages(target: BuildStage): BuildStage[];

  /** The definition a name resolves to when `instruction` runs (before its own definitions). */
  lookup(name: string, instruction: Instruction, context?: ExpansionContext): VariableDefinition | null;
  /** Every variable visible when `instruction` runs; for FROM, the global scope. */
  scopeAt(instruction: Instruction, context?: ExpansionContext): Scope;
  /** The variables visible at an offset: in an instruction, its scope; between instructions, the scope after the one above. */
  scopeAtOffset(offset: number, context?: ExpansionContext): Scope;
  /** Expands a word as the builder would when `instruction` runs. */
  evaluate(word: Word, instruction: Instruction): Evaluation;

  /** The definition, reference, stage name or stage reference at an offset (its end included). */
  symbolAt(offset: number): SemanticSymbol | null;
  /** The references that resolve to a definition. */
  referencesTo(definition: VariableDefinition): VariableReference[];
  /**
   * Everything a rename of the variable must change: the definitions of the same name that the
   * references reach (an `ARG NAME` re-declaring a global ARG links the two) and their references.
   */
  renameGroup(definition: VariableDefinition): { definitions: VariableDefinition[]; references: VariableReference[] };
  /** The references that resolve to a stage (rename: these plus `stage.nameRange`). */
  stageReferencesTo(stage: BuildStage): StageReference[];
}
