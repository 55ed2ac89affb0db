/**
 * The fix-meaning oracle: whether an automatic fix kept what BuildKit reads from a Dockerfile,
 * checked with the parser rather than with the rule that made the fix. Each instruction is read
 * as BuildKit's dispatchers read it — the `Node.Dump()` arguments for commands (RUN, CMD,
 * ENTRYPOINT, SHELL, HEALTHCHECK are never expanded) and the expanded words of everything else
 * (moby/buildkit frontend/dockerfile/instructions/parse.go, dockerfile2llb `dispatch*`, through
 * `expand`, which passes BuildKit's shell tests) — and the two files must read alike, but for
 * what the rule's `meta.fixChanges` says its fixes may change.
 */
import { type Dockerfile, type Instruction, dump, expand, parse } from "@dfbuild/parser";
import type { FixChange } from "../types.js";

/** What BuildKit reads from one instruction, as plain values. */
export interface InstructionMeaning {
  keyword: string;
  /** `[name, value]` of each flag, the value expanded; stage names (`--from`) lower-cased. */
  flags: [string, string | null][];
  /** Exec form (JSON) or shell form, for the commands. */
  json?: boolean;
  values: unknown[];
  /** `[name, content, expand, chomp, fileDescriptor]` of each heredoc. */
  heredocs: [string, string, boolean, boolean, number][];
}

export interface FileMeaning {
  /** `# escape=` and the other parser directives, as `[name, value]`. */
  directives: [string, string][];
  instructions: InstructionMeaning[];
}

/**
 * Every variable expands to a marker of its own name, so `$A` and `$B` stay apart and
 * `${A:-x}` reads the same on both sides.
 */
const markers = (name: string): string => `\u27e8${name}\u27e9`;

function expanded(word: string, escape: string): string {
  const result = expand(word, markers, { escape });
  // A word BuildKit would refuse to expand is compared as written.
  return result.ok ? result.value : `\u27e6${word}\u27e7`;
}

const COMMANDS = new Set(["Run", "Cmd", "Entrypoint", "Shell", "Healthcheck"]);

function instructionMeaning(instruction: Instruction, escape: string, stages: Set<string>): InstructionMeaning {
  const flags = instruction.flags.map((flag): [string, string | null] => {
    const value = flag.value === null ? null : expanded(flag.value, escape);
    // BuildKit finds stages by their lower-cased names (dockerfile2llb: `strings.ToLower`), for
    // COPY --from and for a RUN --mount's from= field alike.
    if (value === null) return [flag.name, null];
    if (flag.name === "from") return [flag.name, value.toLowerCase()];
    if (flag.name === "mount") return [flag.name, value.replace(/(^|,)(from=)([^,]*)/i, (_match, head: string, key: string, stage: string) => `${head}${key}${stage.toLowerCase()}`)];
    return [flag.name, value];
  });
  const heredocs = instruction.heredocs.map((heredoc): [string, string, boolean, boolean, number] => [heredoc.name, heredoc.content, heredoc.expand, heredoc.chomp, heredoc.fileDescriptor]);
  const base = { keyword: instruction.keyword.name, flags, heredocs };
  switch (instruction.type) {
    case "From": {
      const image = instruction.image === null ? null : expanded(instruction.image.value, escape);
      const stage = instruction.stageName === null ? null : expanded(instruction.stageName.value, escape).toLowerCase();
      if (stage !== null) stages.add(stage);
      return { ...base, values: [image !== null && stages.has(image.toLowerCase()) ? image.toLowerCase() : image, stage] };
    }
    case "Env":
    case "Label":
      return { ...base, values: instruction.pairs.map((pair) => [expanded(pair.key.value, escape), expanded(pair.value.value, escape)]) };
    case "Arg":
      return { ...base, values: instruction.args.map((arg) => [expanded(arg.name.value, escape), arg.value === null ? null : expanded(arg.value.value, escape)]) };
    case "Onbuild":
      return { ...base, values: instruction.trigger === null ? [] : [instructionMeaning(instruction.trigger, escape, new Set())] };
    case "Maintainer":
      return { ...base, values: [instruction.maintainer?.value ?? ""] };
    default:
      if (COMMANDS.has(instruction.type)) return { ...base, json: instruction.json, values: instruction.arguments.map((argument) => argument.value) };
      return { ...base, values: instruction.arguments.map((argument) => expanded(argument.value, escape)) };
  }
}

/** What BuildKit reads from a parsed file. */
export function fileMeaning(ast: Dockerfile): FileMeaning {
  const stages = new Set<string>();
  return {
    directives: ast.directives.map((directive) => [directive.name, directive.value]),
    instructions: ast.instructions.map((instruction) => instructionMeaning(instruction, ast.escape, stages)),
  };
}

