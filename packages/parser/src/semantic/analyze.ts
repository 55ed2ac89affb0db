/**
 * `analyze()`: the semantic model of a parsed Dockerfile — stages, variable scopes, and what every
 * variable and stage reference refers to — with the scoping rules of BuildKit or of the classic
 * builder (see `semantic/README.md` for where they differ and the upstream code each rule follows).
 *
 * One pass over the instructions, in order, as the builders dispatch them; then the stage graph.
 * Scopes are logs with points into them (`scope.ts`), so the model stays linear in the file size.
 */
import type {
  ArgInstruction,
  CommandForm,
  CopyInstruction,
  Dockerfile,
  EnvInstruction,
  Flag,
  FromInstruction,
  Instruction,
  Range,
  RunInstruction,
  ShellForm,
  Word,
  WordPartNode,
} from "../ast.js";
import { LineIndex, SourceRange } from "../positions.js";
import { print } from "../print.js";
import { goQuote } from "../text.js";
import { expand } from "../shell/expand.js";
import { type WordPart, parseWord } from "../shell/word.js";
import { DEFAULT_PATH, PLATFORM_ARGS, PROXY_ARGS, TARGET_STAGE_ARG, platformArgValues } from "./predefined.js";
import { type ScopePoint, ScopeFrame, namesBefore, resolveIn } from "./scope.js";
import { scanShellVariables } from "./shell-variables.js";
import type {
  AnalyzeOptions,
  BuildStage,
  BuilderSemantics,
  Evaluation,
  ExpansionContext,
  Scope,
  SemanticModel,
  SemanticSymbol,
  StageReference,
  StageReferenceError,
  StageReferenceKind,
  StageResolution,
  ValueSource,
  VariableDefinition,
  VariableReference,
  VariableValue,
} from "./types.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type MutableStage = Mutable<BuildStage> & { base: StageReference; dependencies: BuildStage[] };

/** What a name resolves to at a point: a definition (or none) and the value seen there. */
interface Binding extends VariableValue {
  definition: VariableDefinition | null;
  fromBaseImage: boolean;
}

/** POSIX shells: references in shell-form text are scanned only when SHELL leaves one of these. */
const POSIX_SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"]);

function predefinedDefinition(name: string, value: string | undefined, source: ValueSource, certain: boolean): VariableDefinition {
  return Object.freeze({
    kind: "predefined",
    name,
    instruction: null,
    stage: null,
    nameRange: null,
    range: null,
    valueWord: null,
    source,
    inherits: null,
    error: null,
    state: value === undefined ? "unknown" : "set",
    value,
    certain,
  });
}

/** BuildKit's platform ARGs when the platform is not given: immutable, so every analysis shares them. */
const UNKNOWN_PLATFORM_ARGS: readonly VariableDefinition[] = PLATFORM_ARGS.map((name) => predefinedDefinition(name, undefined, "platform", false));

/** What a stage reference resolves to. */
interface Resolved {
  resolution: StageResolution;
  target: BuildStage | null;
  error: StageReferenceError | null;
}

/** A symbol with offsets, for position lookups. */
interface Located {
  start: number;
  end: number;
  symbol: SemanticSymbol;
}

const cache = new WeakMap<Dockerfile, Map<string, SemanticModel>>();

/**
 * The semantic model of a parsed Dockerfile. Pure and cheap: computed once per tree and options
 * (a second call with the same tree and options returns the same model).
 */
export function analyze(ast: Dockerfile, options: AnalyzeOptions = {}): SemanticModel {
  const key = optionsKey(options);
  let byOptions = cache.get(ast);
  if (!byOptions) {
    byOptions = new Map();
    cache.set(ast, byOptions);
  }
  let model = byOptions.get(key);
  if (!model) {
    model = new Analysis(ast, options);
    byOptions.set(key, model);
  }
  return model;
}

