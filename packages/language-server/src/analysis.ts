import { type LintCache, type LintConfig, type LintResult, type RuleRegistry, lintText } from "@dfbuild/linter";
import { type Instruction, type ParseResult, type SemanticModel, analyze, parse, reparse } from "@dfbuild/parser";
import { TextDocument } from "vscode-languageserver-textdocument";
import { PositionMapper } from "./positions.js";

/**
 * What the server knows about one version of a document: its parse, semantic model and lint
 * result, each computed on first use and kept until the next edit. Hover, completion and
 * navigation never wait for the rules; the linter reads the same parse and model (never a second
 * parse), and the document's `LintCache` lets the instruction-scoped rules re-check only the
 * instructions an edit changed. Given the analysis of the version before, the parse re-builds
 * only what follows the edit (`reparse`).
 */
export class DocumentAnalysis {
  readonly positions: PositionMapper;
  /** A snapshot: the editor's document object is updated in place by later changes. */
  readonly document: TextDocument;
  #parsed: ParseResult | undefined;
  #semantic: SemanticModel | undefined;
  #lint: LintResult | undefined;
  /** The previous version's analysis, until this version is parsed (then dropped: no chain of versions is kept). */
  #previous: DocumentAnalysis | undefined;

  constructor(
    document: TextDocument,
    readonly filePath: string,
    readonly config: LintConfig,
    readonly registry: RuleRegistry,
    /** The document's cache, shared by its successive versions. */
    readonly lintCache?: LintCache,
    previous?: DocumentAnalysis,
  ) {
    this.document = TextDocument.create(document.uri, document.languageId, document.version, document.getText());
    this.positions = new PositionMapper(this.document);
    this.#previous = previous;
  }

  get text(): string {
    return this.positions.text;
  }

  get version(): number {
    return this.document.version;
  }

  get parsed(): ParseResult {
    if (!this.#parsed) {
      const previous = this.#previous;
      const before = previous ? previous.#parsed : undefined;
      this.#parsed = previous && before ? reparse(this.text, { text: previous.text, parsed: before }) : parse(this.text);
      this.#previous = undefined;
    }
    return this.#parsed;
  }

  /** The model with BuildKit's scoping, as `docker build` and the lint checks read the file. */
  get semantic(): SemanticModel {
    this.#semantic ??= analyze(this.parsed.ast);
    return this.#semantic;
  }

  get lint(): LintResult {
    if (!this.#lint) {
      // The mapper already dropped one byte-order mark; the linter would drop a second one and
      // parse what is left itself, so a text that still starts with one gets no shared parse.
      const shared = this.text.startsWith("\uFEFF") ? {} : { parsed: this.parsed, semantic: this.semantic };
      this.#lint = lintText(this.text, { registry: this.registry, config: this.config, filePath: this.filePath, ...shared, ...(this.lintCache ? { cache: this.lintCache } : {}) });
    }
    return this.#lint;
  }

  /** The top-level instruction whose lines hold the offset (an ONBUILD for its trigger), or null. */
  instructionAt(offset: number): Instruction | null {
    return this.semantic.instructionAt(offset);
  }
}
