import type { ArgInstruction, EnvInstruction, FromInstruction } from "@dfbuild/parser";
import type { VisitInfo, Visitor } from "@dfbuild/linter";
import { hadolintImageName } from "./image-stages.js";

/**
 * hadolint's bookkeeping of variable names for DL3033 and DL3041 (the `Acc` of
 * `src/Hadolint/Rule/DL3033.hs`): ENV names per stage, copied into a stage built `FROM` an
 * earlier stage's alias, and ARG names for the whole file. A package spec "uses a defined
 * variable" when it contains `${NAME}` for one of them (hadolint compares the text after
 * writing `$NAME` as `${NAME}`).
 */
export class HadolintVariables {
  private started = false;
  private stage = 0;
  private readonly firstWithAlias = new Map<string, number>();
  private readonly envs = new Map<number, Set<string>>();
  private readonly args = new Set<string>();

  from(from: FromInstruction): void {
    const alias = from.stageName?.value ?? "";
    if (!this.started) {
      this.started = true;
      this.stage = 1;
      this.alias(1, alias);
      this.envs.set(1, new Set());
      return;
    }
    // The lowest-numbered stage with that alias, as hadolint's `Map.toList (Map.filter …)` finds it.
    const parent = this.firstWithAlias.get(hadolintImageName(from));
    const next = this.stage + 1;
    this.envs.set(next, new Set(parent === undefined ? [] : (this.envs.get(parent) ?? [])));
    this.alias(next, alias);
    this.stage = next;
  }

  env(env: EnvInstruction): void {
    this.start();
    const names = this.envs.get(this.stage);
    if (names) for (const pair of env.pairs) names.add(pair.key.value);
  }

  arg(arg: ArgInstruction): void {
    this.start();
    for (const definition of arg.args) this.args.add(definition.name.value);
  }

  /** Whether the spec contains `${NAME}` of an ENV of this stage or of any ARG so far. */
  defines(spec: string): boolean {
    if (!this.started) return false;
    const uses = (name: string) => spec.includes(`\${${name}}`);
    return [...(this.envs.get(this.stage) ?? [])].some(uses) || [...this.args].some(uses);
  }

  private alias(stage: number, alias: string): void {
    if (!this.firstWithAlias.has(alias)) this.firstWithAlias.set(alias, stage);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.stage = 0;
    this.alias(0, "");
    this.envs.set(0, new Set());
  }
}

/**
 * The bookkeeping for a whole file: one for the instructions and one for ONBUILD triggers, since
 * hadolint folds its ONBUILD variant of a rule over the triggers alone.
 */
export class HadolintVariableScopes {
  private readonly file = new HadolintVariables();
  private readonly onbuild = new HadolintVariables();

  at(info: VisitInfo): HadolintVariables {
    return info.onbuild ? this.onbuild : this.file;
  }

  /** Visitor callbacks that keep both up to date. */
  visitors(): Pick<Visitor, "From" | "Env" | "Arg"> {
    return {
      From: (node, info) => {
        this.at(info).from(node);
      },
      Env: (node, info) => {
        this.at(info).env(node);
      },
      Arg: (node, info) => {
        this.at(info).arg(node);
      },
    };
  }
}