function optionsKey(options: AnalyzeOptions): string {
  const args = options.buildArgs === undefined ? null : [...buildArgEntries(options.buildArgs)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([options.builder ?? "buildkit", args, options.targetPlatform ?? null, options.buildPlatform ?? null, options.target ?? null]);
}

function buildArgEntries(args: NonNullable<AnalyzeOptions["buildArgs"]>): Iterable<[string, string | null]> {
  if (args instanceof Map) return (args as ReadonlyMap<string, string | null>).entries();
  return Object.entries(args as Record<string, string | null>);
}

class Analysis implements SemanticModel {
  readonly ast: Dockerfile;
  readonly builder: BuilderSemantics;
  readonly stages: BuildStage[] = [];
  readonly preamble: Instruction[] = [];
  readonly definitions: VariableDefinition[] = [];
  #references: VariableReference[] | null = null;
  readonly stageReferences: StageReference[] = [];

  readonly #index: LineIndex;
  readonly #escape: string;
  /** `--build-arg` values given (null values dropped); null when the option was absent. */
  readonly #buildArgs: ReadonlyMap<string, string> | null;
  readonly #global: ScopeFrame;
  readonly #proxies = new Map<string, VariableDefinition>();
  /**
   * The scope each top-level instruction runs in (for FROM: the global scope), by its index in
   * `ast.instructions`, and the scope after it when that is another (most instructions define
   * nothing). Arrays and positions, not maps keyed by instruction: on files with hundreds of
   * thousands of RUNs, filling maps of that size was most of the analysis.
   */
  readonly #before: ScopePoint[] = [];
  readonly #after = new Map<Instruction, ScopePoint>();
  /** The index in `ast.instructions` of each stage's FROM, in stage order. */
  readonly #stageStarts: number[] = [];
  /** The index `#indexOf` found last. */
  #lastIndex = 0;
  /** Stages by lower-cased name, in index order. */
  readonly #stagesByName = new Map<string, BuildStage[]>();
  readonly #frames = new Map<BuildStage, ScopeFrame>();
  /** Symbols by top-level instruction, built on the first position query. */
  #symbols: Map<Instruction, Located[]> | null = null;
  #referencesByDefinition: Map<VariableDefinition, VariableReference[]> | null = null;
  #triggerOwners: Map<Instruction, Instruction> | null = null;
  readonly #scopes = new Map<string, Scope>();

  constructor(ast: Dockerfile, options: AnalyzeOptions) {
    this.ast = ast;
    this.builder = options.builder ?? "buildkit";
    this.#escape = ast.escape;
    this.#index = SourceRange.lineIndexOf(ast.range) ?? new LineIndex(print(ast));
    this.#buildArgs = options.buildArgs === undefined ? null : givenBuildArgs(options.buildArgs);
    this.#global = new ScopeFrame(null, "global");

    this.#createStages();
    this.#definePredefined(options);
    this.#walk();
    this.#resolveStageGraph();
  }

  // -------------------------------------------------------------------------------------------
  // Construction

  #createStages(): void {
    const byName = this.#stagesByName;
    for (const node of this.ast.stages) {
      const stage: MutableStage = {
        index: node.index,
        name: node.name,
        nameRange: node.from.stageName?.range ?? null,
        node,
        from: node.from,
        instructions: node.instructions,
        range: node.range,
        base: undefined as unknown as StageReference,
        baseImage: null,
        baseStage: null,
        platform: null,
        dependencies: [],
        duplicateOf: node.name === null ? null : (byName.get(node.name)?.[0] ?? null),
      };
      if (node.name !== null) {
        const named = byName.get(node.name);
        if (named) named.push(stage);
        else byName.set(node.name, [stage]);
      }
      this.stages.push(stage);
    }
  }

  #definePredefined(options: AnalyzeOptions): void {
    const predefined = (name: string, value: string | undefined, source: ValueSource, certain: boolean): VariableDefinition =>
      this.#define(predefinedDefinition(name, value, source, certain));
    if (this.builder === "buildkit") {
      // `dockerfile2llb/platform.go` `defaultArgs`: a --build-arg of the same name overrides each.
      const target = options.targetPlatform;
      if (!target && !PLATFORM_ARGS.some((name) => this.#buildArgs?.has(name) === true)) {
        // The usual case (an editor, the linter): the same unknown values for every file.
        for (const definition of UNKNOWN_PLATFORM_ARGS) this.#global.add(this.#define(definition));
      } else {
        const values = target ? platformArgValues(target, options.buildPlatform ?? target) : null;
        for (const name of PLATFORM_ARGS) {
          const given = this.#buildArgs?.get(name);
          const value = given ?? values?.get(name);
          this.#global.add(predefined(name, value, given !== undefined ? "build-arg" : "platform", value !== undefined));
        }
      }
      const lastName = this.stages.at(-1)?.name ?? null;
      const targetStage = this.#buildArgs?.get(TARGET_STAGE_ARG) ?? (options.target !== undefined && options.target !== "" ? options.target : (lastName ?? "default"));
      this.#global.add(predefined(TARGET_STAGE_ARG, targetStage, "target", true));
    }
    for (const name of PROXY_ARGS) {
      const given = this.#buildArgs?.get(name);
      if (given !== undefined) this.#proxies.set(name, predefined(name, given, "build-arg", true));
    }
  }

  #define(definition: VariableDefinition): VariableDefinition {
    this.definitions.push(definition);
    return definition;
  }

  #walk(): void {
    let stage: MutableStage | null = null;
    let frame = this.#global;
    for (const [index, instruction] of this.ast.instructions.entries()) {
      if (instruction.type === "From") {
        // The tree's stages are its FROMs in order (see `groupStages` in build.ts).
        stage = this.stages[this.#stageStarts.length] as MutableStage;
        this.#stageStarts.push(index);
        this.#before[index] = this.#global.point();
        frame = this.#beginStage(stage);
        this.#after.set(instruction, frame.point());
        continue;
      }
      if (!stage) this.preamble.push(instruction);
      const before = frame.point();
      this.#before[index] = before;
      this.#instruction(instruction, frame, stage);
      const after = frame.point();
      if (after !== before) this.#after.set(instruction, after);
    }
  }

  /** FROM: the base (expanded with the global ARGs) and the stage's scope. */
  #beginStage(stage: MutableStage): ScopeFrame {
    const from = stage.from;
    const globalEnd = this.#global.point();
    const platform = from.flags.find((flag) => flag.name === "platform");
    if (platform?.value != null) {
      const evaluated = this.#evaluateText(platform.value, globalEnd, "build");
      stage.platform = evaluated.certain ? evaluated.value : null;
    }
    const base = this.#fromReference(stage, globalEnd);
    stage.base = base;
    this.stageReferences.push(base);
    stage.baseStage = base.resolution === "stage" ? base.target : null;
    stage.baseImage = base.certain && base.resolution !== "error" ? base.text : null;

    let frame: ScopeFrame;
    if (stage.baseStage) {
      const baseFrame = this.#frames.get(stage.baseStage);
      frame = new ScopeFrame(baseFrame ? baseFrame.point() : null, baseFrame ? baseFrame.root : "image");
    } else {
      frame = new ScopeFrame(null, base.resolution === "scratch" ? "scratch" : "image");
      // Both builders give a stage without PATH the default one; only `scratch` is known to lack it.
      if (base.resolution === "scratch") {
        frame.add(
          this.#define({
            kind: "predefined",
            name: "PATH",
            instruction: null,
            stage,
            nameRange: null,
            range: null,
            valueWord: null,
            source: "default-path",
            inherits: null,
            error: null,
            state: "set",
            value: DEFAULT_PATH,
            certain: true,
          }),
        );
      }
    }
    this.#frames.set(stage, frame);
    return frame;
  }

  #fromReference(stage: BuildStage, globalEnd: ScopePoint): StageReference {
    const from = stage.from;
    const word = from.image;
    const reference = (text: string, certain: boolean, resolution: StageResolution, target: BuildStage | null, error: StageReferenceError | null): StageReference => ({
      kind: "from",
      instruction: from,
      stage,
      text,
      certain,
      range: word?.range ?? from.keyword.range,
      onbuild: false,
      resolution,
      target,
      error,
    });
    const written = word?.value ?? "";
    const evaluated = this.#evaluateText(written, globalEnd, "build");
    if (evaluated.value === null) {
      return reference(written, evaluated.certain, "error", null, { code: "expansion", message: evaluated.error ?? "" });
    }
    const name = evaluated.value;
    if (name === "") {
      // moby `getFromImage`, BuildKit `buildDispatchStates`.
      return reference(name, evaluated.certain, "error", null, { code: "blank-base-name", message: `base name (${written}) should not be blank` });
    }
    // A FROM names an earlier stage only. BuildKit looks the expanded name up as written among
    // lower-cased stage names (`dispatchStates.addState`); the classic builder lower-cases it
    // (`stagesBuildResults.getByName`). The latest earlier stage of that name wins.
    const target = this.#latestNamed(this.builder === "classic" ? name.toLowerCase() : name, stage.index);
    if (target) return reference(name, evaluated.certain, "stage", target, null);
    return reference(name, evaluated.certain, name === "scratch" ? "scratch" : "image", null, null);
  }

  /** Definitions and stage references (variable references are collected on demand: `references`). */
  #instruction(instruction: Instruction, frame: ScopeFrame, stage: BuildStage | null): void {
    switch (instruction.type) {
      case "Arg":
        this.#args(instruction, frame, stage);
        return;
      case "Env":
        this.#env(instruction, frame, stage);
        return;
      case "Copy":
        if (stage) this.#copyFrom(instruction, stage, false);
        return;
      case "Run":
        if (stage) this.#mountsFrom(instruction, stage, false);
        return;
      case "Onbuild": {
        // The trigger runs in the stages built on this one: only its stage references are ours.
        const trigger = instruction.trigger;
        if (stage && trigger?.type === "Copy") this.#copyFrom(trigger, stage, true);
        if (stage && trigger?.type === "Run") this.#mountsFrom(trigger, stage, true);
        return;
      }
      default:
        return;
    }
  }

  /**
   * ARG: BuildKit reads the definitions one by one, each default expanded with the ones before it
   * (`dispatchArg`, and `buildMetaArgs` for global ones); the classic builder expands all defaults
   * of the instruction first (`ArgCommand.Expand` in `dispatch`, `processMetaArg`).
   */
  #args(instruction: ArgInstruction, frame: ScopeFrame, stage: BuildStage | null): void {
    const start = frame.point();
    const global = frame.root === "global";
    const pending: VariableDefinition[] = [];
    for (const definition of instruction.args) {
      const point = this.builder === "buildkit" ? frame.point() : start;
      const name = definition.name.value;
      const given = this.#buildArgs?.get(name);
      let value: VariableValue;
      let source: ValueSource;
      let inherits: VariableDefinition | null = null;
      if (!global) inherits = resolveIn(this.#global.point(), name, "build", this.builder);
      // The classic builder expands a default even when a --build-arg replaces it (`ArgCommand.Expand`);
      // BuildKit no longer does (moby/buildkit 47a52a17b, "avoid evaluating ARG default if unused").
      const evaluated = definition.value && (given === undefined || this.builder === "classic") ? this.#evaluateText(definition.value.value, point, "build") : null;
      if (given !== undefined) {
        value = { state: "set", value: given, certain: true };
        source = "build-arg";
      } else if (evaluated) {
        value = this.#valueOf(evaluated);
        source = "default";
      } else if (inherits && inherits.state !== "unset") {
        // `ARG NAME` in a stage takes the global value: BuildKit `dispatchArg` (`globalArgs.Get`),
        // moby `BuildArgs.getBuildArg` (`allowedMetaArgs`).
        value = { state: inherits.state, value: inherits.value, certain: inherits.certain };
        source = "global";
      } else {
        value = { state: "unset", value: undefined, certain: this.#buildArgs !== null };
        source = "none";
      }
      const created = this.#define({
        kind: "arg",
        name,
        instruction,
        stage,
        nameRange: definition.name.range,
        range: definition.range,
        valueWord: definition.value,
        source,
        inherits,
        error: evaluated?.error ?? null,
        ...value,
      });
      if (this.builder === "buildkit") frame.add(created);
      else pending.push(created);
    }
    for (const created of pending) frame.add(created);
  }

  /** ENV: every key and value is expanded with the environment from before the instruction (`dispatchEnv`). */
  #env(instruction: EnvInstruction, frame: ScopeFrame, stage: BuildStage | null): void {
    const before = frame.point();
    const created: VariableDefinition[] = [];
    for (const pair of instruction.pairs) {
      const key = this.#evaluateText(pair.key.value, before, "build");
      const value = this.#evaluateText(pair.value.value, before, "build");
      created.push(
        this.#define({
          kind: "env",
          name: key.value ?? pair.key.value,
          instruction,
          stage,
          nameRange: pair.key.range,
          range: pair.range,
          valueWord: pair.value,
          source: "default",
          inherits: null,
          error: key.error ?? value.error,
          ...this.#valueOf(value),
        }),
      );
    }
    for (const definition of created) frame.add(definition);
  }

  // -------------------------------------------------------------------------------------------
  // Variable references: collected on first use (most lint runs never read them)

  get references(): readonly VariableReference[] {
    if (!this.#references) {
      this.#references = [];
      this.#collectReferences();
    }
    return this.#references;
  }

  fromReferences(from: FromInstruction): readonly VariableReference[] {
    if (this.#references) return this.#references.filter((reference) => reference.instruction === from);
    // Collected into a list of their own: `#reference` appends to `#references`.
    this.#references = [];
    try {
      this.#referencesOf(from, this.stageOf(from), this.#pointOf(from), true);
      return this.#references.sort((a, b) => a.range.start.offset - b.range.start.offset);
    } finally {
      this.#references = null;
    }
  }

  #collectReferences(): void {
    /** The SHELL in effect at the end of each stage (null: the default `/bin/sh -c`), for stages built on it. */
    const shellAtEnd = new Map<BuildStage, readonly string[] | null>();
    let shell: readonly string[] | null = null;
    let stage: BuildStage | null = null;
    for (const [index, instruction] of this.ast.instructions.entries()) {
      if (instruction.type === "From") {
        if (stage) shellAtEnd.set(stage, shell);
        stage = this.#stageAtIndex(index);
        shell = stage?.baseStage ? (shellAtEnd.get(stage.baseStage) ?? null) : null;
      }
      this.#referencesOf(instruction, stage, this.#before[index] ?? this.#global.point(), posixShell(shell));
      if (instruction.type === "Shell" && instruction.command?.type === "ExecForm") shell = instruction.command.elements.map((element) => element.value);
    }
    // Within an instruction, words and flags were visited by kind: put them in source order.
    this.#references?.sort((a, b) => a.range.start.offset - b.range.start.offset);
  }

  #referencesOf(instruction: Instruction, stage: BuildStage | null, before: ScopePoint, posix: boolean): void {
    const words = (list: readonly (Word | null)[]): void => {
      for (const word of list) if (word) this.#collectWord(word, instruction, stage, before);
    };
    switch (instruction.type) {
      case "From": {
        words([instruction.image]);
        const platform = instruction.flags.find((flag) => flag.name === "platform");
        if (platform) this.#collectFlag(platform, instruction, stage, before);
        return;
      }
      case "Arg":
        // BuildKit expands each default with the definitions before it in the same ARG.
        for (const [i, definition] of instruction.args.entries()) {
          const point = this.builder === "buildkit" ? { frame: before.frame, count: before.count + i } : before;
          if (definition.value) this.#collectWord(definition.value, instruction, stage, point);
        }
        return;
      case "Env":
      case "Label":
        for (const pair of instruction.pairs) words([pair.key, pair.value]);
        return;
      case "Workdir":
        words([instruction.path]);
        return;
      case "User":
        words([instruction.user]);
        return;
      case "Stopsignal":
        words([instruction.signal]);
        return;
      case "Volume":
        words(instruction.paths);
        return;
      case "Expose":
        words(instruction.ports);
        return;
      case "Copy":
      case "Add":
        words([...instruction.sources, instruction.destination]);
        for (const flag of instruction.flags) {
          if (flag.name === "chown" || flag.name === "chmod" || (flag.name === "checksum" && instruction.type === "Add")) this.#collectFlag(flag, instruction, stage, before);
        }
        this.#copyHeredocs(instruction, stage, before);
        return;
      case "Run":
        for (const flag of instruction.flags) if (flag.name === "mount") this.#collectFlag(flag, instruction, stage, before);
        if (posix) this.#runShell(instruction, stage, before);
        return;
      case "Cmd":
      case "Entrypoint":
        if (posix) this.#shellForm(instruction.command, instruction, stage, before, "container");
        return;
      case "Healthcheck":
        if (instruction.kind === "CMD" && posix) this.#shellForm(instruction.command, instruction, stage, before, "container");
        return;
      default:
        return;
    }
  }

  #valueOf(evaluation: Evaluation): VariableValue {
    if (evaluation.value === null) return { state: "unknown", value: undefined, certain: false };
    return { state: "set", value: evaluation.value, certain: evaluation.certain };
  }

  // -------------------------------------------------------------------------------------------
  // Variable references

  #reference(
    name: string,
    range: Range,
    nameRange: Range,
    modifier: string | null,
    instruction: Instruction,
    stage: BuildStage | null,
    point: ScopePoint,
    context: ExpansionContext,
  ): void {
    const binding = this.#bind(name, point, context);
    (this.#references ??= []).push({
      name,
      range,
      nameRange,
      modifier,
      instruction,
      stage,
      context,
      definition: binding.definition,
      fromBaseImage: binding.fromBaseImage,
      state: binding.state,
      value: binding.value,
      certain: binding.certain,
    });
  }

  /** References in a word BuildKit expands, with the ranges the parser gave its parts. */
  #collectWord(word: Word, instruction: Instruction, stage: BuildStage | null, point: ScopePoint): void {
    const visit = (parts: readonly WordPartNode[]): void => {
      for (const part of parts) {
        if (part.type === "Variable") {
          this.#reference(part.name, part.range, part.nameRange, part.modifier ?? null, instruction, stage, point, "build");
          if (part.argument) visit(part.argument);
          if (part.replacement) visit(part.replacement);
        } else if (part.type === "DoubleQuoted") {
          visit(part.parts);
        }
      }
    };
    visit(word.parts);
  }

  /** References in a flag value the builder expands (`--platform`, `--chown`, `--mount`…). */
  #collectFlag(flag: Flag, instruction: Instruction, stage: BuildStage | null, point: ScopePoint): void {
    const value = flag.value;
    if (!value?.includes("$")) return;
    const parts = parseWord(value, { escape: this.#escape });
    const at = (start: number, end: number): Range => flagValueRange(flag, start, end, this.#index);
    this.#collectParts(parts, at, instruction, stage, point, "build");
  }

  #collectParts(
    parts: readonly WordPart[],
    at: (start: number, end: number) => Range,
    instruction: Instruction,
    stage: BuildStage | null,
    point: ScopePoint,
    context: ExpansionContext,
  ): void {
    for (const part of parts) {
      if (part.type === "Variable") {
        const nameStart = part.start + (part.braced ? 2 : 1);
        this.#reference(part.name, at(part.start, part.end), at(nameStart, nameStart + part.name.length), part.modifier ?? null, instruction, stage, point, context);
        if (part.argument) this.#collectParts(part.argument, at, instruction, stage, point, context);
        if (part.replacement) this.#collectParts(part.replacement, at, instruction, stage, point, context);
      } else if (part.type === "DoubleQuoted") {
        this.#collectParts(part.parts, at, instruction, stage, point, context);
      }
    }
  }

  /**
   * COPY/ADD heredoc bodies with an unquoted delimiter are expanded like a word whose quotes are
   * plain text, with `\` as the escape (BuildKit `dispatchCopy`: `ProcessWord` with
   * `SkipProcessQuotes` and a `\` lexer).
   */
  #copyHeredocs(instruction: Instruction, stage: BuildStage | null, point: ScopePoint): void {
    for (const heredoc of instruction.heredocs) {
      if (!heredoc.expand || !heredoc.content.includes("$")) continue;
      const base = heredoc.body.start.offset;
      const parts = parseWord(heredoc.content, { escape: "\\", skipProcessQuotes: true });
      this.#collectParts(parts, (start, end) => this.#index.range(base + start, base + end), instruction, stage, point, "build");
    }
  }

  /**
   * RUN's shell text. A lone heredoc (`RUN <<EOF`) is the script itself, unless it starts with
   * `#!` (then it is a file run by that interpreter); other heredocs go to the shell as
   * here-documents, expanded only when the delimiter is unquoted (BuildKit `dispatchRun`).
   */
  #runShell(instruction: RunInstruction, stage: BuildStage | null, point: ScopePoint): void {
    const command = instruction.command;
    this.#shellForm(command, instruction, stage, point, "run");
    const heredocs = instruction.heredocs;
    if (heredocs.length === 0 || command?.type !== "ShellForm") return;
    for (const [i, heredoc] of heredocs.entries()) {
      let mode: "script" | "heredoc" | null;
      if (instruction.heredocScript && i === 0) mode = heredoc.content.startsWith("#!") && !posixShell([shebangProgram(heredoc.content)]) ? null : "script";
      else mode = heredoc.expand ? "heredoc" : null;
      if (mode === null || !heredoc.content.includes("$")) continue;
      const base = heredoc.body.start.offset;
      for (const found of scanShellVariables(heredoc.content, mode)) {
        this.#reference(
          found.name,
          this.#index.range(base + found.start, base + found.end),
          this.#index.range(base + found.nameStart, base + found.nameStart + found.name.length),
          found.modifier,
          instruction,
          stage,
          point,
          "run",
        );
      }
    }
  }

  #shellForm(command: CommandForm | null, instruction: Instruction, stage: BuildStage | null, point: ScopePoint, context: ExpansionContext): void {
    if (command?.type !== "ShellForm" || !command.value.includes("$")) return;
    for (const found of scanShellVariables(command.value)) {
      this.#reference(
        found.name,
        this.#shellRange(command, found.start, found.end),
        this.#shellRange(command, found.nameStart, found.nameStart + found.name.length),
        found.modifier,
        instruction,
        stage,
        point,
        context,
      );
    }
  }

  #shellRange(form: ShellForm, start: number, end: number): Range {
    const from = shellSourceOffset(form, start);
    const to = end > start ? shellSourceOffset(form, end - 1) + 1 : from;
    return this.#index.range(from, Math.max(from, to));
  }

  // -------------------------------------------------------------------------------------------
  // Stage references

  #stageReference(
    kind: StageReferenceKind,
    instruction: Instruction,
    stage: BuildStage,
    text: string,
    range: Range,
    onbuild: boolean,
    resolution: StageResolution,
    target: BuildStage | null,
    error: StageReferenceError | null,
  ): void {
    this.stageReferences.push({ kind, instruction, stage, text, certain: true, range, onbuild, resolution, target, error });
  }

  /** `COPY --from`. */
  #copyFrom(instruction: CopyInstruction, stage: BuildStage, onbuild: boolean): void {
    const flag = instruction.flags.find((each) => each.name === "from");
    if (flag?.value == null) return;
    const text = flag.value;
    const { resolution, target, error } = this.#resolveCopyFrom(text, stage, onbuild);
    this.#stageReference("copy-from", instruction, stage, text, flagValueRange(flag, 0, text.length, this.#index), onbuild, resolution, target, error);
  }

  /** BuildKit `toCommand` (errors that need the whole graph come later); moby `stagesBuildResults.get`. */
  #resolveCopyFrom(text: string, stage: BuildStage, onbuild: boolean): Resolved {
    const resolved = (resolution: StageResolution, target: BuildStage | null = null, error: StageReferenceError | null = null): Resolved => ({ resolution, target, error });
    const numeric = /^[+-]?\d+$/.test(text);
    if (text === "") return resolved("context");
    if (onbuild) {
      // Resolved when a stage built on this one runs the trigger; here, what the name means in this file.
      const target = numeric ? (this.stages[Number(text)] ?? null) : this.#latestNamed(text.toLowerCase(), this.stages.length);
      return target ? resolved("stage", target) : resolved("image");
    }
    if (this.builder === "classic") {
      const named = this.#latestNamed(text.toLowerCase(), stage.index);
      if (named) return resolved("stage", named);
      if (!numeric) return resolved("image");
      const index = Number(text);
      if (index === stage.index) return resolved("error", stage, { code: "stage-not-yet-built", message: `invalid from flag value ${text}: refers to current build stage` });
      const target = index < 0 || index > stage.index ? undefined : this.stages[index];
      if (!target) return resolved("error", null, { code: "stage-index-out-of-range", message: `invalid from flag value ${text}: index out of bounds` });
      return resolved("stage", target);
    }
    const literal = expand(text, {}, { escape: this.#escape });
    if (!literal.ok) return resolved("error", null, { code: "expansion", message: literal.message });
    if (literal.value !== text) {
      return resolved("error", null, {
        code: "from-variable",
        message: "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround",
      });
    }
    if (numeric) {
      const index = Number(text);
      const target = index < 0 ? undefined : this.stages[index];
      if (!target) return resolved("error", null, { code: "stage-index-out-of-range", message: `invalid stage index ${String(index)}` });
      return resolved("stage", target);
    }
    const named = this.#latestNamed(text.toLowerCase(), this.stages.length);
    return named ? resolved("stage", named) : resolved("image");
  }

  /** `RUN --mount=from=`: a stage name (never an index) or an image (BuildKit `detectRunMount`). */
  #mountsFrom(instruction: RunInstruction, stage: BuildStage, onbuild: boolean): void {
    for (const flag of instruction.flags) {
      if (flag.name !== "mount" || flag.value === null) continue;
      const fields = csvFieldSpans(flag.value);
      const from = fields.find((field) => field.key === "from");
      if (!from || from.value === "") continue;
      const range = flagValueRange(flag, from.valueStart, from.valueEnd, this.#index);
      const add = (resolution: StageResolution, target: BuildStage | null, error: StageReferenceError | null): void => {
        this.#stageReference("mount-from", instruction, stage, from.value, range, onbuild, resolution, target, error);
      };
      const dollar = from.value.indexOf("$");
      if (dollar !== -1 && dollar !== from.value.length - 1) {
        add("error", null, { code: "from-variable", message: "'from' doesn't support variable expansion, define alias stage instead" });
        continue;
      }
      const named = this.#latestNamed(from.value.toLowerCase(), this.stages.length);
      if (named) add("stage", named, null);
      else add("image", null, null);
    }
  }

  /** The latest stage before `limit` with this (lower-cased) name. */
  #latestNamed(name: string, limit: number): BuildStage | null {
    const named = this.#stagesByName.get(name);
    if (!named) return null;
    for (let i = named.length - 1; i >= 0; i--) {
      const stage = named[i];
      if (stage && stage.index < limit) return stage;
    }
    return null;
  }

  /**
   * Dependencies, then the errors only the whole graph shows: BuildKit fails a reference to the
   * stage itself or to one that needs it (`validateCircularDependency`), and one to a later stage
   * (`cannot copy from stage …, it needs to be defined before current stage …`).
   */
  #resolveStageGraph(): void {
    const edges = new Map<BuildStage, Set<BuildStage>>();
    for (const stage of this.stages) edges.set(stage, new Set());
    for (const reference of this.stageReferences) {
      if (reference.target === null || reference.resolution !== "stage") continue;
      if (reference.onbuild) {
        // A base stage's ONBUILD triggers run in the stages built on it (`initOnBuildTriggers`).
        for (const child of this.stages) if (child.baseStage === reference.stage) edges.get(child)?.add(reference.target);
      } else {
        edges.get(reference.stage)?.add(reference.target);
      }
    }
    const reaches = (from: BuildStage, to: BuildStage): boolean => {
      const seen = new Set<BuildStage>();
      const stack = [from];
      while (stack.length > 0) {
        const current = stack.pop();
        if (!current || seen.has(current)) continue;
        if (current === to) return true;
        seen.add(current);
        for (const next of edges.get(current) ?? []) stack.push(next);
      }
      return false;
    };
    const stageName = (stage: BuildStage): string => stage.name ?? `stage-${stage.index}`;
    for (const [i, reference] of this.stageReferences.entries()) {
      if (reference.onbuild || reference.resolution !== "stage" || reference.target === null || reference.kind === "from") continue;
      // The classic builder only ever finds earlier stages; `--mount` is BuildKit's alone.
      if (this.builder === "classic" && reference.kind === "copy-from") continue;
      const target = reference.target;
      const current = reference.stage;
      if (target.index < current.index) continue;
      let error: StageReferenceError;
      if (target === current || reaches(target, current)) {
        error = { code: "circular-dependency", message: `circular dependency detected on stage: ${stageName(current)}` };
      } else if (reference.kind === "copy-from") {
        error = {
          code: "stage-not-yet-built",
          message: `cannot copy from stage ${goQuote(reference.text)}, it needs to be defined before current stage ${goQuote(stageName(current))}`,
        };
      } else {
        error = {
          code: "stage-not-yet-built",
          message: `cannot mount from stage ${goQuote(reference.text)} to ${goQuote(mountTarget(reference.instruction, reference.text))}, stage needs to be defined before current command`,
        };
      }
      this.stageReferences[i] = { ...reference, resolution: "error", error };
    }
    this.stageReferences.sort((a, b) => a.range.start.offset - b.range.start.offset);
    const dependencies = new Map<BuildStage, Set<BuildStage>>();
    const children = new Map<BuildStage, BuildStage[]>();
    for (const stage of this.stages) {
      dependencies.set(stage, new Set(stage.baseStage ? [stage.baseStage] : []));
      if (stage.baseStage) children.set(stage.baseStage, [...(children.get(stage.baseStage) ?? []), stage]);
    }
    for (const reference of this.stageReferences) {
      if (reference.resolution !== "stage" || reference.target === null || reference.kind === "from") continue;
      const dependents = reference.onbuild ? (children.get(reference.stage) ?? []) : [reference.stage];
      for (const dependent of dependents) dependencies.get(dependent)?.add(reference.target);
    }
    for (const stage of this.stages as MutableStage[]) {
      const set = dependencies.get(stage) ?? new Set();
      set.delete(stage);
      stage.dependencies = [...set].sort((a, b) => a.index - b.index);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Resolution and evaluation

  #bind(name: string, point: ScopePoint, context: ExpansionContext): Binding {
    const definition = resolveIn(point, name, context, this.builder);
    const root = point.frame.chainRoot;
    if (definition && definition.state !== "unset") {
      return { definition, state: definition.state, value: definition.value, certain: definition.certain, fromBaseImage: false };
    }
    // The proxy build args: the classic builder lets every expansion see them (`getAllFromMapping`
    // adds `builtinAllowedBuildArgs`); BuildKit gives them to RUN only (`llb.WithProxy`).
    if (PROXY_ARGS.has(name) && context !== "container" && (this.builder === "classic" || context === "run")) {
      const proxy = this.#proxies.get(name);
      if (proxy) return { definition: definition ?? proxy, state: "set", value: proxy.value, certain: true, fromBaseImage: false };
    }
    if (root === "image" && point.frame.root !== "global") {
      // Not set in the file: the base image's environment may have it.
      return { definition, state: "unknown", value: undefined, certain: false, fromBaseImage: true };
    }
    const certain = definition ? definition.certain : !(PROXY_ARGS.has(name) && this.#buildArgs === null && context !== "container");
    return { definition, state: "unset", value: undefined, certain, fromBaseImage: false };
  }

  #evaluateText(text: string, point: ScopePoint, context: ExpansionContext): Evaluation {
    // No variable, quote or escape: the text is its own value (most words).
    if (isLiteral(text, this.#escape)) return { value: text, error: null, certain: true, matched: NONE, unmatched: NONE };
    let certain = true;
    const result = expand(
      text,
      (name) => {
        const binding = this.#bind(name, point, context);
        if (!binding.certain) certain = false;
        return binding.state === "set" ? binding.value : undefined;
      },
      { escape: this.#escape },
    );
    if (!result.ok) return { value: null, error: result.message, certain: false, matched: result.matched, unmatched: result.unmatched };
    return { value: result.value, error: null, certain, matched: result.matched, unmatched: result.unmatched };
  }

  // -------------------------------------------------------------------------------------------
  // Queries

  stageOf(instruction: Instruction): BuildStage | null {
    const index = this.#indexOf(instruction);
    if (index >= 0) return this.#stageAtIndex(index);
    // An ONBUILD's trigger is in the ONBUILD's stage.
    const owner = this.ast.instructions[this.#indexAt(rangeStart(instruction.range))];
    return owner?.type === "Onbuild" && owner.trigger === instruction ? this.stageOf(owner) : null;
  }

  /** The stage of the top-level instruction `index` (null before the first FROM). */
  #stageAtIndex(index: number): BuildStage | null {
    const starts = this.#stageStarts;
    let low = 0;
    let high = starts.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((starts[mid] ?? 0) <= index) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return this.stages[found] ?? null;
  }

  /** The index in `ast.instructions` of the last instruction starting at or before `offset` (-1: none). */
  #indexAt(offset: number): number {
    const instructions = this.ast.instructions;
    let low = 0;
    let high = instructions.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const instruction = instructions[mid];
      if (instruction && rangeStart(instruction.range) <= offset) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  /** The index of a top-level instruction of this tree in `ast.instructions`; -1 for any other node. */
  #indexOf(instruction: Instruction): number {
    // Queries mostly come in source order (a walk over the tree): the last answer and the next
    // instruction are tried first.
    const instructions = this.ast.instructions;
    const last = this.#lastIndex;
    if (instructions[last] === instruction) return last;
    if (instructions[last + 1] === instruction) return (this.#lastIndex = last + 1);
    const index = this.#indexAt(rangeStart(instruction.range));
    if (index < 0 || instructions[index] !== instruction) return -1;
    this.#lastIndex = index;
    return index;
  }

  stageAt(offset: number): BuildStage | null {
    let found: BuildStage | null = null;
    for (const stage of this.stages) {
      if (stage.from.range.start.offset > offset) break;
      found = stage;
    }
    return found;
  }

  instructionAt(offset: number): Instruction | null {
    const instruction = this.ast.instructions[this.#indexAt(offset)];
    return instruction && offset <= instruction.range.end.offset ? instruction : null;
  }

  findStage(reference: string, before?: BuildStage | null): BuildStage | null {
    const limit = before ? before.index : this.stages.length;
    const lowered = reference.toLowerCase();
    for (const stage of this.stages) {
      if (stage.index >= limit) break;
      if (stage.name === lowered || String(stage.index) === reference) return stage;
    }
    return null;
  }

  targetStage(name?: string): BuildStage | null {
    if (name === undefined || name === "") return this.stages.at(-1) ?? null;
    const lowered = name.toLowerCase();
    return this.stages.find((stage) => stage.name === lowered) ?? null;
  }

  requiredStages(target: BuildStage): BuildStage[] {
    const needed = new Set<BuildStage>();
    const visit = (stage: BuildStage): void => {
      if (needed.has(stage)) return;
      needed.add(stage);
      for (const dependency of stage.dependencies) visit(dependency);
    };
    visit(target);
    return [...needed].sort((a, b) => a.index - b.index);
  }

  #pointOf(instruction: Instruction): ScopePoint {
    const index = this.#indexOf(instruction);
    return (index >= 0 ? this.#before[index] : undefined) ?? this.#global.point();
  }

  lookup(name: string, instruction: Instruction, context: ExpansionContext = "build"): VariableDefinition | null {
    return this.#bind(name, this.#pointOf(instruction), context).definition;
  }

  scopeAt(instruction: Instruction, context: ExpansionContext = "build"): Scope {
    return this.#scopeOf(this.#pointOf(instruction), context);
  }

  #scopeOf(point: ScopePoint, context: ExpansionContext): Scope {
    const key = `${point.frame.id}:${point.count}:${context}`;
    let scope = this.#scopes.get(key);
    if (!scope) {
      const map = new Map<string, VariableDefinition>();
      for (const name of namesBefore(point, context, this.builder)) {
        const definition = this.#bind(name, point, context).definition;
        if (definition) map.set(name, definition);
      }
      if (context !== "container" && (this.builder === "classic" || context === "run")) {
        for (const [name, proxy] of this.#proxies) if (!map.has(name)) map.set(name, proxy);
      }
      scope = map;
      this.#scopes.set(key, scope);
    }
    return scope;
  }

  scopeAtOffset(offset: number, context: ExpansionContext = "build"): Scope {
    const inside = this.instructionAt(offset);
    if (inside) return this.scopeAt(inside, context);
    let previous: Instruction | null = null;
    for (const instruction of this.ast.instructions) {
      if (instruction.range.start.offset > offset) break;
      previous = instruction;
    }
    const point = previous ? (this.#after.get(previous) ?? this.#pointOf(previous)) : { frame: this.#global, count: 0 };
    return this.#scopeOf(point, context);
  }

  evaluate(word: Word, instruction: Instruction): Evaluation {
    return this.#evaluateText(word.value, this.#pointOf(instruction), "build");
  }

  symbolAt(offset: number): SemanticSymbol | null {
    const instruction = this.instructionAt(offset);
    if (!instruction) return null;
    const entries = this.#symbolIndex().get(instruction) ?? [];
    let best: Located | null = null;
    for (const entry of entries) {
      if (entry.start > offset || entry.end < offset) continue;
      if (!best || entry.end - entry.start < best.end - best.start) best = entry;
    }
    return best?.symbol ?? null;
  }

  #symbolIndex(): Map<Instruction, Located[]> {
    if (this.#symbols) return this.#symbols;
    const index = new Map<Instruction, Located[]>();
    const add = (instruction: Instruction | null, range: Range, symbol: SemanticSymbol): void => {
      if (!instruction) return;
      const top = this.#topLevel(instruction);
      const list = index.get(top);
      const entry = { start: range.start.offset, end: range.end.offset, symbol };
      if (list) list.push(entry);
      else index.set(top, [entry]);
    };
    for (const definition of this.definitions) {
      if (definition.nameRange) add(definition.instruction, definition.nameRange, { type: "variable-definition", definition, range: definition.nameRange });
    }
    for (const reference of this.references) add(reference.instruction, reference.nameRange, { type: "variable-reference", reference, range: reference.nameRange });
    for (const stage of this.stages) if (stage.nameRange) add(stage.from, stage.nameRange, { type: "stage-definition", stage, range: stage.nameRange });
    for (const reference of this.stageReferences) add(reference.instruction, reference.range, { type: "stage-reference", reference, range: reference.range });
    this.#symbols = index;
    return index;
  }

  /** An ONBUILD trigger's top-level ONBUILD; any other instruction itself. */
  #topLevel(instruction: Instruction): Instruction {
    if (!this.#triggerOwners) {
      this.#triggerOwners = new Map();
      for (const each of this.ast.instructions) if (each.type === "Onbuild" && each.trigger) this.#triggerOwners.set(each.trigger, each);
    }
    return this.#triggerOwners.get(instruction) ?? instruction;
  }

  referencesTo(definition: VariableDefinition): VariableReference[] {
    if (!this.#referencesByDefinition) {
      const map = new Map<VariableDefinition, VariableReference[]>();
      for (const reference of this.references) {
        if (!reference.definition) continue;
        const list = map.get(reference.definition);
        if (list) list.push(reference);
        else map.set(reference.definition, [reference]);
      }
      this.#referencesByDefinition = map;
    }
    return this.#referencesByDefinition.get(definition) ?? [];
  }

  renameGroup(definition: VariableDefinition): { definitions: VariableDefinition[]; references: VariableReference[] } {
    const group = new Set<VariableDefinition>([definition]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const each of this.definitions) {
        if (each.name !== definition.name || group.has(each)) continue;
        if ((each.inherits && group.has(each.inherits)) || [...group].some((member) => member.inherits === each)) {
          group.add(each);
          grew = true;
        }
      }
    }
    const definitions = this.definitions.filter((each) => group.has(each));
    const references = this.references.filter((reference) => reference.definition !== null && group.has(reference.definition));
    return { definitions, references };
  }

  stageReferencesTo(stage: BuildStage): StageReference[] {
    return this.stageReferences.filter((reference) => reference.target === stage);
  }
}

const NONE: readonly string[] = Object.freeze([]);

function isLiteral(text: string, escape: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === "$" || ch === "'" || ch === '"' || ch === escape) return false;
  }
  return true;
}

