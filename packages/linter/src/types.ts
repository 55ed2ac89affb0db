import type {
  Comment,
  Directive,
  Dockerfile,
  Instruction,
  InstructionType,
  OnbuildInstruction,
  Range,
} from "@dfbuild/parser";
import type { Fix, RuleFixer } from "./fixer.js";
import type { LintFile } from "./file.js";
import type { ShellScript } from "./shell/script.js";

/** How serious a finding is, from most to least: error, warning, info, style. */
export type Severity = "error" | "warning" | "info" | "style";

export const severities: readonly Severity[] = ["error", "warning", "info", "style"];

/** A configured level: a severity, or `off`. */
export type RuleLevel = Severity | "off";

export function severityRank(severity: Severity): number {
  return severities.length - severities.indexOf(severity);
}

export interface RuleDocs {
  /** One imperative sentence, e.g. "Pin the base image to a tag or digest". */
  description: string;
  /**
   * The rule's documentation page. `defineRule` fills it in from the id (the rule's `.md` beside
   * its source in the repository), so every rule has one; SARIF's `helpUri` and the terminal's
   * links use it.
   */
  url?: string;
}

/**
 * A change an automatic fix may make to what BuildKit reads:
 * - `run-commands`: RUN commands gain words (an option such as `-y`) or RUNs in a row with the same
 *   flags are joined into one, never losing or reordering a word of them;
 * - `maintainer-label`: `MAINTAINER v` becomes `LABEL maintainer="v"` (the image's Author goes);
 * - `from-target-platform`: `--platform=$TARGETPLATFORM` leaves a FROM (its default).
 */
export type FixChange = "run-commands" | "maintainer-label" | "from-target-platform";

/** See `RuleMeta.scope`. */
export type RuleScope = "instruction" | "stage" | "file";