/** A RUN, or the RUN an ONBUILD triggers. */
function runOf(instruction: InstructionMeaning): InstructionMeaning | undefined {
  if (instruction.keyword === "RUN") return instruction;
  const trigger = instruction.keyword === "ONBUILD" ? (instruction.values[0] as InstructionMeaning | undefined) : undefined;
  return trigger?.keyword === "RUN" ? trigger : undefined;
}

/** The words of the RUN commands (their heredoc bodies included), in order. */
function runWords(meaning: FileMeaning): string[] {
  return meaning.instructions
    .flatMap((instruction) => {
      const run = runOf(instruction);
      return run === undefined ? [] : [...run.values.map(String), ...run.heredocs.map((heredoc) => heredoc[1])];
    })
    .flatMap((text) => text.split(/\s+/))
    .filter((word) => word !== "" && word !== "\\");
}

/** A RUN without its command and heredoc bodies: its flags, form and heredoc names stay. */
function withoutCommand(run: InstructionMeaning): InstructionMeaning {
  return { ...run, values: [], heredocs: run.heredocs.map(([name, , expand, chomp, fd]) => [name, "", expand, chomp, fd]) };
}

function isSubsequence(short: readonly string[], long: readonly string[]): boolean {
  let at = 0;
  for (const word of long) if (at < short.length && word === short[at]) at++;
  return at === short.length;
}

/** Both sides, with what a declared change may change made alike. */
function normalized(meaning: FileMeaning, changes: ReadonlySet<FixChange>): FileMeaning {
  let instructions = meaning.instructions;
  if (changes.has("maintainer-label")) {
    // `MAINTAINER v` and `LABEL maintainer="v"` (moby: MAINTAINER sets the image's Author; the
    // label is what BuildKit's MaintainerDeprecated check asks for instead).
    instructions = instructions.map((instruction) =>
      instruction.keyword === "MAINTAINER" ? { ...instruction, keyword: "LABEL", values: [["maintainer", instruction.values[0]]] } : instruction,
    );
  }
  if (changes.has("from-target-platform")) {
    // `FROM --platform=$TARGETPLATFORM` is what a FROM without the flag builds for.
    const target = markers("TARGETPLATFORM");
    instructions = instructions.map((instruction) =>
      instruction.keyword === "FROM" ? { ...instruction, flags: instruction.flags.filter(([name, value]) => !(name === "platform" && value === target)) } : instruction,
    );
  }
  if (changes.has("run-commands")) {
    // The commands themselves are compared word by word (runWords); here each RUN keeps its flags
    // and form, and RUNs in a row with the same ones read as one.
    const merged: InstructionMeaning[] = [];
    for (const instruction of instructions) {
      const run = runOf(instruction);
      const entry = run === undefined ? instruction : run === instruction ? withoutCommand(run) : { ...instruction, values: [withoutCommand(run)] };
      const previous = merged.at(-1);
      if (run !== undefined && previous !== undefined && JSON.stringify(previous) === JSON.stringify(entry)) continue;
      merged.push(entry);
    }
    instructions = merged;
  }
  return { ...meaning, instructions };
}

/**
 * Null when `after` reads as `before` but for the declared changes; otherwise what differs. Both
 * texts must parse (a fix that breaks parsing is reported as such).
 */
export function fixMeaningChange(before: string, after: string, changes: readonly FixChange[]): string | null {
  const original = parse(before);
  const fixed = parse(after);
  const errors = (diagnostics: typeof original.diagnostics): number => diagnostics.filter((diagnostic) => diagnostic.severity === "error" && diagnostic.stage === "parse").length;
  if (errors(fixed.diagnostics) > errors(original.diagnostics)) return "the fixed file has parse errors the original did not have";
  const allowed = new Set(changes);
  const was = fileMeaning(original.ast);
  const is = fileMeaning(fixed.ast);
  if (allowed.has("run-commands") && !isSubsequence(runWords(was), runWords(is))) {
    return `a RUN command lost or reordered words:\n  before: ${runWords(was).join(" ")}\n  after:  ${runWords(is).join(" ")}`;
  }
  const left = normalized(was, allowed);
  const right = normalized(is, allowed);
  if (JSON.stringify(left.directives) !== JSON.stringify(right.directives)) return `the directives changed: ${JSON.stringify(left.directives)} → ${JSON.stringify(right.directives)}`;
  const count = Math.max(left.instructions.length, right.instructions.length);
  for (let i = 0; i < count; i++) {
    const a = JSON.stringify(left.instructions[i] ?? null);
    const b = JSON.stringify(right.instructions[i] ?? null);
    if (a !== b) return `instruction ${String(i + 1)} changed:\n  before: ${a}\n  after:  ${b}\n  (BuildKit dumps:\n${dump(original.ast)}\n---\n${dump(fixed.ast)})`;
  }
  return null;
}
