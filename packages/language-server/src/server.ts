import { fileURLToPath, pathToFileURL } from "node:url";
import { LintCache, type RuleRegistry } from "@dfbuild/linter";
import {
  type CodeAction,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type DidChangeWatchedFilesRegistrationOptions,
  type InitializeParams,
  type InitializeResult,
  MessageType,
  type Registration,
  RegistrationRequest,
  ShowMessageNotification,
  type TextDocumentPositionParams,
  TextDocumentSyncKind,
  TextDocuments,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { DocumentAnalysis } from "./analysis.js";
import { FIX_ALL_KIND, codeActions, fixAllEdit, isFixAllData } from "./code-actions.js";
import { TRIGGER_CHARACTERS, completion } from "./completion.js";
import { DIAGNOSTIC_SOURCE, diagnosticsOf } from "./diagnostics.js";
import { formatting } from "./formatting.js";
import { hover } from "./hover.js";
import { definition, prepareRename, references, rename } from "./navigation.js";
import { documentSymbols, foldingRanges } from "./outline.js";
import { type ConfigProblem, type ResolvedSettings, SETTINGS_SECTION, SettingsResolver, isConfigFileName } from "./settings.js";

export interface ServerOptions {
  /** The rules to run (the CLI passes dfbuild's). */
  registry: RuleRegistry;
  /** hadolint's `HADOLINT_*` variables are read from here, as `dfbuild lint` reads them. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Server name and version, reported to the client. */
  version?: string;
}

/** The configuration files that apply to Dockerfiles (`.dfbuild.yaml`, hadolint's). */
const CONFIG_GLOBS = ["**/.dfbuild.{yaml,yml}", "**/.hadolint.{yaml,yml}"];

/** A file path for a `file:` URI; null for anything else (an unsaved buffer). */
export function filePathOf(uri: string): string | null {
  if (!uri.startsWith("file:")) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/**
 * The language server: one per editor session. Documents are synced incrementally; each version
 * is parsed, analysed and linted at most once, on first need (`DocumentAnalysis`).
 */
export class DockerfileLanguageServer {
  readonly documents = new TextDocuments(TextDocument);
  readonly #registry: RuleRegistry;
  readonly #settings: SettingsResolver;
  readonly #analyses = new Map<string, DocumentAnalysis>();
  /** Per document: the findings of instruction-scoped rules, reused from one version to the next. */
  readonly #lintCaches = new Map<string, LintCache>();
  /** Per document: its resolved configuration (while the configuration does not change). */
  readonly #configs = new Map<string, Promise<ResolvedSettings>>();
  /** Documents waiting to be linted. */
  readonly #pending = new Set<string>();
  #timer: NodeJS.Immediate | null = null;
  /** Configuration files with a published problem, so the diagnostic goes when the problem does. */
  readonly #configDiagnostics = new Set<string>();
  readonly #shownProblems = new Set<string>();
  #pullSettings = false;
  #canResolveActions = false;
  #watchDynamically = false;
  #workspaceDirectory: string | null = null;
  /** Settings pushed with `workspace/didChangeConfiguration` (or `initializationOptions`), for clients that cannot be asked. */
  #pushedSettings: unknown = undefined;

  constructor(
    readonly connection: Connection,
    readonly options: ServerOptions,
  ) {
    this.#registry = options.registry;
    this.#settings = new SettingsResolver(options.registry, options.env ?? {});
    connection.onInitialize((params) => this.#initialize(params));
    connection.onInitialized(() => {
      this.#registerDynamically().catch((error: unknown) => {
        // Settings are still read on each lint; only changes would go unnoticed.
        connection.console.warn(`dfbuild: the editor did not accept the server's change notifications: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    connection.onDidChangeConfiguration((params) => {
      const settings = (params.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
      if (settings !== undefined) this.#pushedSettings = settings;
      this.#reconfigure();
    });
    connection.onDidChangeWatchedFiles((params) => {
      if (!params.changes.some((change) => isConfigFileName(filePathOf(change.uri) ?? change.uri))) return;
      this.#settings.reloadFiles();
      this.#reconfigure();
    });
    connection.onCodeAction(async (params) => {
      const analysis = await this.analysisFor(params.textDocument.uri);
      if (!analysis) return null;
      return codeActions(analysis, this.#registry, { uri: params.textDocument.uri, range: params.range, only: params.context.only, canResolve: this.#canResolveActions });
    });
    connection.onCodeActionResolve(async (action) => this.#resolveAction(action));
    connection.onHover(async (params) => this.#at(params, (analysis, offset) => hover(analysis, offset)));
    connection.onCompletion(async (params) => this.#at(params, (analysis, offset) => completion(analysis, offset)));
    connection.onDefinition(async (params) => this.#at(params, (analysis, offset) => definition(analysis, params.textDocument.uri, offset)));
    connection.onReferences(async (params) => this.#at(params, (analysis, offset) => references(analysis, params.textDocument.uri, offset, params.context.includeDeclaration)));
    connection.onPrepareRename(async (params) => this.#at(params, (analysis, offset) => prepareRename(analysis, offset)));
    connection.onRenameRequest(async (params) => this.#at(params, (analysis, offset) => rename(analysis, params.textDocument.uri, offset, params.newName)));
    connection.onDocumentSymbol(async (params) => {
      const analysis = await this.analysisFor(params.textDocument.uri);
      return analysis ? documentSymbols(analysis) : null;
    });
    connection.onFoldingRanges(async (params) => {
      const analysis = await this.analysisFor(params.textDocument.uri);
      return analysis ? foldingRanges(analysis) : null;
    });
    connection.onDocumentFormatting(async (params) => {
      const analysis = await this.analysisFor(params.textDocument.uri);
      return analysis ? formatting(analysis) : null;
    });
    connection.onDocumentRangeFormatting(async (params) => {
      const analysis = await this.analysisFor(params.textDocument.uri);
      return analysis ? formatting(analysis, params.range) : null;
    });

    this.documents.onDidOpen((event) => { this.#schedule(event.document.uri); });
    this.documents.onDidChangeContent((event) => { this.#schedule(event.document.uri); });
    this.documents.onDidClose((event) => {
      const { uri } = event.document;
      this.#analyses.delete(uri);
      this.#lintCaches.delete(uri);
      this.#configs.delete(uri);
      this.#pending.delete(uri);
      // A closed file's findings leave the problems list, as in every LSP linter.
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    });
    this.documents.listen(connection);
  }

  #initialize(params: InitializeParams): InitializeResult {
    const capabilities = params.capabilities;
    this.#pullSettings = capabilities.workspace?.configuration === true;
    this.#canResolveActions = capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes("edit") === true;
    this.#watchDynamically = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- clients without workspace folders send only rootUri
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? null;
    this.#workspaceDirectory = folder === null ? null : filePathOf(folder);
    const initial = (params.initializationOptions as Record<string, unknown> | null | undefined)?.settings;
    if (initial !== undefined) this.#pushedSettings = initial;
    return {
      capabilities: {
        positionEncoding: "utf-16",
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: "Dockerfile" },
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
      },
      serverInfo: { name: "dfbuild", version: this.options.version ?? "0.1.0" },
    };
  }

  /**
   * Asks to be told when the settings and configuration files change: one `client/registerCapability`
   * request with ids of the server's own (the protocol asks only that they be unique, and the
   * server never unregisters). vscode-languageserver's `client.register` would make random UUIDs,
   * loading Node's crypto module (and initialising OpenSSL) on every start before the first
   * diagnostics; the request does not wait for them either way.
   */
  async #registerDynamically(): Promise<void> {
    const registrations: Registration[] = [];
    if (this.#pullSettings) registrations.push({ id: "dfbuild.settings", method: DidChangeConfigurationNotification.method, registerOptions: { section: SETTINGS_SECTION } });
    if (this.#watchDynamically) {
      const registerOptions: DidChangeWatchedFilesRegistrationOptions = { watchers: CONFIG_GLOBS.map((globPattern) => ({ globPattern })) };
      registrations.push({ id: "dfbuild.config-files", method: DidChangeWatchedFilesNotification.method, registerOptions });
    }
    if (registrations.length > 0) await this.connection.sendRequest(RegistrationRequest.type, { registrations });
  }

  /** Configuration changed: every open document is read and linted again. */
  #reconfigure(): void {
    // Problems with the old configuration are published again if they are still there.
    for (const uri of this.#configDiagnostics) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.#configDiagnostics.clear();
    this.#configs.clear();
    this.#analyses.clear();
    this.#lintCaches.clear();
    for (const document of this.documents.all()) this.#schedule(document.uri);
  }

  #configFor(uri: string): Promise<ResolvedSettings> {
    let config = this.#configs.get(uri);
    if (!config) {
      config = this.#readConfig(uri);
      this.#configs.set(uri, config);
    }
    return config;
  }

  async #readConfig(uri: string): Promise<ResolvedSettings> {
    let editorSettings: unknown = this.#pushedSettings;
    if (this.#pullSettings) {
      try {
        editorSettings = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
      } catch (error) {
        this.connection.console.warn(`dfbuild: could not read the editor's "${SETTINGS_SECTION}" settings: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const resolved = await this.#settings.resolve(filePathOf(uri), this.#workspaceDirectory, editorSettings);
    this.#reportConfigProblems(resolved.problems);
    for (const warning of resolved.config.warnings) this.connection.console.warn(`dfbuild: ${warning}`);
    return resolved;
  }

  /**
   * A configuration the server cannot read is shown where it can be fixed: as a diagnostic in the
   * configuration file (at its line and column) and once as a message; linting goes on without it.
   */
  #reportConfigProblems(problems: readonly ConfigProblem[]): void {
    const byFile = new Map<string, Diagnostic[]>();
    for (const problem of problems) {
      const key = `${problem.file ?? ""}\0${problem.message}`;
      if (!this.#shownProblems.has(key)) {
        this.#shownProblems.add(key);
        // A notification: window/showMessageRequest would wait for the user to dismiss it.
        void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `dfbuild: ${problem.message} (linting without it)` });
      }
      if (problem.file === null) continue;
      const line = Math.max(0, (problem.line ?? 1) - 1);
      const character = Math.max(0, (problem.column ?? 1) - 1);
      const uri = pathToFileURL(problem.file).href;
      const diagnostics = byFile.get(uri) ?? [];
      diagnostics.push({ range: { start: { line, character }, end: { line, character } }, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: "config", message: problem.detail });
      byFile.set(uri, diagnostics);
    }
    for (const [uri, diagnostics] of byFile) {
      this.#configDiagnostics.add(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
  }

  /** The analysis of a document's current version, or null when the document is not open. */
  async analysisFor(uri: string): Promise<DocumentAnalysis | null> {
    const document = this.documents.get(uri);
    if (!document) return null;
    const cached = this.#analyses.get(uri);
    if (cached?.version === document.version) return cached;
    const { config } = await this.#configFor(uri);
    // The document may have changed while the configuration was read.
    const current = this.documents.get(uri);
    if (!current) return null;
    const again = this.#analyses.get(uri);
    if (again?.version === current.version) return again;
    let cache = this.#lintCaches.get(uri);
    if (!cache) {
      cache = new LintCache();
      this.#lintCaches.set(uri, cache);
    }
    // The version before (when it was parsed) lets the parse re-build only what follows the edit.
    const analysis = new DocumentAnalysis(current, filePathOf(uri) ?? uri, config, this.#registry, cache, again);
    this.#analyses.set(uri, analysis);
    return analysis;
  }

  /**
   * Lints after a change with no delay: at the next turn of the event loop, after every message
   * already received. Linting is synchronous, so the changes that arrive while it runs queue up
   * and are all applied before the next lint, which takes the latest text: a burst of typing
   * costs at most one lint per lint's duration, and a single edit is answered as fast as the lint
   * runs (a fixed debounce would add its delay to every edit).
   */
  #schedule(uri: string): void {
    this.#pending.add(uri);
    if (this.#timer !== null) return;
    this.#timer = setImmediate(() => {
      this.#timer = null;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    const uris = [...this.#pending];
    this.#pending.clear();
    for (const uri of uris) await this.#validate(uri);
  }

  async #validate(uri: string): Promise<void> {
    const analysis = await this.analysisFor(uri);
    if (!analysis) return;
    const diagnostics = diagnosticsOf(analysis, this.#registry);
    // A newer version is already waiting: its own diagnostics follow.
    if (this.documents.get(uri)?.version !== analysis.version) return;
    await this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
    for (const rule of analysis.lint.unavailableRules ?? []) {
      const key = `unavailable\0${rule.id}`;
      if (this.#shownProblems.has(key)) continue;
      this.#shownProblems.add(key);
      this.connection.console.warn(`dfbuild: rule ${rule.id} cannot run: ${rule.reason}`);
    }
  }

  /** Answers a request about a position in an open document; null when the document is not open. */
  async #at<T>(params: TextDocumentPositionParams, answer: (analysis: DocumentAnalysis, offset: number) => T): Promise<T | null> {
    const analysis = await this.analysisFor(params.textDocument.uri);
    return analysis ? answer(analysis, analysis.positions.offset(params.position)) : null;
  }

  async #resolveAction(action: CodeAction): Promise<CodeAction> {
    if (!isFixAllData(action.data)) return action;
    const analysis = await this.analysisFor(action.data.uri);
    // Computed on the current text: the edit must apply to what the editor has now.
    if (!analysis) return action;
    return { ...action, edit: fixAllEdit(analysis, action.data.uri) };
  }
}

/** Starts serving on a connection; resolves when the connection closes. */
export function startServer(connection: Connection, options: ServerOptions): DockerfileLanguageServer {
  const server = new DockerfileLanguageServer(connection, options);
  connection.listen();
  return server;
}