export interface RuleMeta<MessageId extends string = string> {
  /** Readable kebab-case id, e.g. `consecutive-run`. */
  id: string;
  /** hadolint codes and BuildKit check names that mean this rule, e.g. `DL3059`. */
  aliases?: readonly string[];
  severity: Severity;
  type: "problem" | "suggestion" | "layout";
  docs: RuleDocs;
  messages: Record<MessageId, string>;
  /**
   * hadolint's default severity for this rule (set on every rule whose aliases include a DL code):
   * the `hadolint` preset runs the rule at this severity. `off` is hadolint's `ignore` (DL1001,
   * DL3057: rules hadolint has but reports only when their severity is raised).
   */
  hadolint?: Severity | "off";
  /** `false`: an opt-in rule, off in the `recommended` preset and on in `strict`. Default `true`. */
  recommended?: boolean;
  /**
   * The preset version that added this rule to the presets (default 1). A configuration pinned to
   * an older version (`preset: recommended@1`) leaves it off, so upgrading dfbuild never adds
   * findings without opting in. A rule added after a release sets the next version.
   */
  presetVersion?: number;
  /** The rule may attach automatic fixes to its findings. */
  fixable?: boolean;
  /**
   * What the rule's automatic fixes may change in what BuildKit reads; every fixable rule states
   * it (`[]`: only how the file is written). The fix-meaning oracle (`fixMeaningChange` in
   * `@dfbuild/linter/testing`) checks each fix against it, in the rule's tests and on the corpus.
   */
  fixChanges?: readonly FixChange[];
  /** The rule may attach suggestions (fixes an editor offers, never applied automatically). */
  hasSuggestions?: boolean;
  /**
   * What a finding of the rule depends on. `"instruction"`: only the instruction it visits (its
   * text, flags, words, shell script and ONBUILD trigger, the comment lines above it) and the
   * file's escape character — never another instruction, the stages, variable scopes or the
   * semantic model, and no state kept from one instruction to the next (the rule is created
   * afresh for each instruction, and sees a file that refuses whole-file reads: see
   * `InstructionScopeFile`). An editor then re-runs it only on the instructions an edit touched
   * (`LintCache`). `"file"` (the default): anything in the file; the rule runs on every lint.
   * Visitors of an instruction-scoped rule may only name instruction types.
   *
   * `"stage"`: only the instructions of one stage (its FROM up to the next FROM; the instructions
   * before the first FROM are a group of their own), the comments between them, and what the
   * semantic model says of them — which also reads the global ARGs and the stages this one is
   * built on (`FROM <stage>`), never another stage. The rule is created afresh for each stage,
   * and its visitor may only name instruction types. With a `LintCache`, an editor re-runs it
   * only on the stages whose source, global ARGs, base stages or first line changed (the first
   * line because messages may name line numbers), or when the file starts or stops using CRLF
   * line breaks (fixes write the file's). Unlike `"instruction"`, nothing refuses a
   * wrong declaration: `test/lsp/incremental-lint.test.ts` compares cached and full lints on
   * random edits.
   */
  scope?: RuleScope;
  /**
   * For an instruction-scoped rule whose findings on an instruction also depend on a few facts of
   * the whole file about it (whether its stage ships in the image, what a mount target expands to
   * in its scope): computes those facts with the whole file, as a string the rule defines. It runs
   * on every lint for every instruction the rule visits, so it must be cheap: the expensive part
   * (shell commands, options, messages and fixes) stays in the visitor, which reads the string as
   * `info.facts` and runs again only where the instruction's source or its facts changed
   * (`LintCache`). Everything the visitor decides must follow from the instruction and this string.
   */
  facts?: (instruction: Instruction, info: VisitInfo, file: LintFile, settings: RuleSettings) => string;
  /** Also run the rule on the instruction inside `ONBUILD` (as hadolint does for its RUN rules). */
  onbuild?: boolean;
  /**
   * Why the rule cannot run here (a program it needs is missing), or null when it can. A rule
   * that cannot run is skipped and named in the result (`unavailableRules`), never silently.
   */
  unavailable?: () => string | null;
  /**
   * Which shell-form instructions (RUN, CMD, ENTRYPOINT, HEALTHCHECK) the rule reads through the
   * shell parser: `context.shell` gives it a script there, and null elsewhere, so that an
   * instruction no rule can care about costs no parse. `true`: every one, or, for a rule with
   * `meta.mentions`, every one whose command holds one of its strings: those say it once, for the
   * visitor and the scripts alike. A function: a filter, for what the text cannot say
   * (consecutive-run's asks whether a neighbour can be merged); with `mentions`, it is asked only
   * where they hold. It must let through every instruction the rule reports on; `RuleTester` checks.
   */
  shell?: true | ((instruction: Instruction, file: LintFile) => boolean);
  /**
   * Strings one of which a RUN's text holds wherever the rule's `Run` visitor reports or changes
   * its state (command names: `["apt", "install_packages"]`). The engine does
   * not call the visitor on a RUN (or ONBUILD's RUN) whose text holds none of them, nor ask the
   * rule's `meta.facts` there; every rule's strings are looked for in one pass over the RUN.
   *
   * The text looked in: a shell form's command and heredoc bodies, or an exec form's elements
   * (JSON-decoded), with quotes and backslashes removed and continued lines joined, so a word
   * written in pieces (`a"pt-get"`) counts; a RUN with ANSI-C quoting (`$'…'`) holds anything.
   * So every name the shell parse can give a command is there, nested `sh -c '…'` scripts
   * included. It must be a necessary condition: a command the rule reads through a variable, a
   * wrapper (`xx-apt-get`, `install_packages`) or a flag (`--mount`) needs its own string, or no
   * `mentions` at all. `RuleTester` lints every case with and without it and expects the same.
   */
  mentions?: readonly string[];
}

/** Context passed to visitor callbacks for instructions. */
export interface VisitInfo {
  /** The `ONBUILD` around this instruction, when the rule sees a trigger. */
  onbuild: OnbuildInstruction | null;
  /** What the rule's `meta.facts` said about this instruction (instruction-scoped rules with `meta.facts` only). */
  facts?: string;
}

type InstructionVisitors = {
  [K in InstructionType]?: (node: Extract<Instruction, { type: K }>, info: VisitInfo) => void;
};

