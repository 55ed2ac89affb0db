import { type CheckOptions, type Comment, type Dockerfile, type Instruction, type Range, checkOptionsFromComments, parseCheckOptions } from "@dfbuild/parser";
import { BUILDKIT_CHECKS, EXPERIMENTAL_BUILDKIT_CHECKS, buildkitCheckName } from "./buildkit-checks.js";
import type { RuleRegistry } from "./registry.js";
import type { AnyRule } from "./types.js";

export interface DirectiveProblem {
  /** Why the comment does not do what it says. */
  message: string;
  range: Range;
}

/** Where a finding is, for deciding which comments and directives cover it. */
export interface FindingSite {
  offset: number;
  /**
   * The instruction whose `# check=…` comment governs the finding: where BuildKit evaluates the
   * check (undefined: the instruction the finding is in; null: BuildKit checks it for the whole
   * file, so only the file's `# check` directive can skip it).
   */
  checkedAt?: Instruction | null;
  /** The finding's own code (`SC2086`), which comments may name instead of the rule. */
  code?: string | undefined;
}

/** What an ignore comment names: rules, or codes of a rule's own (`SC2086`, upper-cased). */
type Ignored = AnyRule | string;

/** ShellCheck's codes, which name findings of the shellcheck rule (as in hadolint's pragmas). */
const SHELLCHECK_CODE = /^SC\d{4}$/i;

/** The BuildKit check names a rule answers to (its aliases that are BuildKit checks, as spelled there). */
export function buildkitNamesOf(rule: AnyRule): readonly string[] {
  return (rule.meta.aliases ?? []).filter((alias) => BUILDKIT_CHECKS.has(alias));
}

/** hadolint's pragma grammar: codes made of `DLSC0123456789` only (else the whole pragma is void). */
const HADOLINT_PRAGMA = /^hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*(.*)$/;
const DFBUILD_IGNORE = /^dfbuild-ignore(-file)?(?:\s+(.*))?$/;

/**
 * The comments of one file that switch rules off or on: `# dfbuild-ignore[-file]`, hadolint's
 * `# hadolint [global|stage] ignore=…`, and BuildKit's `# check=…` (the file's directive, and the
 * same text in a comment directly above an instruction). Built in one pass over the file; each
 * finding is then looked up by position in logarithmic time.
 */
export class Directives {
  readonly problems: DirectiveProblem[] = [];
  /** The file's `# check=…` directive: its `error=true` makes check findings errors. */
  readonly fileCheck: CheckOptions | null = null;

  private readonly everywhere = new Set<Ignored>();
  private readonly byInstruction = new Map<Instruction, Set<Ignored>>();
  private readonly byStage = new Map<number, Set<Ignored>>();
  private readonly checkByInstruction = new Map<Instruction, CheckOptions>();
  private readonly instructions: readonly Instruction[];
  private readonly stageStarts: number[];

  constructor(
    ast: Dockerfile,
    private readonly registry: RuleRegistry,
    private readonly options: { inlineIgnores: boolean },
  ) {
    this.instructions = ast.instructions;
    this.stageStarts = ast.stages.map((stage) => stage.from.range.start.offset);
    const directive = ast.directives.find((each) => each.name === "check");
    if (directive) {
      // A value that does not parse is the parser's error (BuildKit refuses the file).
      const parsed = parseCheckOptions(directive.value);
      if (parsed.ok) {
        this.fileCheck = parsed.options;
        this.checkNames(parsed.options, `check=${directive.value}`, directive.valueRange);
        this.checkSpace(directive.value, `check=${directive.value}`, directive.valueRange);
      }
    }
    this.readComments(ast);
  }

