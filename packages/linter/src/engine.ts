import { type Instruction, type ParseResult, type Range, type SemanticModel, parse } from "@dfbuild/parser";
import { type LintConfig, defaultConfig } from "./config.js";
import { Directives } from "./directives.js";
import { LintFile } from "./file.js";
import { InstructionScopeFile, RuleScopeError } from "./instruction-scope.js";
import { RunMentions } from "./mentions.js";
import type { InstructionFindings, LintCache, RelativeFinding, StageFindings, StageRelativeFinding } from "./lint-cache.js";
import { type Fix, RuleFixer, applyFixes, normalizeFix } from "./fixer.js";
import type { RuleRegistry } from "./registry.js";
import { ScriptsBySource } from "./shell/by-source.js";
import { shellFormOf } from "./shell/index.js";
import type { ShellScript } from "./shell/script.js";
import { presetLevel } from "./presets.js";
import type { AnyRule, Finding, LintResult, ReportDescriptor, RuleContext, RuleLevel, RuleMeta, RuleSettings, Severity, VisitInfo, Visitor } from "./types.js";

export interface LintOptions {
  registry: RuleRegistry;
  config?: LintConfig;
  /** Shown in findings and reports. */
  filePath?: string;
  /** Run only these rules (ids); the core findings (parse errors, bad directives) always run. */
  only?: readonly string[];
  /**
   * The text of the `.dockerignore` a build of this file would use (BuildKit's CopyIgnoredFile
   * check reads it); absent when there is none or the build context is not known.
   */
  dockerignore?: string;
  /**
   * `parse(text)` (of the text after a byte-order mark), when the caller has it: the tree is
   * shared, not parsed again. An editor parses each version once for all its features.
   */
  parsed?: ParseResult;
  /** `analyze(parsed.ast)`, when the caller has it too. */
  semantic?: SemanticModel;
  /**
   * Findings of instruction-scoped rules kept between lints of successive versions of one file:
   * with it, those rules re-check only the instructions whose source changed (see `LintCache`).
   */
  cache?: LintCache;
}

const MAX_FIX_PASSES = 10;
/** Parsed shell scripts kept at once: the instruction being visited and its neighbours. */
const RECENT_SCRIPTS = 8;

/**
 * Message templates split at their `{{ placeholders }}` once each: the text pieces at even
 * indexes, the placeholder at odd ones as [key, its source] (kept when the data has no such key).
 */
const compiledTemplates = new Map<string, (string | readonly [string, string])[]>();

function compileTemplate(template: string): (string | readonly [string, string])[] {
  let compiled = compiledTemplates.get(template);
  if (compiled === undefined) {
    compiled = [];
    const placeholder = /\{\{\s*(\w+)\s*\}\}/g;
    let from = 0;
    for (let match = placeholder.exec(template); match !== null; match = placeholder.exec(template)) {
      compiled.push(template.slice(from, match.index), [match[1] ?? "", match[0]]);
      from = match.index + match[0].length;
    }
    compiled.push(template.slice(from));
    // Templates are rules' messages, a few hundred; a host passing made-up ones cannot grow this without end.
    if (compiledTemplates.size >= 4096) compiledTemplates.clear();
    compiledTemplates.set(template, compiled);
  }
  return compiled;
}

/** A message from its template: `{{ key }}` becomes `data[key]`; a key the data lacks stays as written. */
export function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  const compiled = compileTemplate(template);
  if (compiled.length === 1) return template;
  let out = "";
  for (const piece of compiled) {
    if (typeof piece === "string") out += piece;
    // The data's own keys only: `{{constructor}}` with no such key stays as written.
    else out += data && Object.hasOwn(data, piece[0]) ? String(data[piece[0]]) : piece[1];
  }
  return out;
}

/** A rule's level under a configuration: what it sets for the rule, else what its preset says. */
export function levelFor(rule: AnyRule, config: LintConfig): RuleLevel {
  return config.levels.get(rule.meta.id) ?? presetLevel(rule, { name: config.preset, version: config.presetVersion });
}

const BOM = "\uFEFF";

/** The source line BuildKit reports an instruction's empty continuation line on: its last command line. */
function lastCommandLine(file: LintFile, instruction: Instruction): Range {
  let last = instruction.keyword.range;
  for (const token of instruction.tokens) {
    if (token.type === "HeredocStart" || token.type === "InstructionEnd") break;
    if (token.type !== "EmptyContinuationLine" && token.type !== "Continuation" && token.type !== "Whitespace") last = token.range;
  }
  const lineStart = file.lines.lineStart(last.end.line);
  const first = instruction.tokens.find((token) => token.range.start.line === last.end.line && token.type !== "Whitespace");
  return file.lines.range(Math.max(lineStart, first?.range.start.offset ?? lineStart), last.end.offset);
}

/**
 * Lints one Dockerfile. Never throws for bad input: parse errors are findings with exact ranges.
 * A leading UTF-8 byte-order mark is not part of the text linted (BuildKit drops it too), so
 * positions and fix offsets count from the first character after it, as editors show the file.
 */
