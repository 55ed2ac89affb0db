import type { Comment, Dockerfile, Range } from "@dfbuild/parser";
import { type RuleRegistry, isBuildkitCheckName } from "./registry.js";
import type { AnyRule } from "./types.js";

/** Rules switched off for a span of the file by an inline comment or the `check` directive. */
interface Suppression {
  rules: ReadonlySet<AnyRule>;
  start: number;
  end: number;
}

export interface DirectiveProblem {
  name: string;
  directive: string;
  range: Range;
}

/** The ignore comments of one file, ready to filter its findings. */
export class Directives {
  private readonly suppressions: Suppression[] = [];
  readonly problems: DirectiveProblem[] = [];

  constructor(ast: Dockerfile, registry: RuleRegistry, options: { inlineIgnores: boolean }) {
    const fileEnd = ast.range.end.offset;
    for (const directive of ast.directives) {
      if (directive.name === "check") this.addCheck(directive.value, registry, 0, fileEnd);
    }
    if (!options.inlineIgnores) return;
    const instructions = ast.instructions;
    const nextInstruction = (after: number) => instructions.find((instruction) => instruction.range.start.offset >= after);
    for (const node of ast.children) {
      if (node.type !== "Comment") continue;
      const comment: Comment = node;
      const after = comment.range.end.offset;
      const next = nextInstruction(after);
      const nextSpan: [number, number] = next ? [next.range.start.offset, next.range.end.offset] : [after, after];
      const value = comment.value;

      const dfbuild = /^dfbuild-ignore(-file)?(?:\s+(.*))?$/.exec(value);
      if (dfbuild) {
        const list = (dfbuild[2] ?? "").split(/(?:^|\s)--(?:\s|$)/)[0] ?? "";
        const names = list.split(/[\s,]+/).filter((name) => name !== "");
        // Without a list, as ESLint's disable comments: every rule.
        const rules = new Set<AnyRule>(names.length === 0 ? registry.rules : []);
        for (const name of names) {
          const resolved = registry.resolve(name);
          if (resolved.length === 0) this.problems.push({ name, directive: `dfbuild-ignore${dfbuild[1] ?? ""}`, range: comment.range });
          for (const rule of resolved) rules.add(rule);
        }
        const [start, end] = dfbuild[1] ? [0, fileEnd] : nextSpan;
        this.suppressions.push({ rules, start, end });
        continue;
      }

      const hadolint = /^hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*(.*)$/.exec(value);
      if (hadolint) {
        const list = (hadolint[2] ?? "").split("#")[0] ?? "";
        const codes = list.split(",").map((code) => code.trim());
        // hadolint drops the whole pragma when one code is malformed.
        if (codes.some((code) => !/^[DLSC0-9]+$/.test(code))) continue;
        const rules = new Set(codes.flatMap((code) => registry.resolve(code)));
        let span = nextSpan;
        if (hadolint[1] === "global") span = [0, fileEnd];
        else if (hadolint[1] === "stage") span = stageSpan(ast, after);
        this.suppressions.push({ rules, start: span[0], end: span[1] });
        continue;
      }

      const check = /^check\s*=\s*(.*)$/.exec(value);
      if (check) this.addCheck(check[1] ?? "", registry, nextSpan[0], nextSpan[1]);
    }
  }

  /** BuildKit's `check=skip=A,B;error=true` (only `skip` concerns the linter). */
  private addCheck(value: string, registry: RuleRegistry, start: number, end: number): void {
    for (const option of value.split(";")) {
      const [key = "", list = ""] = option.split("=", 2).map((part) => part.trim());
      if (key !== "skip") continue;
      const names = option.slice(option.indexOf("=") + 1).split(",").map((name) => name.trim());
      const rules = new Set<AnyRule>();
      if (list === "all" || names.includes("all")) {
        for (const rule of registry.rules) if ((rule.meta.aliases ?? []).some(isBuildkitCheckName)) rules.add(rule);
      } else {
        for (const name of names) for (const rule of registry.resolve(name)) rules.add(rule);
      }
      this.suppressions.push({ rules, start, end });
    }
  }

  /** Whether a finding of `rule` starting at `offset` is switched off. */
  suppresses(rule: AnyRule, offset: number): boolean {
    return this.suppressions.some((s) => s.rules.has(rule) && offset >= s.start && offset < Math.max(s.end, s.start + 1));
  }
}

/** hadolint's `stage ignore`: the stage whose FROM comes next. */
function stageSpan(ast: Dockerfile, after: number): [number, number] {
  const index = ast.stages.findIndex((stage) => stage.from.range.start.offset >= after);
  const stage = ast.stages[index];
  if (!stage) return [after, after];
  const next = ast.stages[index + 1];
  return [stage.from.range.start.offset, next ? next.from.range.start.offset : ast.range.end.offset];
}
