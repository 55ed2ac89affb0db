/**
 * An editor's side of the Language Server Protocol, for tests: spawns `dfbuild lsp --stdio` (the
 * bundled binary users run), speaks JSON-RPC to it through vscode-languageserver-protocol's
 * node client, answers the server's requests as an editor would, and collects what it publishes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  type ClientCapabilities,
  ConfigurationRequest,
  type InitializeResult,
  LogMessageNotification,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  RegistrationRequest,
  type Registration,
  type TextEdit,
  type WorkspaceEdit,
  ShowMessageNotification,
  type ShowMessageParams,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from "vscode-languageserver-protocol/node";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const bin = join(repo, "packages", "cli", "bin", "dfbuild.cjs");

/** What a capable editor (VS Code, Neovim) announces. */
export const editorCapabilities: ClientCapabilities = {
  workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source", "source.fixAll"] } },
      resolveSupport: { properties: ["edit"] },
      dataSupport: true,
      isPreferredSupport: true,
    },
    hover: { contentFormat: ["markdown", "plaintext"] },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ["markdown", "plaintext"] } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    rename: { prepareSupport: true },
    foldingRange: { lineFoldingOnly: false },
  },
};

export interface StartOptions {
  /** The workspace folder (a temporary directory). */
  root: string;
  /** The editor's `dfbuild` settings, answered to `workspace/configuration`. */
  settings?: unknown;
  capabilities?: ClientCapabilities;
  env?: Record<string, string>;
}

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly registrations: Registration[] = [];
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  settings: unknown;
  configurationRequests = 0;
  #waiters: { test: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void }[] = [];
  readonly #exited: Promise<number | null>;
  stderr = "";

  constructor(
    readonly child: ChildProcess,
    settings: unknown,
  ) {
    this.settings = settings;
    if (!child.stdout || !child.stdin) throw new Error("the server's stdio is not piped");
    this.#exited = new Promise((done) => child.once("exit", (code) => { done(code); }));
    child.stderr?.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      this.#waiters = this.#waiters.filter((waiter) => {
        if (!waiter.test(params)) return true;
        waiter.resolve(params);
        return false;
      });
    });
    this.connection.onNotification(ShowMessageNotification.type, (params) => {
      this.messages.push(params);
    });
    this.connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest(ConfigurationRequest.type, (params) => {
      this.configurationRequests++;
      return params.items.map((item) => (item.section === "dfbuild" ? this.settings : null));
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    this.connection.listen();
  }

  /** The next diagnostics published for `uri` (at `version`, when given), including ones already received. */
  diagnostics(uri: string, version?: number, timeout = 20_000): Promise<PublishDiagnosticsParams> {
    const test = (params: PublishDiagnosticsParams) => params.uri === uri && (version === undefined || params.version === version);
    const seen = this.published.find(test);
    if (seen) {
      this.published.splice(this.published.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolveWaiter, reject) => {
      const timer = setTimeout(() => { reject(new Error(`no diagnostics for ${uri} v${String(version)} within ${timeout} ms; stderr: ${this.stderr}`)); }, timeout);
      this.#waiters.push({
        test,
        resolve: (params) => {
          clearTimeout(timer);
          const index = this.published.indexOf(params);
          if (index >= 0) this.published.splice(index, 1);
          resolveWaiter(params);
        },
      });
    });
  }

  /** `shutdown` then `exit`, as an editor closes a server; resolves to the exit status. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest("shutdown");
    await this.connection.sendNotification("exit");
    const code = await this.#exited;
    this.connection.dispose();
    return code;
  }

  get exited(): Promise<number | null> {
    return this.#exited;
  }
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** Spawns the server and runs `initialize` / `initialized`. */
export async function startServer(options: StartOptions): Promise<{ client: LspClient; initialize: InitializeResult }> {
  const child = spawn(process.execPath, [bin, "lsp", "--stdio"], {
    cwd: options.root,
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, ...options.env },
  });
  const client = new LspClient(child, options.settings ?? null);
  const initialize = await client.connection.sendRequest<InitializeResult>("initialize", {
    processId: process.pid,
    rootUri: uriOf(options.root),
    workspaceFolders: [{ uri: uriOf(options.root), name: "workspace" }],
    capabilities: options.capabilities ?? editorCapabilities,
  });
  await client.connection.sendNotification("initialized", {});
  return { client, initialize };
}

/** Applies LSP edits to a text, as an editor does (edits in one change never overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split("\n");
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((sum, each) => sum + each.length + 1, 0) + character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start.line, b.range.start.character) - offset(a.range.start.line, a.range.start.character));
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, offset(edit.range.start.line, edit.range.start.character)) + edit.newText + result.slice(offset(edit.range.end.line, edit.range.end.character));
  }
  return result;
}

export function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  const edits = edit?.changes?.[uri];
  if (!edits) throw new Error(`no edits for ${uri}`);
  return edits;
}
