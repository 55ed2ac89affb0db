/**
 * `dfbuild lsp --stdio` driven as an editor drives it, over JSON-RPC: every answer is checked.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { CodeAction, Diagnostic } from "vscode-languageserver-protocol/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LspClient, applyEdits, editsOf, startServer, uriOf } from "./client.js";
import { tempDir } from "../temp-dir.js";

const summary = (diagnostic: Diagnostic) => [
  diagnostic.code,
  `${diagnostic.range.start.line}:${diagnostic.range.start.character}-${diagnostic.range.end.line}:${diagnostic.range.end.character}`,
  diagnostic.severity,
];

let root: string;
let client: LspClient;
let documentCount = 0;

/** Opens a new document (its own URI) and waits for its first diagnostics. */
async function open(text: string, name = `Dockerfile.${++documentCount}`): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = uriOf(join(root, name));
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version: 1, text } });
  return { uri, diagnostics: (await client.diagnostics(uri, 1)).diagnostics };
}

beforeAll(async () => {
  root = tempDir("dfbuild-lsp-");
  const started = await startServer({ root });
  client = started.client;
  expect(started.initialize.serverInfo).toEqual({ name: "dfbuild", version: "0.1.0" });
  expect(started.initialize.capabilities.textDocumentSync).toEqual({ openClose: true, change: 2 });
  expect(started.initialize.capabilities.positionEncoding).toBe("utf-16");
  expect(started.initialize.capabilities.codeActionProvider).toEqual({ codeActionKinds: ["quickfix", "source.fixAll.dfbuild"], resolveProvider: true });
});

afterAll(async () => {
  // shutdown, then exit: the server ends with status 0.
  expect(await client.stop()).toBe(0);
  rmSync(root, { recursive: true, force: true });
});

describe("diagnostics", () => {
  test("every finding with its exact range, rule id, severity and documentation link", async () => {
    const { diagnostics } = await open("FROM ubuntu\nRUN apt-get install curl\nMAINTAINER me\n");
    expect(diagnostics.map(summary)).toEqual([
      ["pin-base-image", "0:5-0:11", 2],
      ["apt-get-yes", "1:4-1:24", 2],
      ["apt-no-install-recommends", "1:4-1:24", 3],
      ["maintainer-deprecated", "2:0-2:10", 2],
    ]);
    const [, yes, , maintainer] = diagnostics;
    expect(yes).toMatchObject({
      source: "dfbuild",
      codeDescription: { href: "https://github.com/dfbuild/dfbuild/blob/main/rules/src/apt-get-yes.md" },
      message: expect.stringContaining("add -y") as unknown,
    });
    expect(maintainer?.tags).toEqual([2]);
  });

  test("parse errors at their position, as BuildKit words them", async () => {
    const { diagnostics } = await open('FROM alpine:3.20\nCMD ["a", 1]\n');
    const error = diagnostics.find((diagnostic) => diagnostic.code === "parse-error");
    expect(error?.severity).toBe(1);
    expect(error?.range.start.line).toBe(1);
  });

  test("incremental changes are applied and linted again, with the document's version", async () => {
    const { uri, diagnostics } = await open("FROM alpine:3.20\nRUN apk add curl\n");
    expect(diagnostics.map(summary)).toEqual([["apk-no-cache", "1:4-1:16", 3]]);
    // Type --no-cache after "add ", then break the FROM line, in two incremental changes.
    await client.connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, text: "--no-cache " },
        { range: { start: { line: 0, character: 11 }, end: { line: 0, character: 16 } }, text: "" },
      ],
    });
    const after = await client.diagnostics(uri, 2);
    expect(after.diagnostics.map(summary)).toEqual([["pin-base-image", "0:5-0:11", 2]]);
  });

  test("text after a lone carriage return: LSP lines, BuildKit's instructions", async () => {
    // BuildKit ends lines at \n only (a lone \r is in the line); editors count \r as a line end.
    const { diagnostics } = await open("FROM alpine:3.20\rRUN x\nRUN apk add curl\n");
    // The FROM takes "RUN x" as arguments: its error ends on the second LSP line.
    expect(diagnostics.map(summary)).toEqual([
      ["parse-error", "0:5-1:5", 1],
      ["apk-no-cache", "2:4-2:16", 3],
    ]);
  });

  test("a closed document's diagnostics are cleared", async () => {
    const { uri } = await open("FROM ubuntu\n");
    await client.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    expect((await client.diagnostics(uri)).diagnostics).toEqual([]);
  });
});