  /**
   * One walk over the top level. An ignore comment covers the next instruction; a `# check=…`
   * comment counts when it is among the instruction's leading comments (BuildKit's `PrevComment`).
   */
  private readComments(ast: Dockerfile): void {
    let pending: Set<Ignored>[] = [];
    let comments: Comment[] = [];
    for (const node of ast.children) {
      if (node.type === "BlankLine" || node.type === "Directive") continue;
      if (node.type === "Comment") {
        comments.push(node);
        this.readIgnoreComment(ast, node, pending);
        continue;
      }
      for (const rules of pending) {
        let set = this.byInstruction.get(node);
        if (!set) this.byInstruction.set(node, (set = new Set()));
        for (const rule of rules) set.add(rule);
      }
      const found = node.leadingComments.length > 0 ? checkOptionsFromComments(node.leadingComments) : null;
      if (found !== null) {
        const range = comments.find((comment) => comment.value === found.comment)?.range ?? node.keyword.range;
        if ("error" in found) {
          // BuildKit then keeps the file's options for this instruction, silently.
          this.problems.push({ message: `"# ${found.comment}" has no effect: ${found.error} (BuildKit ignores it).`, range });
        } else {
          this.checkByInstruction.set(node, found.options);
          this.checkNames(found.options, found.comment, range);
          this.checkSpace(found.comment.slice(found.comment.indexOf("=") + 1).trim(), found.comment, range);
        }
      }
      pending = [];
      comments = [];
    }
  }

  private readIgnoreComment(ast: Dockerfile, comment: Comment, pending: Set<Ignored>[]): void {
    const value = comment.value;
    const dfbuild = DFBUILD_IGNORE.exec(value);
    if (dfbuild) {
      const list = (dfbuild[2] ?? "").split(/(?:^|\s)--(?:\s|$)/)[0] ?? "";
      const names = list.split(/[\s,]+/).filter((name) => name !== "");
      // Without a list, as ESLint's disable comments: every rule.
      const rules = new Set<Ignored>(names.length === 0 ? this.registry.rules : []);
      const directive = `dfbuild-ignore${dfbuild[1] ?? ""}`;
      for (const name of names) {
        const resolved = this.registry.resolve(name);
        if (resolved.length === 0 && SHELLCHECK_CODE.test(name)) rules.add(name.toUpperCase());
        else if (resolved.length === 0) this.problems.push({ message: `Unknown rule "${name}" in "${directive}".${this.registry.hint(name)}`, range: comment.range });
        for (const rule of resolved) rules.add(rule);
      }
      if (dfbuild[1]) for (const rule of rules) this.everywhere.add(rule);
      else pending.push(rules);
      return;
    }
    const hadolint = HADOLINT_PRAGMA.exec(value);
    if (hadolint) {
      const list = (hadolint[2] ?? "").split("#")[0] ?? "";
      const codes = list.split(",").map((code) => code.trim());
      // hadolint drops the whole pragma when one code is malformed (src/Hadolint/Pragma.hs).
      if (codes.some((code) => !/^[DLSC0-9]+$/.test(code))) return;
      const rules = new Set<Ignored>(codes.flatMap((code) => (SHELLCHECK_CODE.test(code) ? [code.toUpperCase(), ...this.registry.resolve(code)] : this.registry.resolve(code))));
      if (hadolint[1] === "global") for (const rule of rules) this.everywhere.add(rule);
      else if (hadolint[1] === "stage") this.ignoreInStage(ast, comment.range.end.offset, rules);
      else pending.push(rules);
    }
  }

  /** hadolint's `stage ignore`: the stage whose FROM comes next. */
  private ignoreInStage(ast: Dockerfile, after: number, rules: ReadonlySet<Ignored>): void {
    const index = lowerBound(this.stageStarts, after);
    if (index >= ast.stages.length) return;
    let set = this.byStage.get(index);
    if (!set) this.byStage.set(index, (set = new Set()));
    for (const rule of rules) set.add(rule);
  }

  /** `skip=`/`experimental=` names BuildKit would not recognise do nothing there: say so. */
  private checkNames(options: CheckOptions, directive: string, range: Range): void {
    for (const name of [...options.skip, ...options.experimental]) {
      if (name === "" || BUILDKIT_CHECKS.has(name)) continue;
      if (BUILDKIT_CHECKS.has(buildkitCheckName(name) ?? "")) {
        this.problems.push({ message: `BuildKit check names are case-sensitive: "${name}" in "# ${directive}" does nothing; write "${buildkitCheckName(name) ?? ""}".`, range });
        continue;
      }
      const known = this.registry.resolve(name);
      const hint = known.length > 0 ? ` It takes BuildKit check names; for ${name} use "# dfbuild-ignore ${name}".` : this.registry.hint(name);
      this.problems.push({ message: `"${name}" in "# ${directive}" is not a BuildKit check, so BuildKit ignores it.${hint}`, range });
    }
  }

