import type { DirectiveType, FileProblem, RulesConfig, SourceLocation, SourceRange } from "@eslint/core";
import { ConfigCommentParser, Directive as DisableDirective, TextSourceCodeBase, VisitNodeStep } from "@eslint/plugin-kit";
import {
  Directives,
  LintFile,
  type Finding,
  type RuleRegistry,
  coreRules,
  defaultConfig,
  lintText,
  parseScripts,
  type ShellScript,
} from "@dfbuild/linter";
import type { Comment, Diagnostic, Dockerfile, Instruction, Range } from "@dfbuild/parser";

/** Any node of the tree ESLint walks: everything with a range. */
export interface DockerfileNode {
  type: string;
  range: Range;
}

const commentParser = new ConfigCommentParser();

/**
 * ESLint's own inline configuration in Dockerfile comments (`# eslint-disable-next-line
 * dfbuild/no-latest-tag`), recognised as @eslint/json and @eslint/markdown recognise theirs.
 */
const ESLINT_COMMENT = /^\s*eslint(?:-enable|-disable(?:(?:-next)?-line)?)?(?:\s|$)/u;

/**
 * One Dockerfile as ESLint's rules see it: the lossless tree, ESLint's text helpers, and what our
 * rules need that ESLint does not have (the prepared `LintFile`, our ignore comments, shell parses).
 * Everything beyond the tree is computed once per file, on first use, and shared by every rule.
 */
export class DockerfileSourceCode extends TextSourceCodeBase<{
  LangOptions: Record<string, unknown>;
  RootNode: Dockerfile;
  SyntaxElementWithLoc: DockerfileNode;
  ConfigNode: Comment;
}> {
  override readonly ast: Dockerfile;
  readonly file: LintFile;
  readonly #parents = new WeakMap<DockerfileNode, DockerfileNode>();
  #steps: VisitNodeStep[] | undefined;
  readonly #scripts = new Map<Instruction, ShellScript | null>();
  readonly #directives = new Map<boolean, Directives>();
  readonly #coreFindings = new Map<string, readonly Finding[]>();

  constructor({ text, ast, diagnostics, path }: { text: string; ast: Dockerfile; diagnostics: readonly Diagnostic[]; path: string }) {
    // Dockerfiles end lines with \n; BuildKit's scanner also drops a \r before it (bufio.ScanLines).
    super({ text, ast, lineEndingPattern: /\r?\n/u });
    this.ast = ast;
    this.file = new LintFile(text, ast, diagnostics, path);
  }

  /** Our positions are 1-based lines and columns (UTF-16 code units), as the language declares. */
  override getLoc(node: DockerfileNode): SourceLocation {
    const { start, end } = node.range;
    return { start: { line: start.line, column: start.column }, end: { line: end.line, column: end.column } };
  }

  override getRange(node: DockerfileNode): SourceRange {
    return [node.range.start.offset, node.range.end.offset];
  }

  override getParent(node: DockerfileNode): DockerfileNode | undefined {
    if (this.#steps === undefined) this.traverse();
    return this.#parents.get(node);
  }

  /**
   * The walk our engine makes (packages/linter/src/engine.ts `walk`): the file, each top-level
   * line in order, the instruction inside an ONBUILD after the ONBUILD itself, and the file again
   * on exit. Visitors get `(node, parent)`, so a rule adapter can tell an ONBUILD trigger apart.
   */
  override traverse(): Iterable<VisitNodeStep> {
    if (this.#steps !== undefined) return this.#steps;
    const steps: VisitNodeStep[] = [];
    const visit = (node: DockerfileNode, parent: DockerfileNode | undefined): void => {
      if (parent !== undefined) this.#parents.set(node, parent);
      steps.push(new VisitNodeStep({ target: node, phase: 1, args: [node, parent] }));
      if (node.type === "Dockerfile") for (const child of (node as Dockerfile).children) visit(child, node);
      else if (node.type === "Onbuild") {
        const { trigger } = node as Extract<Instruction, { type: "Onbuild" }>;
        if (trigger) visit(trigger, node);
      }
      steps.push(new VisitNodeStep({ target: node, phase: 2, args: [node, parent] }));
    };
    visit(this.ast, undefined);
    this.#steps = steps;
    return steps;
  }

  /** Our ignore comments (`# dfbuild-ignore`, `# hadolint ignore=`, `# check=skip=`), read once. */
  directives(registry: RuleRegistry, inlineIgnores: boolean): Directives {
    let directives = this.#directives.get(inlineIgnores);
    if (!directives) {
      directives = new Directives(this.ast, registry, { inlineIgnores });
      this.#directives.set(inlineIgnores, directives);
    }
    return directives;
  }

  /**
   * The shell parse of a shell-form instruction, made on first request. lintText parses only
   * what an active rule's `meta.shell` asks for; that filter only saves time, so parsing on
   * request gives a rule the same script.
   */
  shell(instruction: Instruction): ShellScript | null {
    if (!this.#scripts.has(instruction)) this.#scripts.set(instruction, parseScripts([instruction], this.file.lines).get(instruction) ?? null);
    return this.#scripts.get(instruction) ?? null;
  }

  /**
   * The findings the engine makes itself, without a visitor (parse errors, empty continuation
   * lines, ignore comments that do nothing): lintText with no rule active computes exactly these,
   * so the plugin reports them as `dfbuild lint` does instead of a second copy of that logic.
   */
  coreFindings(registry: RuleRegistry, inlineIgnores: boolean, preset: ReturnType<typeof defaultConfig>["preset"]): readonly Finding[] {
    const key = `${String(inlineIgnores)}:${preset}`;
    let findings = this.#coreFindings.get(key);
    if (!findings) {
      const config = defaultConfig();
      config.inlineIgnores = inlineIgnores;
      config.preset = preset;
      // ESLint's configuration decides whether each of these is on; compute them all.
      for (const rule of coreRules) config.levels.set(rule.meta.id, rule.meta.severity);
      findings = lintText(this.text, { registry, config, filePath: this.file.name, only: [] }).findings;
      this.#coreFindings.set(key, findings);
    }
    return findings;
  }

  getInlineConfigNodes(): Comment[] {
    return this.ast.comments.filter((comment) => ESLINT_COMMENT.test(comment.value));
  }

  getDisableDirectives(): { problems: FileProblem[]; directives: DisableDirective[] } {
    const problems: FileProblem[] = [];
    const directives: DisableDirective[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (!parsed) continue;
      const { label, value, justification } = parsed;
      switch (label) {
        case "eslint-disable":
        case "eslint-enable":
        case "eslint-disable-next-line":
        case "eslint-disable-line":
          directives.push(new DisableDirective({ type: label.slice("eslint-".length) as DirectiveType, node: comment, value, justification }));
          break;
        default:
          break;
      }
    }
    return { problems, directives };
  }

  applyInlineConfig(): { configs: { config: { rules: RulesConfig }; loc: SourceLocation }[]; problems: FileProblem[] } {
    const configs: { config: { rules: RulesConfig }; loc: SourceLocation }[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const parsed = commentParser.parseDirective(comment.value);
      if (parsed?.label !== "eslint") continue;
      const result = commentParser.parseJSONLikeConfig(parsed.value);
      if (result.ok) configs.push({ config: { rules: result.config }, loc: this.getLoc(comment) });
      else problems.push({ ruleId: null, message: result.error.message, loc: this.getLoc(comment) });
    }
    return { configs, problems };
  }
}