export function lintText(text: string, options: LintOptions): LintResult {
  if (text.startsWith(BOM)) return lintText(text.slice(1), options);
  const config = options.config ?? defaultConfig();
  const filePath = options.filePath ?? "<text>";
  const { registry } = options;
  const only = options.only ? new Set(options.only) : null;
  const { ast, diagnostics } = options.parsed ?? parse(text);
  const directives = new Directives(ast, registry, { inlineIgnores: config.inlineIgnores });
  const levels = new Map<AnyRule, RuleLevel>();
  // Rules off but for a `# check=experimental=…` comment: their findings count only where it applies.
  const offButExperimental = new Set<AnyRule>();
  for (const rule of registry.rules) {
    let level = levelFor(rule, config);
    if (level === "off") offButExperimental.add(rule);
    // `# check=experimental=…` turns on an experimental BuildKit check, unless configured off.
    if (level === "off" && !config.levels.has(rule.meta.id) && directives.enablesExperimental(rule, null)) level = rule.meta.severity;
    levels.set(rule, level);
  }
  const unavailableRules: { id: string; reason: string }[] = [];
  const active = registry.rules.filter((rule) => {
    if (levels.get(rule) === "off" || (only !== null && !only.has(rule.meta.id))) return false;
    const reason = rule.meta.unavailable?.() ?? null;
    if (reason !== null) unavailableRules.push({ id: rule.meta.id, reason });
    return reason === null;
  });
  const file = new LintFile(text, ast, diagnostics, filePath, { dockerignore: options.dockerignore, semantic: options.semantic });
  const settings: RuleSettings = {
    trustedRegistries: config.trustedRegistries,
    preset: config.preset,
    labelSchema: config.labelSchema,
    strictLabels: config.strictLabels,
  };

  const fileRules = active.filter((rule) => (rule.meta.scope ?? "file") === "file");
  const stageRules = active.filter((rule) => rule.meta.scope === "stage");
  const instructionRules = active.filter((rule) => rule.meta.scope === "instruction");
  // Which RUNs each rule's visitor can care about (`meta.mentions`), answered for all in one pass per RUN.
  const mentions = new RunMentions(active);
  const { cache } = options;
  // Anything else the cached rules' findings depend on: a change starts the cache afresh.
  cache?.begin([registry, config, filePath, options.dockerignore, ast.escape, ...instructionRules, "stage", ...stageRules]);

  // Shell scripts are parsed when a rule first asks for one. The walk visits one instruction at
  // a time (every rule at it, then the next), so only the scripts around it are kept: a file with
  // hundreds of thousands of RUNs never holds all their parses at once. A rule asking again for a
  // script that left the window gets an equal parse.
  // With a cache, an editor's, the parses are kept with their nodes (see `LintCache.script`);
  // without, an instruction written like a recent one gets its parse, moved (`ScriptsBySource`).
  const recentScripts = new Map<Instruction, ShellScript | null>();
  const bySource = new ScriptsBySource(text, file.lines);
  const scriptOf = (instruction: Instruction): ShellScript | null => {
    let script = recentScripts.get(instruction);
    if (script === undefined) {
      script = cache ? cache.script(instruction, file.lines, text) : bySource.script(instruction);
      if (recentScripts.size >= RECENT_SCRIPTS) {
        // The oldest entry: a Map keeps insertion order.
        for (const oldest of recentScripts.keys()) {
          recentScripts.delete(oldest);
          break;
        }
      }
      recentScripts.set(instruction, script);
    }
    return script;
  };
  // A trigger of ONBUILD gets its script only for the rules that check those.
  const triggers = new Set<Instruction>();
  for (const instruction of ast.instructions) if (instruction.type === "Onbuild" && instruction.trigger) triggers.add(instruction.trigger);
  // The instruction the walk is at and its script, for the whole-file and stage-scoped rules:
  // every rule asks for the script of the instruction it visits, so that answer is kept at hand,
  // with the one asked for before it (a rule comparing an instruction with the one before it, as
  // consecutive-run does, asks for both in turn).
  let current: Instruction | null = null;
  let currentScript: ShellScript | null = null;
  let other: Instruction | null = null;
  let otherScript: ShellScript | null = null;
  const sharedScript = (instruction: Instruction): ShellScript | null => {
    if (instruction !== current) {
      const script = instruction === other ? otherScript : scriptOf(instruction);
      other = current;
      otherScript = currentScript;
      current = instruction;
      currentScript = script;
    }
    return currentScript;
  };
  // What `context.shell` gives a whole-file or stage-scoped rule: the script of an instruction
  // its own `meta.shell` (or `meta.mentions`) says it reads, never one only another rule asked for.
  // One per rule, whichever stage its visitor is created for.
  const shells = new Map<AnyRule, (instruction: Instruction) => ShellScript | null>();
  const shellFor = (rule: AnyRule): ((instruction: Instruction) => ShellScript | null) => {
    let shell = shells.get(rule);
    if (shell === undefined) {
      const onbuild = rule.meta.onbuild === true;
      shell = (instruction) => ((onbuild || !triggers.has(instruction)) && readsScript(rule, instruction, file, mentions) ? sharedScript(instruction) : null);
      shells.set(rule, shell);
    }
    return shell;
  };

  const findings: Finding[] = [];
  const fixer = new RuleFixer();

  const push = (
    rule: AnyRule,
    finding: Omit<Finding, "ruleId" | "aliases" | "severity">,
    how: { ignorable?: boolean; checkedAt?: Instruction | null; severity?: Severity } = {},
  ) => {
    const ruleLevel = levels.get(rule) ?? "off";
    if (ruleLevel === "off") return;
    const { code } = finding;
    // A code's configured level, then the rule's configured level, then the finding's own
    // severity (ShellCheck's), then the preset's.
    const level = (code === undefined ? undefined : config.codeLevels.get(code)) ?? config.levels.get(rule.meta.id) ?? how.severity ?? ruleLevel;
    if (level === "off") return;
    const site = { offset: finding.range.start.offset, checkedAt: how.checkedAt, code };
    if (how.ignorable !== false && directives.suppresses(rule, site)) return;
    // An experimental check switched on by a comment counts only where that comment applies.
    if (offButExperimental.has(rule) && !directives.enablesExperimental(rule, site)) return;
    const severity = directives.makesErrors(rule) ? "error" : level;
    findings.push(completeFinding(rule.meta.id, code === undefined ? (rule.meta.aliases ?? NO_ALIASES) : [code], severity, finding));
  };

  const parseRule = registry.get("parse-error");
  const emptyContinuationRule = registry.get("no-empty-continuation");
  let byStart: Map<number, Instruction> | null = null;
  for (const diagnostic of diagnostics) {
    if (diagnostic.code === "no-empty-continuation") {
      byStart ??= new Map(ast.instructions.map((each) => [each.range.start.offset, each]));
      const instruction = byStart.get(diagnostic.range.start.offset);
      if (!emptyContinuationRule || !instruction) continue;
      const empty = instruction.tokens.filter((token) => token.type === "EmptyContinuationLine").map((token) => token.range.start.line);
      const template = emptyContinuationRule.meta.messages.empty ?? "";
      // BuildKit runs this check over the whole file: only the file's `# check` directive skips it.
      push(
        emptyContinuationRule,
        { message: interpolate(template, { lines: empty.join(", "), keyword: instruction.keyword.name }), messageId: "empty", range: lastCommandLine(file, instruction) },
        { checkedAt: null },
      );
      continue;
    }
    // Parse errors cannot be ignored inline (as in hadolint).
    if (parseRule) push(parseRule, { message: diagnostic.message, messageId: "parseError", range: diagnostic.range }, { ignorable: false });
  }
  const directiveRule = registry.get("invalid-directive");
  if (directiveRule) {
    for (const problem of directives.problems) push(directiveRule, { message: problem.message, messageId: "problem", range: problem.range });
  }

  // Whole-file rules: created once, they see the whole tree and the semantic model.
  const running: Running[] = [];
  for (const rule of fileRules) {
    const { meta } = rule;
    const context: RuleContext = {
      id: meta.id,
      file,
      settings,
      shell: shellFor(rule),
      report(descriptor: ReportDescriptor<string>) {
        const finding = findingOf(rule, descriptor, fixer);
        push(rule, finding, { checkedAt: descriptor.checkedAt, severity: descriptor.severity });
      },
    };
    try {
      running.push({ rule, visitor: rule.create(context), crashed: false });
    } catch (error) {
      // One broken rule must not hide the other findings, nor crash a whole lint run.
      findings.push(crashFinding(rule, error, file));
    }
  }

  // Instruction-scoped rules: each instruction's findings, made afresh or reused from the cache.
  const checker = new InstructionChecker(instructionRules, file, settings, fixer, scriptOf, mentions);
  const crashed = new Map<AnyRule, string>();
  let previousEnd = 0;
  const checkInstruction = (child: Instruction) => {
    const start = child.range.start.offset;
    const end = child.range.end.offset;
    const spanStart = previousEnd;
    previousEnd = end;
    if (instructionRules.length === 0) return;
    const lineEnd = text.indexOf("\n", end);
    const spanEnd = lineEnd < 0 ? text.length : lineEnd + 1;
    let key = "";
    let found: InstructionFindings | undefined;
    if (cache) {
      key = text.slice(spanStart, spanEnd);
      // Rules with `meta.facts` add what they read of the rest of the file (JSON: no NUL in it).
      if (checker.hasFacts) key = `${checker.factsOf(child)}\u0000${key}`;
      found = cache.get(key);
    }
    if (!found) {
      found = checker.check(child, spanStart, spanEnd);
      cache?.set(key, found);
    }
    for (const each of found.findings) {
      const finding = placedBody(each, start, file);
      const checkedAt = each.checkedAt === "instruction" ? child : each.checkedAt === "trigger" ? (child.type === "Onbuild" ? child.trigger : null) : each.checkedAt;
      push(each.rule, finding, { checkedAt, ...(each.severity === undefined ? {} : { severity: each.severity }) });
    }
    for (const crash of found.crashes) if (!crashed.has(crash.rule)) crashed.set(crash.rule, crash.message);
  };

  // Stage-scoped rules: each stage's findings, made afresh or reused from the cache.
  const stageChecker = stageRules.length === 0 ? null : new StageChecker(stageRules, file, settings, fixer, shellFor, push, crashed, cache, mentions);

  // One walk: at each node every whole-file rule, then the stage- and instruction-scoped ones.
  walk(running, file, mentions, (rule, error) => findings.push(crashFinding(rule, error, file)), (child) => {
    stageChecker?.check(child);
    checkInstruction(child);
  });
  cache?.end();
  for (const { rule, error } of checker.unusable) if (!crashed.has(rule)) crashed.set(rule, error.message);
  for (const [rule, message] of crashed) findings.push(crashFinding(rule, new Error(message), file));

  sortFindings(findings);
  const parseFailed = diagnostics.some((diagnostic) => diagnostic.severity === "error");
  return { filePath, source: text, findings, parseFailed, ...(unavailableRules.length > 0 ? { unavailableRules } : {}) };
}