  /** BuildKit reads a check directive only up to its first space (`strings.Cut(d.Value, " ")`). */
  private checkSpace(value: string, directive: string, range: Range): void {
    const space = value.indexOf(" ");
    if (space === -1) return;
    const ignored = value.slice(space).trim();
    this.problems.push({ message: `BuildKit reads "# ${directive}" only up to its first space, so "${ignored}" is ignored. Remove the spaces.`, range });
  }

  /** The top-level instruction a finding at `offset` is in, if any. */
  private instructionAt(offset: number): Instruction | null {
    const instructions = this.instructions;
    let low = 0;
    let high = instructions.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((instructions[mid]?.range.start.offset ?? 0) <= offset) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    const instruction = instructions[found];
    if (!instruction) return null;
    const { start, end } = instruction.range;
    return offset < Math.max(end.offset, start.offset + 1) ? instruction : null;
  }

  private checkSkips(rule: AnyRule, at: Instruction | null): boolean {
    const names = buildkitNamesOf(rule);
    if (names.length === 0) return false;
    const skipped = (options: CheckOptions | null | undefined) => options != null && (options.skipAll || names.some((name) => options.skip.includes(name)));
    return skipped(this.fileCheck) || (at !== null && skipped(this.checkByInstruction.get(at)));
  }

  /** Whether a finding of `rule` at this site is switched off by a comment or the check directive. */
  suppresses(rule: AnyRule, site: FindingSite): boolean {
    if (!this.options.inlineIgnores) return false;
    const code = site.code?.toUpperCase();
    const covers = (set: ReadonlySet<Ignored> | undefined) => set !== undefined && (set.has(rule) || (code !== undefined && set.has(code)));
    if (covers(this.everywhere)) return true;
    // The instruction is looked up only where a comment could apply to one (files with many
    // findings rarely have any).
    const needsInstruction = this.byInstruction.size > 0 || (site.checkedAt === undefined && this.checkByInstruction.size > 0);
    const instruction = needsInstruction ? this.instructionAt(site.offset) : null;
    if (instruction && covers(this.byInstruction.get(instruction))) return true;
    if (this.byStage.size > 0) {
      const stage = lowerBound(this.stageStarts, site.offset + 1) - 1;
      if (covers(this.byStage.get(stage))) return true;
    }
    const checkedAt = site.checkedAt === undefined ? instruction : site.checkedAt;
    return this.checkSkips(rule, checkedAt);
  }

  /**
   * Whether `# check=experimental=…` turns on this rule's experimental BuildKit check at this site
   * (the file's directive: everywhere; a comment: its instruction).
   */
  enablesExperimental(rule: AnyRule, site: FindingSite | null): boolean {
    const names = buildkitNamesOf(rule).filter((name) => EXPERIMENTAL_BUILDKIT_CHECKS.has(name));
    if (names.length === 0) return false;
    const enabled = (options: CheckOptions | null | undefined) => options != null && (options.experimentalAll || names.some((name) => options.experimental.includes(name)));
    if (enabled(this.fileCheck)) return true;
    if (site === null) return [...this.checkByInstruction.values()].some(enabled);
    const at = site.checkedAt === undefined ? this.instructionAt(site.offset) : site.checkedAt;
    return at !== null && enabled(this.checkByInstruction.get(at));
  }

  /** `# check=error=true`: findings of BuildKit's checks fail the build, so they are errors. */
  makesErrors(rule: AnyRule): boolean {
    return this.fileCheck?.error === true && buildkitNamesOf(rule).length > 0;
  }
}

/** The first index whose value is ≥ `value` in an ascending array. */
function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((values[mid] ?? 0) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
