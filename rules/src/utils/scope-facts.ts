import type { Instruction } from "@dfbuild/parser";
import type { LintFile, VisitInfo } from "@dfbuild/linter";

/**
 * `meta.facts` of the version-pinning rules, which expand a package word's variables with the ARG
 * and ENV values in effect at its RUN (`packageSpecs`): those values, for an instruction whose text
 * has a `$` anywhere (heredoc bodies included). Without one no word expands a variable, the rule
 * never asks, and the fact is empty: a RUN is read again only when it, or a value it could read,
 * changed.
 */
export function scopeFacts(instruction: Instruction, _info: VisitInfo, file: LintFile): string {
  if (!hasDollar(file.text, instruction.range.start.offset, instruction.range.end.offset)) return "";
  const values: [string, string | null][] = [];
  for (const [name, variable] of file.scopeAt(instruction)) values.push([name, variable.value ?? null]);
  return JSON.stringify(values);
}

/**
 * Whether `text` has a `$` between the offsets. Not `text.indexOf("$", start)`: in a file without
 * one after the instruction, that reads on to the end of the file for every instruction, and the
 * lint's time grows with the square of the file's size.
 */
function hasDollar(text: string, start: number, end: number): boolean {
  for (let offset = start; offset < end; offset++) if (text.charCodeAt(offset) === 0x24) return true;
  return false;
}

/** The values `scopeFacts` gave the visit, by name (undefined: not defined, or without a known value). */
export function readScopeFacts(info: VisitInfo): (name: string) => string | undefined {
  const { facts } = info;
  // The linter hands every visit of a rule with `meta.facts` its facts: a missing string is a bug.
  if (facts === undefined) throw new Error("scope facts missing: the rule must declare meta.facts: scopeFacts and meta.scope: instruction");
  if (facts === "") return () => undefined;
  const values = new Map((JSON.parse(facts) as [string, string | null][]).map(([name, value]) => [name, value ?? undefined]));
  return (name) => values.get(name);
}

/** The same lookup for a whole-file rule, straight from the file's scope at the instruction. */
export function scopeLookup(file: LintFile, instruction: Instruction): (name: string) => string | undefined {
  return (name) => file.scopeAt(instruction).get(name)?.value;
}
