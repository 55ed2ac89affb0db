/**
 * Variable scopes as the builders keep them, and the rules for which definition a name resolves to.
 *
 * A scope is a log of definitions in source order; a point in it (`ScopePoint`) is "the first
 * `count` definitions", so every instruction's scope is one object and a count, not a copy. A stage
 * built on another stage starts from the end of that stage's log (its `parent`).
 */
import type { BuilderSemantics, ExpansionContext, VariableDefinition } from "./types.js";

/** Where a stage's environment starts: the global scope, `scratch` (fully known), or an image (unknown). */
export type ScopeRoot = "global" | "scratch" | "image";

export interface ScopePoint {
  readonly frame: ScopeFrame;
  readonly count: number;
}

let nextFrameId = 0;

export class ScopeFrame {
  /** Unique per frame: scopes are cached by frame and count. */
  readonly id = nextFrameId++;
  readonly log: VariableDefinition[] = [];
  /** Indices into `log`, ascending, per name. */
  readonly byName = new Map<string, number[]>();

  constructor(
    readonly parent: ScopePoint | null,
    readonly root: ScopeRoot,
  ) {}

  add(definition: VariableDefinition): void {
    const indices = this.byName.get(definition.name);
    if (indices) indices.push(this.log.length);
    else this.byName.set(definition.name, [this.log.length]);
    this.log.push(definition);
  }

  /** The last point made: points are immutable, so one serves until a definition is added. */
  #point: ScopePoint | null = null;

  point(): ScopePoint {
    // The model keeps a point before and after every instruction: most define nothing, and
    // share one object instead of two each (300,000 RUNs).
    if (this.#point?.count !== this.log.length) this.#point = { frame: this, count: this.log.length };
    return this.#point;
  }

  /** Where the environment of the whole chain comes from. */
  get chainRoot(): ScopeRoot {
    let point = this.parent;
    let root = this.root;
    while (point) {
      root = point.frame.root;
      point = point.frame.parent;
    }
    return root;
  }
}

/** ENV, or the default `PATH` a builder puts in the image config: what the image's environment holds. */
export function isEnvLike(definition: VariableDefinition): boolean {
  return definition.kind === "env" || definition.source === "default-path";
}

/** The latest definition of `name` before `point` that `accept`s, in this frame or (with `inherit`) its parents. */
function search(point: ScopePoint, name: string, accept: (definition: VariableDefinition) => boolean, inherit: boolean): VariableDefinition | null {
  let frame = point.frame;
  let count = point.count;
  for (;;) {
    const indices = frame.byName.get(name);
    if (indices) {
      for (let i = indices.length - 1; i >= 0; i--) {
        const index = indices[i] ?? 0;
        if (index >= count) continue;
        const definition = frame.log[index];
        if (definition && accept(definition)) return definition;
      }
    }
    if (!inherit || !frame.parent) break;
    count = frame.parent.count;
    frame = frame.parent.frame;
  }
  return null;
}

const any = (): boolean => true;
const hasValue = (definition: VariableDefinition): boolean => definition.state !== "unset";
const isArg = (definition: VariableDefinition): boolean => definition.kind === "arg";

/**
 * The definition `name` resolves to at `point`, by the builder's rules (proxy build args aside):
 *
 * - `container`: the image environment only — ENV and the default PATH, through base stages.
 * - BuildKit (`build`, `run`, and the global scope): ARG and ENV both set the stage's environment
 *   in order (`dockerfile2llb/convert.go` `dispatchArg` and `dispatchEnv` call `AddEnv`), and a
 *   stage starts from its base stage's (`dispatchState.init`); an ARG without a value adds nothing,
 *   so the latest definition with a value wins, else the latest declaration.
 * - classic (`build`, `run`): ENV always shadows ARG (`BuildArgs.FilterAllowed`); ARGs are the
 *   stage's own (`newDispatchState` → `ResetAllowed`), and a re-declaration replaces the earlier
 *   one even without a value (`BuildArgs.AddArg`). In the global scope the latest meta ARG decides
 *   (`AddMetaArg`).
 */
export function resolveIn(point: ScopePoint, name: string, context: ExpansionContext, builder: BuilderSemantics): VariableDefinition | null {
  if (point.frame.root === "global") {
    return builder === "buildkit" ? (search(point, name, hasValue, false) ?? search(point, name, any, false)) : search(point, name, any, false);
  }
  if (context === "container") return search(point, name, isEnvLike, true);
  if (builder === "buildkit") return search(point, name, hasValue, true) ?? search(point, name, any, true);
  return search(point, name, isEnvLike, true) ?? search(point, name, isArg, false);
}

/** The names defined before `point` (in the chain, where the builder's rules look), oldest first. */
export function namesBefore(point: ScopePoint, context: ExpansionContext, builder: BuilderSemantics): string[] {
  const chain: ScopePoint[] = [];
  for (let at: ScopePoint | null = point; at; at = at.frame.parent) chain.unshift(at);
  const names = new Set<string>();
  for (const [depth, at] of chain.entries()) {
    const own = depth === chain.length - 1;
    for (let i = 0; i < at.count; i++) {
      const definition = at.frame.log[i];
      if (!definition) continue;
      const visible =
        at.frame.root === "global" || (context === "container" ? isEnvLike(definition) : builder === "buildkit" || own || isEnvLike(definition));
      if (visible) names.add(definition.name);
    }
  }
  return [...names];
}