function givenBuildArgs(args: NonNullable<AnalyzeOptions["buildArgs"]>): Map<string, string> {
  const given = new Map<string, string>();
  for (const [name, value] of buildArgEntries(args)) if (value !== null) given.set(name, value);
  return given;
}

function posixShell(shell: readonly string[] | null): boolean {
  if (shell === null) return true;
  const program = shell[0] ?? "";
  const base = program.slice(Math.max(program.lastIndexOf("/"), program.lastIndexOf("\\")) + 1).replace(/\.exe$/i, "");
  return POSIX_SHELLS.has(base);
}

/** The program a `#!` line runs: its path, or what `/usr/bin/env` is asked to find. */
function shebangProgram(script: string): string {
  const words = (script.slice(2).split("\n")[0] ?? "").trim().split(/[ \t]+/);
  const program = words[0] ?? "";
  if (!program.endsWith("/env")) return program;
  return words.slice(1).find((word) => !word.startsWith("-") && !word.includes("=")) ?? program;
}

/** Source offset of a shell-form command's character `at`. */
function shellSourceOffset(form: ShellForm, at: number): number {
  for (const segment of form.segments) {
    if (at >= segment.offset && at < segment.offset + segment.length) return segment.sourceOffset + at - segment.offset;
  }
  const last = form.segments.at(-1);
  return last ? last.sourceOffset + last.length : form.range.start.offset;
}