/**
 * Whether `rule` reads the shell parse of `instruction` (`meta.shell`): with `meta.mentions`, only
 * where the instruction's command holds one of them (the condition its visitor is called on), and
 * then where its filter, if it has one, says so too (a condition beyond the text, as
 * copy-before-install's COPY before the RUN).
 */
function readsScript(rule: AnyRule, instruction: Instruction, file: LintFile, mentions: RunMentions): boolean {
  const { shell } = rule.meta;
  if (shell === undefined || shellFormOf(instruction) === null) return false;
  if (rule.meta.mentions !== undefined && !mentions.holds(rule, instruction)) return false;
  return shell === true || shell(instruction, file);
}

type FindingBody = Omit<Finding, "ruleId" | "aliases" | "severity">;

/**
 * Sorts findings by start, end, then rule id (a stable sort). Positions are computed when read:
 * each finding's offsets are read once, into arrays. The walk makes most findings in order
 * already (300,000 consecutive-run findings on as many RUNs): those are left as they are.
 */
function sortFindings(findings: Finding[]): void {
  const count = findings.length;
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  // Ties by rule id, compared by code unit: ids are ASCII, and localeCompare would load ICU's
  // collator, milliseconds of every pre-commit hook run.
  const compare = (a: number, b: number): number => {
    const ruleA = findings[a]?.ruleId ?? "";
    const ruleB = findings[b]?.ruleId ?? "";
    return (starts[a] ?? 0) - (starts[b] ?? 0) || (ends[a] ?? 0) - (ends[b] ?? 0) || (ruleA < ruleB ? -1 : ruleA > ruleB ? 1 : 0);
  };
  let sorted = true;
  for (let index = 0; index < count; index++) {
    const range = findings[index]?.range;
    starts[index] = range?.start.offset ?? 0;
    ends[index] = range?.end.offset ?? 0;
    if (sorted && index > 0 && compare(index - 1, index) > 0) sorted = false;
  }
  if (sorted) return;
  const order = Array.from({ length: count }, (_, index) => index).sort(compare);
  const before = findings.slice();
  order.forEach((from, index) => {
    const finding = before[from];
    if (finding) findings[index] = finding;
  });
}

