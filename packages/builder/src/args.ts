/**
 * Build arguments in a stage as the build runs, with the classic builder's scoping
 * (moby `builder/dockerfile/buildargs.go`): each stage starts with none and sees a meta ARG only after a
 * bare `ARG NAME`; `--build-arg` beats an ARG default, which beats the meta value; ENV shadows.
 * The meta ARGs' values come from the parser's semantic model; an ARG default in a stage is
 * expanded here, at run time, since it may use the base image's environment.
 */
import { PROXY_ARGS } from "@dfbuild/parser";
import { envKey } from "./config.js";

/** Usable without an ARG line; passed to RUN but kept out of the cache key unless declared. */
export const BUILTIN_ARGS: ReadonlySet<string> = PROXY_ARGS;

/** `--build-arg` values: `null` for `--build-arg NAME` with no value and NAME unset. */
export type BuildArgValues = ReadonlyMap<string, string | null>;

export class BuildArgs {
  readonly #fromOptions: BuildArgValues;
  /** The meta ARGs (before the first FROM) and their values, `null` for unset. */
  readonly #meta: ReadonlyMap<string, string | null>;
  /** Every arg some ARG line declared, for the unused-arg warning. */
  readonly #referenced: Set<string>;

  constructor(fromOptions: BuildArgValues, meta: ReadonlyMap<string, string | null>) {
    this.#fromOptions = fromOptions;
    this.#meta = meta;
    this.#referenced = new Set(meta.keys());
  }

  /** A new stage's scope: no args declared yet. */
  stage(): StageArgs {
    return new StageArgs(this);
  }

  /** `--build-arg` names no ARG line declared (proxies excepted), sorted. */
  unused(): string[] {
    return [...this.#fromOptions.keys()].filter((name) => !this.#referenced.has(name) && !BUILTIN_ARGS.has(name)).sort();
  }

  /** `getBuildArg`: the value in effect for a declared arg, or undefined when it has none. */
  valueOf(name: string, declared: ReadonlyMap<string, string | null>): string | undefined {
    const option = this.#fromOptions.get(name);
    if (option !== undefined && option !== null) return option;
    const fallback = declared.get(name);
    if (fallback === undefined || fallback === null) return this.#meta.get(name) ?? undefined;
    return fallback;
  }

  reference(name: string): void {
    this.#referenced.add(name);
  }

  /** @internal Values of the declared args plus the builtins given with --build-arg (`GetAllAllowed`). */
  allowedValues(declared: ReadonlyMap<string, string | null>): Map<string, string> {
    const result = new Map<string, string>();
    const names = new Set([...declared.keys(), ...BUILTIN_ARGS]);
    for (const name of names) {
      const value = declared.has(name) ? this.valueOf(name, declared) : this.#builtin(name);
      if (value !== undefined) result.set(name, value);
    }
    return result;
  }

  #builtin(name: string): string | undefined {
    return this.#fromOptions.get(name) ?? undefined;
  }
}

export class StageArgs {
  readonly #build: BuildArgs;
  readonly #declared = new Map<string, string | null>();

  constructor(build: BuildArgs) {
    this.#build = build;
  }

  declare(name: string, value: string | null): void {
    this.#declared.set(name, value);
    this.#build.reference(name);
  }

  /** The args RUN gets and expansion sees: those in effect and not shadowed by ENV (`FilterAllowed`). */
  effective(env: readonly string[]): Map<string, string> {
    const shadowed = new Set(env.map(envKey));
    const result = new Map<string, string>();
    for (const [name, value] of this.#build.allowedValues(this.#declared)) if (!shadowed.has(name)) result.set(name, value);
    return result;
  }

  /** `IsReferencedOrNotBuiltin`: whether an arg shows in RUN's `|N K=V` history prefix and cache key. */
  isRecorded(name: string): boolean {
    return this.#declared.has(name) || !BUILTIN_ARGS.has(name);
  }
}