/**
 * The source range of characters [start, end) of a flag's value as BuildKit reads it (quotes
 * removed, escapes applied: `extractBuilderFlags`). The whole value when the flag spans lines or
 * has non-ASCII text (which BuildKit re-encodes byte by byte).
 */
function flagValueRange(flag: Flag, start: number, end: number, index: LineIndex): Range {
  const whole = flag.valueRange ?? flag.range;
  const from = flag.range.start.offset;
  const offsets = flagOffsets(index.text.slice(from, flag.range.end.offset));
  if (offsets?.length !== flag.text.length + 1) return whole;
  const valueStart = flag.text.indexOf("=") + 1;
  const first = offsets[valueStart + start] ?? 0;
  const last = end > start ? (offsets[valueStart + end - 1] ?? 0) + 1 : first;
  return index.range(from + first, from + last);
}

/**
 * Where each character of a flag word as BuildKit reads it is in the flag as written (plus its
 * end). The escape is a backslash whatever `# escape=` says, as in `extractBuilderFlags`.
 */
function flagOffsets(raw: string): number[] | null {
  if (/[\n\u0080-\uffff]/.test(raw)) return null;
  const offsets: number[] = [];
  let quote = "";
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (quote === "" && (ch === "'" || ch === '"')) {
      quote = ch;
      continue;
    }
    if (quote !== "" && ch === quote) {
      quote = "";
      continue;
    }
    if (ch === "\\") {
      if (i + 1 === raw.length) continue;
      i++;
    }
    offsets.push(i);
  }
  offsets.push(raw.length);
  return offsets;
}