const NO_ALIASES: readonly string[] = [];

/**
 * A finding from what a rule reported: `{ ruleId, aliases, severity, ...body }`, with the usual
 * shapes written out as literals. A spread into a literal puts the copied fields in a separate
 * property store, and large files keep hundreds of thousands of findings.
 */
function completeFinding(ruleId: string, aliases: readonly string[], severity: Severity, body: FindingBody): Finding {
  const { message, messageId, range, code, fix, suggestions } = body;
  if (messageId !== undefined && code === undefined && suggestions === undefined) {
    const keys = Object.keys(body).length;
    if (fix === undefined && keys === 3) return { ruleId, aliases, severity, message, messageId, range };
    if (fix !== undefined && keys === 4) return { ruleId, aliases, severity, message, messageId, range, fix };
  }
  return { ruleId, aliases, severity, ...body };
}

/** What a rule reported, as a finding: its message, range, fix and suggestions. */
function findingOf(rule: AnyRule, descriptor: ReportDescriptor<string>, fixer: RuleFixer): FindingBody {
  const { meta } = rule;
  const template = meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${descriptor.messageId}"`);
  const range: Range | undefined = descriptor.range ?? descriptor.node?.range;
  if (!range) throw new Error(`rule ${meta.id} reported without a node or range`);
  const finding: FindingBody = {
    message: interpolate(template, descriptor.data),
    messageId: descriptor.messageId,
    range,
    ...(descriptor.code === undefined ? {} : { code: descriptor.code }),
  };
  if (descriptor.fix) {
    if (!meta.fixable) throw new Error(`rule ${meta.id} reported a fix but meta.fixable is not set`);
    const produced = descriptor.fix(fixer);
    // One edit needs no sorting nor overlap check (most fixes are one).
    if (produced) finding.fix = Array.isArray(produced) ? normalizeFix(produced as Fix[]) : [produced as Fix];
  }
  if (descriptor.suggest && descriptor.suggest.length > 0) {
    if (!meta.hasSuggestions) throw new Error(`rule ${meta.id} reported suggestions but meta.hasSuggestions is not set`);
    finding.suggestions = [];
    for (const suggestion of descriptor.suggest) {
      const produced = suggestion.fix(fixer);
      if (!produced) continue;
      const suggestionTemplate = meta.messages[suggestion.messageId];
      if (suggestionTemplate === undefined) throw new Error(`rule ${meta.id} suggested unknown messageId "${suggestion.messageId}"`);
      finding.suggestions.push({
        message: interpolate(suggestionTemplate, suggestion.data),
        fix: normalizeFix(Array.isArray(produced) ? (produced as Fix[]) : [produced as Fix]),
      });
    }
  }
  return finding;
}

function crashFinding(rule: AnyRule, error: unknown, file: LintFile): Finding {
  const message = error instanceof Error ? error.message : String(error);
  return {
    ruleId: rule.meta.id,
    aliases: rule.meta.aliases ?? [],
    severity: "error",
    message: `Rule ${rule.meta.id} crashed on this file: ${message}. Please report this with the Dockerfile.`,
    range: file.lines.range(0, 0),
  };
}

function shiftFix(fix: readonly Fix[], by: number): Fix[] {
  return fix.map((edit) => ({ range: [edit.range[0] + by, edit.range[1] + by], text: edit.text }));
}

/** What a cached finding keeps of a finding: its offsets (and its fixes') relative to `base`. */
type CachedBody = Omit<RelativeFinding, "rule" | "checkedAt" | "severity">;

/** A finding relative to `base`, and whether it (its range and every edit) lies within `[spanStart, spanEnd]`: outside, it is not reusable. */
function relativeBody(finding: FindingBody, messageId: string, base: number, spanStart: number, spanEnd: number): { body: CachedBody; inside: boolean } {
  const start = finding.range.start.offset;
  const end = finding.range.end.offset;
  const within = (offset: number) => offset >= spanStart && offset <= spanEnd;
  const edits = [...(finding.fix ?? []), ...(finding.suggestions ?? []).flatMap((suggestion) => suggestion.fix)];
  const inside = within(start) && within(end) && edits.every((edit) => within(edit.range[0]) && within(edit.range[1]));
  const body: CachedBody = {
    message: finding.message,
    messageId,
    start: start - base,
    end: end - base,
    ...(finding.code === undefined ? {} : { code: finding.code }),
    ...(finding.fix === undefined ? {} : { fix: shiftFix(finding.fix, -base) }),
    ...(finding.suggestions === undefined ? {} : { suggestions: finding.suggestions.map((suggestion) => ({ message: suggestion.message, fix: shiftFix(suggestion.fix, -base) })) }),
  };
  return { body, inside };
}

/** A cached finding placed back in the file at `base`. */
function placedBody(each: CachedBody, base: number, file: LintFile): FindingBody {
  return {
    message: each.message,
    messageId: each.messageId,
    range: file.lines.range(base + each.start, base + each.end),
    ...(each.code === undefined ? {} : { code: each.code }),
    ...(each.fix === undefined ? {} : { fix: shiftFix(each.fix, base) }),
    ...(each.suggestions === undefined ? {} : { suggestions: each.suggestions.map((suggestion) => ({ message: suggestion.message, fix: shiftFix(suggestion.fix, base) })) }),
  };
}

