import type { RuleDefinition, RuleTextEdit, RuleVisitor } from "@eslint/core";
import {
  type AnyRule,
  type Fix,
  type Finding,
  type ReportDescriptor,
  type RuleContext,
  RuleFixer,
  type RuleRegistry,
  type Visitor,
  coreRules,
  interpolate,
  normalizeFix,
} from "@dfbuild/linter";
import type { Instruction, OnbuildInstruction, Range } from "@dfbuild/parser";
import { resolveSettings } from "./settings.js";
import type { DockerfileNode, DockerfileSourceCode } from "./source-code.js";

type DockerfileRuleDefinition = RuleDefinition<{
  LangOptions: Record<string, unknown>;
  Code: DockerfileSourceCode;
  RuleOptions: [];
  Visitor: RuleVisitor;
  Node: DockerfileNode;
  MessageIds: string;
  ExtRuleDocs: { recommended: boolean };
}>;

type EslintContext = Parameters<DockerfileRuleDefinition["create"]>[0];

/** ESLint's location of one of our ranges (1-based lines and columns, as the language declares). */
function locOf(range: Range): { start: { line: number; column: number }; end: { line: number; column: number } } {
  return { start: { line: range.start.line, column: range.start.column }, end: { line: range.end.line, column: range.end.column } };
}

/** Our edits as ESLint's: one report's edits are applied together or not at all, in both. */
function toEslintEdits(fix: readonly Fix[]): RuleTextEdit[] {
  return fix.map((edit) => ({ range: [edit.range[0], edit.range[1]], text: edit.text }));
}

function eslintMeta(rule: AnyRule): DockerfileRuleDefinition["meta"] {
  const { meta } = rule;
  return {
    type: meta.type,
    docs: {
      description: meta.docs.description,
      recommended: meta.recommended !== false,
      ...(meta.docs.url === undefined ? {} : { url: meta.docs.url }),
    },
    ...(meta.fixable ? { fixable: "code" as const } : {}),
    ...(meta.hasSuggestions ? { hasSuggestions: true } : {}),
    // Options are settings shared by every rule (settings.dfbuild), as in .dfbuild.yaml.
    schema: [],
    messages: meta.messages,
  };
}

/** The location and fixes of a finding the engine made, reported through ESLint. */
function reportFinding(context: EslintContext, finding: Finding): void {
  context.report({
    loc: locOf(finding.range),
    message: finding.message,
    ...(finding.fix ? { fix: () => toEslintEdits(finding.fix ?? []) } : {}),
    ...(finding.suggestions
      ? { suggest: finding.suggestions.map((suggestion) => ({ desc: suggestion.message, fix: () => toEslintEdits(suggestion.fix) })) }
      : {}),
  });
}

/**
 * One of our rules as an ESLint rule. The rule itself runs unchanged: `create(context)` gets our
 * RuleContext (the prepared file, the settings, shell parses), and what it reports goes through
 * the same ignore comments lintText applies, then to ESLint with our range, message and fix.
 * Severity is ESLint's configuration's (`"warn"`/`"error"`), so `# check=error=true` cannot raise
 * a finding to an error here.
 */