/** CSV fields of a `--mount` value with the offsets of their values (Go `encoding/csv`, one record). */
function csvFieldSpans(value: string): { key: string; value: string; valueStart: number; valueEnd: number }[] {
  const fields: { key: string; value: string; valueStart: number; valueEnd: number }[] = [];
  let pos = 0;
  while (pos <= value.length) {
    if (value[pos] === '"') {
      const start = pos + 1;
      let text = "";
      let at = start;
      for (;;) {
        const quote = value.indexOf('"', at);
        if (quote < 0) return fields;
        text += value.slice(at, quote);
        if (value[quote + 1] === '"') {
          text += '"';
          at = quote + 2;
          continue;
        }
        pos = quote + 1;
        break;
      }
      push(text, start, pos - 1, false);
    } else {
      const comma = value.indexOf(",", pos);
      const end = comma < 0 ? value.length : comma;
      push(value.slice(pos, end), pos, end, true);
      pos = end;
    }
    if (value[pos] !== ",") break;
    pos++;
  }
  return fields;

  function push(text: string, start: number, end: number, exact: boolean): void {
    const eq = text.indexOf("=");
    if (eq < 0) return;
    fields.push({ key: text.slice(0, eq).toLowerCase(), value: text.slice(eq + 1), valueStart: exact ? start + eq + 1 : start, valueEnd: end });
  }
}

/** The `target` of the mount that names `from`, for BuildKit's message. */
function mountTarget(instruction: Instruction, from: string): string {
  for (const flag of instruction.flags) {
    if (flag.name !== "mount" || flag.value === null) continue;
    const fields = csvFieldSpans(flag.value);
    if (!fields.some((field) => field.key === "from" && field.value === from)) continue;
    return fields.find((field) => field.key === "target" || field.key === "dst" || field.key === "destination")?.value ?? "";
  }
  return "";
}

/** Where a range starts, without making its line and column (see `SourceRange.startOffsetOf`). */
function rangeStart(range: Range): number {
  return SourceRange.startOffsetOf(range);
}