/** Node types a visitor may name that are not instructions: an instruction-scoped rule may not. */
const FILE_VISITS = ["Dockerfile", "Dockerfile:exit", "Comment", "Directive"] as const;

/** An instruction-scoped rule, its context (with its restricted view of the file), and the instruction types its visitor names. */
interface CheckedRule {
  rule: AnyRule;
  context: RuleContext;
  visits: ReadonlySet<string> | RuleScopeError | Error;
}

/**
 * Runs the instruction-scoped rules on one top-level instruction (and its ONBUILD trigger) at a
 * time. Each rule is created afresh for each instruction it visits, so no state crosses from one
 * instruction to another, and sees the file through `InstructionScopeFile`, which refuses what
 * depends on other instructions. Findings come out relative to the instruction's start.
 */
class InstructionChecker {
  /** Per rule: its context (with its restricted view of the file), and the instruction types its visitor names. */
  readonly #rules: CheckedRule[];
  #current: { found: InstructionFindings; instruction: Instruction; base: number; spanStart: number; spanEnd: number } | null = null;
  /** The `meta.facts` of each rule that has them, about the instruction `factsOf` was last asked about (and its trigger). */
  readonly #facts = new Map<AnyRule, { of: Instruction; own?: string | Error; trigger?: string | Error }>();
  /** Per instruction type, the entries of `#rules` that visit it (see `#rulesVisiting`). */
  readonly #byType = new Map<string, CheckedRule[]>();
  /** Whether a rule has `meta.facts`: the findings then depend on `factsOf` as well as on the source. */
  readonly hasFacts: boolean;

  constructor(
    rules: readonly AnyRule[],
    private readonly file: LintFile,
    private readonly settings: RuleSettings,
    private readonly fixer: RuleFixer,
    private readonly scriptOf: (instruction: Instruction) => ShellScript | null,
    private readonly mentions: RunMentions,
  ) {
    this.#rules = rules.map((rule) => {
      const view = new InstructionScopeFile(file, rule.meta.id);
      // One context per rule serves every instruction: what it reports goes to the instruction
      // being checked (`#current`), so only the visitor is created afresh.
      const context = this.#context(rule, view);
      // Which instruction types the rule visits: its visitor's keys, which must not depend on the
      // instruction (a rule that decides what to visit from the file cannot be instruction-scoped).
      let visits: ReadonlySet<string> | Error;
      try {
        const keys = Object.keys(rule.create(context));
        const fileVisit = FILE_VISITS.find((key) => keys.includes(key));
        visits = fileVisit === undefined ? new Set(keys) : new RuleScopeError(rule.meta.id, `has a "${fileVisit}" visitor`);
      } catch (error) {
        visits = error instanceof Error ? error : new Error(String(error));
      }
      return { rule, context, visits };
    });
    this.hasFacts = rules.some((rule) => rule.meta.facts);
  }

  #context(rule: AnyRule, view: InstructionScopeFile): RuleContext {
    const { meta } = rule;
    return {
      id: meta.id,
      file: view,
      settings: this.settings,
      // The shell parse of what this rule's own `meta.shell` asks for: nothing another rule asked.
      shell: (instruction) => (readsScript(rule, instruction, view, this.mentions) ? this.scriptOf(instruction) : null),
      report: (descriptor) => {
        const current = this.#current;
        if (!current) throw new Error(`rule ${meta.id} reported outside a visit`);
        const finding = findingOf(rule, descriptor, this.fixer);
        const { found, base, spanStart, spanEnd, instruction } = current;
        const { body, inside } = relativeBody(finding, finding.messageId ?? descriptor.messageId, base, spanStart, spanEnd);
        if (!inside) found.reusable = false;
        const trigger = instruction.type === "Onbuild" ? instruction.trigger : null;
        const { checkedAt } = descriptor;
        const relative: RelativeFinding = {
          rule,
          ...body,
          checkedAt: checkedAt === instruction ? "instruction" : checkedAt !== undefined && checkedAt !== null && checkedAt === trigger ? "trigger" : checkedAt,
          ...(descriptor.severity === undefined ? {} : { severity: descriptor.severity }),
        };
        if (typeof relative.checkedAt === "object" && relative.checkedAt !== null) found.reusable = false;
        found.findings.push(relative);
      },
    };
  }

  /**
   * What the findings on `instruction` depend on besides its source: the `meta.facts` of every
   * rule that visits it (or its ONBUILD trigger), computed with the whole file, as JSON ("" when
   * no such rule visits it). A rule whose `facts` throws crashes on the instruction.
   */
  factsOf(instruction: Instruction): string {
    const key = this.#askFacts(instruction);
    return key.length === 0 ? "" : JSON.stringify(key);
  }

  /**
   * Asks every rule with `meta.facts` that visits `instruction` (or its trigger) for them, keeps
   * the answers for `check`, and returns each distinct answer once, in order (`factsOf` makes
   * them the cache's key; without a cache, no key is made).
   */
  #askFacts(instruction: Instruction): string[] {
    const trigger = instruction.type === "Onbuild" ? instruction.trigger : null;
    const key: string[] = [];
    // Rules often share a facts function (the layer rules do): each is asked once per node.
    const askedOwn = new Map<unknown, string | Error>();
    const askedTrigger = new Map<unknown, string | Error>();
    const ask = (facts: NonNullable<RuleMeta["facts"]>, node: Instruction, onbuild: Extract<Instruction, { type: "Onbuild" }> | null): string | Error => {
      const asked = onbuild === null ? askedOwn : askedTrigger;
      let fact = asked.get(facts);
      if (fact === undefined) {
        try {
          fact = facts(node, { onbuild }, this.file, this.settings);
        } catch (error) {
          fact = error instanceof Error ? error : new Error(String(error));
        }
        asked.set(facts, fact);
        key.push(typeof fact === "string" ? fact : `\u0000${fact.message}`);
      }
      return fact;
    };
    for (const { rule, visits } of this.#rules) {
      const { facts } = rule.meta;
      if (!facts || visits instanceof Error) continue;
      const entry: { of: Instruction; own?: string | Error; trigger?: string | Error } = { of: instruction };
      // Not for a RUN the rule's visitor is not called on (`meta.mentions`).
      if (visits.has(instruction.type) && this.mentions.passes(rule, instruction)) entry.own = ask(facts, instruction, null);
      if (trigger !== null && instruction.type === "Onbuild" && rule.meta.onbuild === true && visits.has(trigger.type) && this.mentions.passes(rule, trigger)) {
        entry.trigger = ask(facts, trigger, instruction);
      }
      this.#facts.set(rule, entry);
    }
    return key;
  }

  /** Rules that could not be created, or whose visitor is not instruction-scoped: what they threw. */
  get unusable(): { rule: AnyRule; error: Error }[] {
    return this.#rules.flatMap(({ rule, visits }) => (visits instanceof Error ? [{ rule, error: visits }] : []));
  }

  /**
   * The rules whose visitor names `type`, in rule order (made when first asked): most visit a few
   * of the instruction types, and a file has tens of thousands of instructions.
   */
  #rulesVisiting(type: string): CheckedRule[] {
    let list = this.#byType.get(type);
    if (list === undefined) {
      list = this.#rules.filter(({ visits }) => !(visits instanceof Error) && visits.has(type));
      this.#byType.set(type, list);
    }
    return list;
  }

  /** The findings of every instruction-scoped rule on `instruction`, whose source is `[spanStart, spanEnd)`. */
  check(instruction: Instruction, spanStart: number, spanEnd: number): InstructionFindings {
    const found: InstructionFindings = { findings: [], crashes: [], reusable: true };
    const trigger = instruction.type === "Onbuild" ? instruction.trigger : null;
    this.#current = { found, instruction, base: instruction.range.start.offset, spanStart, spanEnd };
    // Only an ONBUILD's trigger can be of a type the rule visits when the instruction is not.
    for (const { rule, context, visits } of trigger === null ? this.#rulesVisiting(instruction.type) : this.#rules) {
      if (visits instanceof Error) continue;
      const visitsOwn = visits.has(instruction.type) && this.mentions.passes(rule, instruction);
      const visitsTrigger = trigger !== null && rule.meta.onbuild === true && visits.has(trigger.type) && this.mentions.passes(rule, trigger);
      if (!visitsOwn && !visitsTrigger) continue;
      try {
        let facts: { own?: string; trigger?: string } = {};
        if (rule.meta.facts) {
          const known = this.#facts.get(rule);
          // Asked by the cache's key just before; without a cache, asked here.
          if (known?.of !== instruction) this.#askFacts(instruction);
          const { own, trigger: onTrigger } = this.#facts.get(rule) ?? {};
          if (own instanceof Error) throw own;
          if (onTrigger instanceof Error) throw onTrigger;
          facts = { own, trigger: onTrigger };
        }
        const visitor = rule.create(context);
        if (visitsOwn) visit(visitor, instruction, null, facts.own);
        if (visitsTrigger && instruction.type === "Onbuild" && instruction.trigger) visit(visitor, instruction.trigger, instruction, facts.trigger);
      } catch (error) {
        found.crashes.push({ rule, message: error instanceof Error ? error.message : String(error) });
      }
    }
    this.#current = null;
    return found;
  }
}