/** Callbacks keyed by AST node type, plus `Dockerfile:exit` to decide once everything is seen. */
export interface Visitor extends InstructionVisitors {
  Dockerfile?: (node: Dockerfile) => void;
  "Dockerfile:exit"?: (node: Dockerfile) => void;
  Comment?: (node: Comment) => void;
  Directive?: (node: Directive) => void;
}

export interface SuggestionDescriptor<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  fix: (fixer: RuleFixer) => Fix | readonly Fix[] | null;
}

export interface ReportDescriptor<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  /** Where the problem is: a node or any object with a range. */
  node?: { range: Range };
  range?: Range;
  fix?: ((fixer: RuleFixer) => Fix | readonly Fix[] | null) | null;
  suggest?: readonly SuggestionDescriptor<MessageId>[];
  /**
   * For rules that are BuildKit checks: the instruction BuildKit evaluates the check at, whose
   * `# check=skip=…` comment can skip it. Default: the instruction the finding is in (right for
   * most checks). MultipleInstructionsDisallowed reports the overridden instruction while
   * checking the one that overrides it; `null` for checks BuildKit runs over the whole file
   * (ConsistentInstructionCasing, DuplicateStageName, ReservedStageName, NoEmptyContinuation),
   * which only the file's `# check` directive can skip.
   */
  checkedAt?: Instruction | null;
  /**
   * A code of the rule's own for this finding (ShellCheck's `SC2086`): configuration and ignore
   * comments can name it (`ignored: [SC2086]`, `# hadolint ignore=SC2086`), and reports show it.
   */
  code?: string;
  /**
   * The finding's own severity, for rules that report another tool's findings (ShellCheck's
   * levels). A level configured for the rule or the code wins.
   */
  severity?: Severity;
}

/** The rule sets a configuration can start from. */
export type PresetName = "recommended" | "strict" | "hadolint";

/** A value type of hadolint's `label-schema` (DL3049–DL3058 check labels against it). */
export type LabelType = "text" | "url" | "spdx" | "rfc3339" | "semver" | "hash" | "email";

/** Settings from configuration that rules may read. */
export interface RuleSettings {
  trustedRegistries: readonly string[];
  /**
   * The preset in effect. Under `hadolint` a rule reproduces hadolint's verdicts exactly, including
   * the false positives dfbuild otherwise avoids (for teams migrating).
   */
  preset: PresetName;
  /** hadolint's `label-schema`: required labels and the type of their values. */
  labelSchema: ReadonlyMap<string, LabelType>;
  /** hadolint's `strict-labels`: a label outside `labelSchema` is a finding. */
  strictLabels: boolean;
}

export interface RuleContext<MessageId extends string = string> {
  readonly id: string;
  readonly file: LintFile;
  readonly settings: RuleSettings;
  report(descriptor: ReportDescriptor<MessageId>): void;
  /** The shell parse of a shell-form RUN/CMD/ENTRYPOINT/HEALTHCHECK the rule asked for in `meta.shell`. */
  shell(instruction: Instruction): ShellScript | null;
}

export interface Rule<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  create(context: RuleContext<MessageId>): Visitor;
}

/** A rule with its message ids erased, as registries hold them. */
export type AnyRule = Rule;

export interface Suggestion {
  message: string;
  fix: Fix[];
}

/** One problem found in a file. Lines and columns are 1-based; the end is exclusive. */
export interface Finding {
  ruleId: string;
  /** The rule's aliases, or the finding's own code (`SC2086`) when the rule reports several. */
  aliases: readonly string[];
  /** The finding's own code, when the rule reports several (`SC2086`). */
  code?: string;
  severity: Severity;
  message: string;
  messageId?: string;
  range: Range;
  fix?: Fix[];
  suggestions?: Suggestion[];
}

export interface LintResult {
  /** The name shown to people (`<stdin>` for standard input). */
  filePath: string;
  source: string;
  findings: Finding[];
  /** The parser could not read part of the file (those problems are findings too). */
  parseFailed: boolean;
  /** Rules that were on but could not run here, and why (e.g. no `shellcheck` on PATH). */
  unavailableRules?: { id: string; reason: string }[];
}