describe("code actions", () => {
  const text = "FROM alpine:3.20\nRUN apt-get install curl\nMAINTAINER me\n";

  async function actionsAt(uri: string, line: number, character: number, only?: string[]): Promise<CodeAction[]> {
    const range = { start: { line, character }, end: { line, character } };
    return client.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range, context: { diagnostics: [], ...(only ? { only } : {}) } });
  }

  test("the fix, the suggestion and ignore comments for each finding, and fix all", async () => {
    const { uri } = await open(text);
    const actions = await actionsAt(uri, 1, 6);
    expect(actions.map((action) => [action.title, action.kind, action.isPreferred ?? false])).toEqual([
      ["Fix this apt-get-yes problem", "quickfix", true],
      ["Ignore apt-get-yes for this instruction", "quickfix", false],
      ["Ignore apt-get-yes in this file", "quickfix", false],
      ["Add --no-install-recommends (check that nothing the image uses came in as a recommendation) (apt-no-install-recommends)", "quickfix", false],
      ["Ignore apt-no-install-recommends for this instruction", "quickfix", false],
      ["Ignore apt-no-install-recommends in this file", "quickfix", false],
      ["Fix all auto-fixable dfbuild problems", "quickfix", false],
    ]);
    const [fix, ignoreLine, ignoreFile, suggestion, , , fixAll] = actions;
    expect(fix?.diagnostics?.map(summary)).toEqual([["apt-get-yes", "1:4-1:24", 2]]);
    expect(applyEdits(text, editsOf(fix?.edit, uri))).toBe("FROM alpine:3.20\nRUN apt-get install -y curl\nMAINTAINER me\n");
    expect(applyEdits(text, editsOf(ignoreLine?.edit, uri))).toBe("FROM alpine:3.20\n# dfbuild-ignore apt-get-yes\nRUN apt-get install curl\nMAINTAINER me\n");
    expect(applyEdits(text, editsOf(ignoreFile?.edit, uri))).toBe("# dfbuild-ignore-file apt-get-yes\n" + text);
    expect(applyEdits(text, editsOf(suggestion?.edit, uri))).toBe("FROM alpine:3.20\nRUN apt-get install --no-install-recommends curl\nMAINTAINER me\n");
    // Fix all is resolved on demand (the editor said it can).
    expect(fixAll?.edit).toBeUndefined();
    const resolved = await client.connection.sendRequest<CodeAction>("codeAction/resolve", fixAll);
    expect(applyEdits(text, editsOf(resolved.edit, uri))).toBe('FROM alpine:3.20\nRUN apt-get install -y curl\nLABEL maintainer="me"\n');
  });

  test("an ignore comment silences the finding, and a second rule joins the comment", async () => {
    const { uri } = await open(text);
    const ignore = (await actionsAt(uri, 1, 6)).find((action) => action.title === "Ignore apt-get-yes for this instruction");
    const ignored = applyEdits(text, editsOf(ignore?.edit, uri));
    await client.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: ignored }] });
    const after = await client.diagnostics(uri, 2);
    expect(after.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["apt-no-install-recommends", "maintainer-deprecated"]);
    const second = (await actionsAt(uri, 2, 6)).find((action) => action.title === "Ignore apt-no-install-recommends for this instruction");
    expect(applyEdits(ignored, editsOf(second?.edit, uri))).toBe("FROM alpine:3.20\n# dfbuild-ignore apt-get-yes, apt-no-install-recommends\nRUN apt-get install curl\nMAINTAINER me\n");
  });

  test("source.fixAll.dfbuild (on save) comes with its edit, as small edits", async () => {
    const { uri } = await open(text);
    const actions = await actionsAt(uri, 0, 0, ["source.fixAll"]);
    expect(actions.map((action) => action.kind)).toEqual(["source.fixAll.dfbuild"]);
    const edits = editsOf(actions[0]?.edit, uri);
    expect(edits).toEqual([
      { range: { start: { line: 1, character: 20 }, end: { line: 1, character: 20 } }, newText: "-y " },
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 13 } }, newText: 'LABEL maintainer="me"' },
    ]);
    // The light bulb (no kind asked for) never computes it.
    expect((await actionsAt(uri, 0, 0)).some((action) => action.kind === "source.fixAll.dfbuild")).toBe(false);
  });

  test("a parse error offers no ignore comment (it cannot be ignored)", async () => {
    const { uri } = await open('FROM alpine:3.20\nCMD ["a", 1]\n');
    const actions = await actionsAt(uri, 1, 2);
    expect(actions.filter((action) => action.title.includes("parse-error"))).toEqual([]);
  });

  test("ignore comments keep the instruction's indentation and the file's directives first", async () => {
    const source = "# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:3.20\n  RUN apt-get install -y curl\n";
    const { uri } = await open(source);
    const actions = await actionsAt(uri, 3, 8);
    const line = actions.find((action) => action.title === "Ignore apt-no-install-recommends for this instruction");
    const file = actions.find((action) => action.title === "Ignore apt-no-install-recommends in this file");
    expect(applyEdits(source, editsOf(line?.edit, uri))).toBe("# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:3.20\n  # dfbuild-ignore apt-no-install-recommends\n  RUN apt-get install -y curl\n");
    expect(applyEdits(source, editsOf(file?.edit, uri))).toBe("# syntax=docker/dockerfile:1\n# escape=\\\n# dfbuild-ignore-file apt-no-install-recommends\nFROM alpine:3.20\n  RUN apt-get install -y curl\n");
  });
});