type Push = (rule: AnyRule, finding: FindingBody, how: { checkedAt?: Instruction | null; severity?: Severity }) => void;

/** The top-level instructions a stage-scoped rule sees at once: a stage, or those before the first FROM. */
interface InstructionGroup {
  /** Index of its first and last instruction in `ast.instructions`. */
  first: number;
  last: number;
  /** Its source: from the end of the instruction before it to the end of its last instruction's line. */
  spanStart: number;
  spanEnd: number;
  /** The stage-scoped rules' visitors while it is being checked; null when its findings were reused. */
  running: Running[] | null;
  /** Per instruction type, the visitors in `running` that name it, in rule order (made when first asked). */
  listeners: Map<string, Running[]>;
  found: StageFindings | null;
  key: string;
}

/**
 * Runs the stage-scoped rules (`meta.scope: "stage"`) one stage at a time, in the walk: each rule
 * is created afresh at a stage's FROM (and at the first instruction, for those before the first
 * FROM) and sees that stage's instructions. With a cache, a stage whose key — its source, the
 * line it starts on, and the source of what the semantic model reads for it (the instructions
 * before the first FROM: the global ARGs; the stages it is built on) — was linted before gets
 * the findings made then, moved to where the stage is now.
 */
class StageChecker {
  readonly #instructions: readonly Instruction[];
  #index = -1;
  #group: InstructionGroup | null = null;
  /** Each stage's source by its FROM, and that of the instructions before the first FROM (for the keys). */
  #sources: Map<Instruction, string> | null = null;
  #preambleSource = "";
  /** Whether the file has a CRLF line break: a fix writes the line break the file uses. */
  #crlf = false;

  constructor(
    private readonly rules: readonly AnyRule[],
    private readonly file: LintFile,
    private readonly settings: RuleSettings,
    private readonly fixer: RuleFixer,
    private readonly shellFor: (rule: AnyRule) => (instruction: Instruction) => ShellScript | null,
    private readonly push: Push,
    private readonly crashed: Map<AnyRule, string>,
    private readonly cache: LintCache | undefined,
    private readonly mentions: RunMentions,
  ) {
    this.#instructions = file.ast.instructions;
  }