export function toEslintRule(rule: AnyRule, registry: RuleRegistry): DockerfileRuleDefinition {
  const { meta } = rule;
  const isCore = coreRules.some((core) => core.meta.id === meta.id);
  return {
    meta: eslintMeta(rule),
    create(context: EslintContext): RuleVisitor {
      const source = context.sourceCode;
      const settings = resolveSettings(context.settings);
      if (isCore) {
        // The engine's own findings have no visitor: report what lintText computed for them.
        return {
          Dockerfile() {
            for (const finding of source.coreFindings(registry, settings.inlineIgnores, settings.rules.preset)) {
              if (finding.ruleId === meta.id) reportFinding(context, finding);
            }
          },
        };
      }
      const unavailable = meta.unavailable?.() ?? null;
      if (unavailable !== null) {
        // lintText skips such a rule and names it once; here the file says why it was not checked.
        return {
          Dockerfile(node: DockerfileNode) {
            context.report({ loc: locOf(node.range), message: `dfbuild/${meta.id} cannot run here: ${unavailable}` });
          },
        };
      }
      const directives = source.directives(registry, settings.inlineIgnores);
      const fixer = new RuleFixer();
      const ours: RuleContext = {
        id: meta.id,
        file: source.file,
        settings: settings.rules,
        shell: (instruction) => source.shell(instruction),
        report(descriptor: ReportDescriptor<string>) {
          // The checks lintText makes (packages/linter/src/engine.ts), so a broken rule fails alike.
          const template = meta.messages[descriptor.messageId];
          if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${descriptor.messageId}"`);
          const range = descriptor.range ?? descriptor.node?.range;
          if (!range) throw new Error(`rule ${meta.id} reported without a node or range`);
          if (directives.suppresses(rule, { offset: range.start.offset, checkedAt: descriptor.checkedAt, code: descriptor.code })) return;
          let fix: Fix[] | undefined;
          if (descriptor.fix) {
            if (!meta.fixable) throw new Error(`rule ${meta.id} reported a fix but meta.fixable is not set`);
            const produced = descriptor.fix(fixer);
            if (produced) fix = normalizeFix(Array.isArray(produced) ? (produced as Fix[]) : [produced as Fix]);
          }
          const suggestions: Finding["suggestions"] = [];
          for (const suggestion of descriptor.suggest ?? []) {
            if (!meta.hasSuggestions) throw new Error(`rule ${meta.id} reported suggestions but meta.hasSuggestions is not set`);
            const produced = suggestion.fix(fixer);
            if (!produced) continue;
            const suggestionTemplate = meta.messages[suggestion.messageId];
            if (suggestionTemplate === undefined) throw new Error(`rule ${meta.id} suggested unknown messageId "${suggestion.messageId}"`);
            suggestions.push({
              message: interpolate(suggestionTemplate, suggestion.data),
              fix: normalizeFix(Array.isArray(produced) ? (produced as Fix[]) : [produced as Fix]),
            });
          }
          reportFinding(context, {
            ruleId: meta.id,
            aliases: meta.aliases ?? [],
            severity: meta.severity,
            message: interpolate(template, descriptor.data),
            range,
            ...(fix ? { fix } : {}),
            ...(suggestions.length > 0 ? { suggestions } : {}),
          });
        },
      };
      return toEslintVisitor(rule, rule.create(ours), (node, onbuild) => meta.facts?.(node, { onbuild }, source.file, settings.rules));
    },
  };
}

/**
 * Our visitor keyed as ESLint calls it. Instruction callbacks get `(node, parent)` from the
 * traversal; an instruction whose parent is an ONBUILD is its trigger, which only rules with
 * `meta.onbuild` see (as in lintText's walk). A rule with `meta.facts` gets them in the visit's info,
 * as lintText gives them (ESLint runs every rule on the whole file: nothing is cached).
 */
function toEslintVisitor(rule: AnyRule, visitor: Visitor, factsOf: (node: Instruction, onbuild: OnbuildInstruction | null) => string | undefined): RuleVisitor {
  const eslintVisitor: RuleVisitor = {};
  for (const [key, callback] of Object.entries(visitor) as [string, ((node: unknown, info?: unknown) => void) | undefined][]) {
    if (!callback) continue;
    if (key === "Dockerfile" || key === "Dockerfile:exit" || key === "Comment" || key === "Directive") {
      eslintVisitor[key] = (node: unknown) => {
        callback(node);
      };
      continue;
    }
    eslintVisitor[key] = (node: Instruction, parent: DockerfileNode | undefined) => {
      const onbuild = parent?.type === "Onbuild" ? (parent as OnbuildInstruction) : null;
      if (onbuild && !rule.meta.onbuild) return;
      const facts = factsOf(node, onbuild);
      callback(node, facts === undefined ? { onbuild } : { onbuild, facts });
    };
  }
  return eslintVisitor;
}