  /** Called at each top-level instruction, in order, once the whole-file rules have seen it. */
  check(child: Instruction): void {
    const instructions = this.#instructions;
    this.#index = instructions[this.#index + 1] === child ? this.#index + 1 : instructions.indexOf(child);
    const index = this.#index;
    if (index < 0) return;
    if (this.#group === null || index > this.#group.last || index < this.#group.first) this.#group = this.#begin(index);
    const group = this.#group;
    if (group.running !== null && child.type !== "Onbuild") {
      // Only the rules whose visitor names the type: most visit a few of the instruction types.
      const { mentions } = this;
      for (const entry of this.#listenersOf(group, child.type)) {
        if (entry.crashed) continue;
        try {
          if (mentions.passes(entry.rule, child)) (entry.visitor[child.type] as Callback)(child as never, TOP_LEVEL);
        } catch (error) {
          this.#crash(group, entry, error);
        }
      }
    } else if (group.running !== null) {
      const trigger = child.type === "Onbuild" ? child.trigger : null;
      const { mentions } = this;
      for (const entry of group.running) {
        if (entry.crashed) continue;
        try {
          const callback = entry.visitor[child.type] as Callback | undefined;
          if (callback && mentions.passes(entry.rule, child)) callback(child as never, { onbuild: null });
          if (trigger && entry.rule.meta.onbuild === true && child.type === "Onbuild" && mentions.passes(entry.rule, trigger)) {
            (entry.visitor[trigger.type] as Callback | undefined)?.(trigger as never, { onbuild: child });
          }
        } catch (error) {
          this.#crash(group, entry, error);
        }
      }
    }
    if (index === group.last && group.found !== null) this.cache?.setStage(group.key, group.found);
  }

  #listenersOf(group: InstructionGroup, type: string): Running[] {
    let list = group.listeners.get(type);
    if (list === undefined) {
      list = (group.running ?? []).filter((entry) => typeof entry.visitor[type as keyof Visitor] === "function");
      group.listeners.set(type, list);
    }
    return list;
  }

  #crash(group: InstructionGroup, entry: Running, error: unknown): void {
    entry.crashed = true;
    const message = error instanceof Error ? error.message : String(error);
    group.found?.crashes.push({ rule: entry.rule, message });
    if (!this.crashed.has(entry.rule)) this.crashed.set(entry.rule, message);
  }

  /** The group that starts at `first`: its findings reused from the cache, or its rules created to check it. */
  #begin(first: number): InstructionGroup {
    const { last, spanStart, spanEnd } = this.#extent(first);
    const group: InstructionGroup = { first, last, spanStart, spanEnd, running: null, listeners: new Map(), found: null, key: "" };
    if (this.cache) {
      group.key = this.#keyOf(group);
      const found = this.cache.getStage(group.key);
      if (found) {
        this.#replay(group, found);
        return group;
      }
      group.found = { findings: [], crashes: [], reusable: true };
    }
    group.running = [];
    for (const rule of this.rules) {
      const entry: Running = { rule, visitor: {}, crashed: false };
      try {
        const visitor = rule.create(this.#context(rule, group));
        entry.visitor = visitor;
        for (const key of FILE_VISITS) if (Object.hasOwn(visitor, key)) throw new RuleScopeError(rule.meta.id, `has a "${key}" visitor`, "stage");
      } catch (error) {
        this.#crash(group, entry, error);
      }
      group.running.push(entry);
    }
    return group;
  }

  /**
   * The group that starts at instruction `first`: its last instruction (the one before the next
   * FROM), and its source, from the end of the instruction before it to the end of its last
   * instruction's line.
   */
  #extent(first: number): { last: number; spanStart: number; spanEnd: number } {
    const instructions = this.#instructions;
    let last = first;
    while (last + 1 < instructions.length && instructions[last + 1]?.type !== "From") last++;
    const { text } = this.file;
    const spanStart = first === 0 ? 0 : (instructions[first - 1]?.range.end.offset ?? 0);
    const lastEnd = instructions[last]?.range.end.offset ?? spanStart;
    const lineEnd = text.indexOf("\n", lastEnd);
    return { last, spanStart, spanEnd: lineEnd < 0 ? text.length : lineEnd + 1 };
  }

  /**
   * What the group's findings depend on: the line its source starts on, the file's line break, the source of the
   * instructions before the first FROM (the global ARGs every stage's scope starts from), of each
   * stage it is built on, and its own.
   */
  #keyOf(group: InstructionGroup): string {
    const { file } = this;
    const instructions = this.#instructions;
    if (this.#sources === null) {
      this.#sources = new Map();
      this.#crlf = file.text.includes("\r\n");
      for (let index = 0; index < instructions.length; index++) {
        const instruction = instructions[index];
        if (instruction === undefined || (index > 0 && instruction.type !== "From")) continue;
        const { last, spanStart, spanEnd } = this.#extent(index);
        const source = file.text.slice(spanStart, spanEnd);
        if (instruction.type === "From") this.#sources.set(instruction, source);
        else this.#preambleSource = source;
        index = last;
      }
    }
    const parts = [String(file.lines.position(group.spanStart).line), this.#crlf ? "crlf" : "lf", this.#preambleSource];
    const from = this.#instructions[group.first];
    const stage = from?.type === "From" ? file.stageOf(from) : null;
    for (let base = stage?.baseStage ?? null; base !== null; base = base.baseStage) parts.push(this.#sources.get(base.from) ?? "");
    parts.push(stage ? (this.#sources.get(stage.from) ?? "") : this.#preambleSource);
    // Sources hold no NUL that could make two lists join the same.
    return parts.join("\u0000");
  }

  #context(rule: AnyRule, group: InstructionGroup): RuleContext {
    const { meta } = rule;
    return {
      id: meta.id,
      file: this.file,
      settings: this.settings,
      shell: this.shellFor(rule),
      report: (descriptor: ReportDescriptor<string>) => {
        const finding = findingOf(rule, descriptor, this.fixer);
        const how = { checkedAt: descriptor.checkedAt, ...(descriptor.severity === undefined ? {} : { severity: descriptor.severity }) };
        this.push(rule, finding, how);
        if (group.found !== null) this.#record(group, group.found, rule, finding, descriptor);
      },
    };
  }

  /** Keeps a finding for the cache, relative to the start of the group's source. */
  #record(group: InstructionGroup, found: StageFindings, rule: AnyRule, finding: FindingBody, descriptor: ReportDescriptor<string>): void {
    const { spanStart, spanEnd } = group;
    const { body, inside } = relativeBody(finding, finding.messageId ?? descriptor.messageId, spanStart, spanStart, spanEnd);
    if (!inside) found.reusable = false;
    let checkedAt: StageRelativeFinding["checkedAt"] = descriptor.checkedAt === null ? null : undefined;
    if (descriptor.checkedAt) {
      const target = descriptor.checkedAt;
      const instructions = this.#instructions;
      for (let index = group.first; index <= group.last && checkedAt === undefined; index++) {
        const instruction = instructions[index];
        if (instruction === target) checkedAt = { index: index - group.first, trigger: false };
        else if (instruction?.type === "Onbuild" && instruction.trigger === target) checkedAt = { index: index - group.first, trigger: true };
      }
      if (checkedAt === undefined) found.reusable = false;
    }
    found.findings.push({
      rule,
      ...body,
      checkedAt,
      ...(descriptor.severity === undefined ? {} : { severity: descriptor.severity }),
    });
  }

  /** Reports a group's findings found by an earlier lint, where the group is now. */
  #replay(group: InstructionGroup, found: StageFindings): void {
    const { spanStart: at, first } = group;
    for (const each of found.findings) {
      const finding = placedBody(each, at, this.file);
      let checkedAt: Instruction | null | undefined = each.checkedAt === null ? null : undefined;
      if (each.checkedAt) {
        const instruction = this.#instructions[first + each.checkedAt.index] ?? null;
        checkedAt = each.checkedAt.trigger ? (instruction?.type === "Onbuild" ? instruction.trigger : null) : instruction;
      }
      this.push(each.rule, finding, { checkedAt, ...(each.severity === undefined ? {} : { severity: each.severity }) });
    }
    for (const crash of found.crashes) if (!this.crashed.has(crash.rule)) this.crashed.set(crash.rule, crash.message);
  }
}

/** A whole-file rule being run on a file: its visitor, until one of its callbacks throws. */
interface Running {
  rule: AnyRule;
  visitor: Visitor;
  crashed: boolean;
}

/** What a visitor is told at a top-level instruction (not an ONBUILD trigger): one object for all. */
const TOP_LEVEL: { onbuild: null } = { onbuild: null };

type Callback = (node: never, info: { onbuild: Extract<Instruction, { type: "Onbuild" }> | null } | undefined) => void;

/**
 * One pass over the file calling every rule's visitor at each node (ESLint's traversal: one walk,
 * all listeners per node), rather than one pass per rule: helpers the rules share see the same
 * instruction many times in a row, so a cache of the last instruction serves them, and no rule
 * needs a per-instruction map on a file with hundreds of thousands of instructions. Each rule
 * still sees the nodes in source order, `Dockerfile` first and `Dockerfile:exit` last; a rule
 * whose callback throws is reported once and not called again, and a rule's `Run` callback is
 * not called on a RUN its `meta.mentions` rules out. `afterInstruction` runs at each top-level
 * instruction once the rules have seen it.
 */
function walk(running: readonly Running[], file: LintFile, mentions: RunMentions, crashed: (rule: AnyRule, error: unknown) => void, afterInstruction: (instruction: Instruction) => void): void {
  const { ast } = file;
  // Per node type, the rules listening to it, in registry order (looked up once per type).
  const listeners = new Map<string, Running[]>();
  const listenersOf = (type: string): Running[] => {
    let list = listeners.get(type);
    if (!list) {
      list = running.filter((entry) => typeof entry.visitor[type as keyof Visitor] === "function");
      listeners.set(type, list);
    }
    return list;
  };
  const call = (type: string, node: unknown, info?: { onbuild: Extract<Instruction, { type: "Onbuild" }> | null }, onlyOnbuildRules = false) => {
    for (const entry of listenersOf(type)) {
      if (entry.crashed || (onlyOnbuildRules && entry.rule.meta.onbuild !== true)) continue;
      if (type === "Run" && !mentions.passes(entry.rule, node as Instruction)) continue;
      try {
        (entry.visitor[type as keyof Visitor] as Callback)(node as never, info);
      } catch (error) {
        entry.crashed = true;
        crashed(entry.rule, error);
      }
    }
  };
  call("Dockerfile", ast);
  for (const child of ast.children) {
    if (child.type === "BlankLine") continue;
    if (child.type === "Comment" || child.type === "Directive") {
      call(child.type, child);
      continue;
    }
    call(child.type, child, TOP_LEVEL);
    if (child.type === "Onbuild" && child.trigger) call(child.trigger.type, child.trigger, { onbuild: child }, true);
    afterInstruction(child);
  }
  call("Dockerfile:exit", ast);
}

function visit(visitor: Visitor, node: Instruction, onbuild: Extract<Instruction, { type: "Onbuild" }> | null, facts: string | undefined): void {
  const callback = visitor[node.type] as ((node: Instruction, info: VisitInfo) => void) | undefined;
  callback?.(node, facts === undefined ? { onbuild } : { onbuild, facts });
}

export interface FixResult extends LintResult {
  /** The text after applying every automatic fix. */
  output: string;
  /** Whether any fix was applied. */
  fixed: boolean;
}

/**
 * Lints and applies automatic fixes, re-linting after each pass until nothing changes (at most
 * 10 passes, as ESLint does). The returned findings are those of the final text. A byte-order
 * mark stays in the output.
 */
export function fixText(text: string, options: LintOptions): FixResult {
  if (text.startsWith(BOM)) {
    const result = fixText(text.slice(1), options);
    return { ...result, output: BOM + result.output };
  }
  let output = text;
  let result = lintText(output, options);
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const groups = result.findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
    if (groups.length === 0) break;
    const outcome = applyFixes(output, groups);
    if (outcome.output === output) break;
    output = outcome.output;
    result = lintText(output, options);
  }
  return { ...result, output, fixed: output !== text };
}
