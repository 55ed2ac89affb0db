/**
 * The editor features of `dfbuild lsp --stdio` — hover, completion, navigation, rename, outline,
 * folding and formatting — driven over JSON-RPC as an editor drives them; every answer is checked.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { formatDockerfile } from "@dfbuild/fmt";
import type { CompletionItem, DocumentSymbol, FoldingRange, Hover, Location, Range, TextEdit, WorkspaceEdit } from "vscode-languageserver-protocol/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LspClient, applyEdits, editsOf, startServer, uriOf } from "./client.js";
import { tempDir } from "../temp-dir.js";

let root: string;
let client: LspClient;
let documentCount = 0;

beforeAll(async () => {
  root = tempDir("dfbuild-lsp-features-");
  const started = await startServer({ root });
  client = started.client;
  expect(started.initialize.capabilities).toMatchObject({
    hoverProvider: true,
    completionProvider: { triggerCharacters: ["$", "{", "-", "=", ",", " "] },
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentSymbolProvider: { label: "Dockerfile" },
    foldingRangeProvider: true,
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
  });
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
  rmSync(root, { recursive: true, force: true });
});

async function open(text: string): Promise<string> {
  const uri = uriOf(join(root, `Dockerfile.${String(++documentCount)}`));
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version: 1, text } });
  await client.diagnostics(uri, 1);
  return uri;
}

function request<T>(method: string, uri: string, line: number, character: number, extra: object = {}): Promise<T> {
  return client.connection.sendRequest<T>(method, { textDocument: { uri }, position: { line, character }, ...extra });
}

const span = (range: Range) => `${String(range.start.line)}:${String(range.start.character)}-${String(range.end.line)}:${String(range.end.character)}`;
const spans = (locations: readonly Location[]) => locations.map((location) => span(location.range));

/** Lines 0–15: global ARG, two stages, a variable in shell text, a heredoc, a stage reference. */
const dockerfile = [
  "# syntax=docker/dockerfile:1",
  "ARG BASE=alpine:3.20",
  "# builder",
  "# compiles",
  "FROM ${BASE} AS build",
  "ARG BASE",
  "ENV DIR=/src GO=1",
  "RUN echo $DIR \\",
  "    && echo ${BASE}",
  "COPY <<EOF /x",
  "hi",
  "EOF",
  "",
  "FROM build AS final",
  "COPY --from=build /a /b",
  "HEALTHCHECK --interval=5s CMD true",
  "",
].join("\n");

describe("hover", () => {
  let uri: string;
  beforeAll(async () => {
    uri = await open(dockerfile);
  });
  const hoverAt = (line: number, character: number) => request<Hover | null>("textDocument/hover", uri, line, character);
  const markdown = (hover: Hover | null) => (hover?.contents as { kind: string; value: string } | undefined)?.value;

  test("a variable: its value at that line and where it comes from", async () => {
    const dir = await hoverAt(7, 11);
    expect(dir).toEqual({ contents: { kind: "markdown", value: "`DIR` = `/src`\n\nENV on line 7" }, range: { start: { line: 7, character: 10 }, end: { line: 7, character: 13 } } });
    // In FROM, the global ARG.
    expect(markdown(await hoverAt(4, 8))).toBe("`BASE` = `alpine:3.20`\n\nARG on line 2 (global)");
    // In the stage, `ARG BASE` takes the global value.
    expect(markdown(await hoverAt(8, 15))).toBe("`BASE` = `alpine:3.20`\n\nARG on line 6; from the global ARG");
  });

  test("an instruction keyword and a flag: our documentation", async () => {
    const run = await hoverAt(7, 1);
    expect(run?.range).toEqual({ start: { line: 7, character: 0 }, end: { line: 7, character: 3 } });
    expect(markdown(run)).toBe(
      "```dockerfile\nRUN [--mount=…] [--network=…] [--security=…] <command>\nRUN [\"executable\", \"param\"…]\n```\n\n" +
        "Runs a command in a new layer on top of the image and commits the result. The shell form runs under `SHELL` (default `/bin/sh -c`); the exec form runs the program directly, with no variable expansion.\n\n" +
        "[Dockerfile reference: RUN](https://docs.docker.com/reference/dockerfile/#run)",
    );
    const interval = await hoverAt(15, 14);
    expect(markdown(interval)).toBe("`--interval` (HEALTHCHECK)\n\nTime between checks (default `30s`).");
    expect(interval?.range).toEqual({ start: { line: 15, character: 12 }, end: { line: 15, character: 25 } });
  });

  test("a stage reference: the stage it names", async () => {
    expect(markdown(await hoverAt(14, 14))).toBe("Build stage `build` (index 0)\n\n`FROM ${BASE} AS build`\n\nReferred to 2 times in this file.");
  });

  test("on a finding: the rule's documentation after the symbol's", async () => {
    const other = await open("FROM ubuntu\n");
    const value = markdown(await request<Hover | null>("textDocument/hover", other, 0, 7));
    expect(value?.split("\n\n---\n\n")).toEqual([
      "Image `ubuntu`",
      expect.stringMatching(/^\*\*pin-base-image\*\* \(DL3006\): .+ — \[documentation\]\(https:\/\/github\.com\/dfbuild\/dfbuild\/blob\/main\/rules\/src\/pin-base-image\.md\)$/) as unknown,
    ]);
  });

  test("nothing to say: null", async () => {
    expect(await hoverAt(10, 1)).toBeNull();
  });
});

describe("definition, references, rename", () => {
  let uri: string;
  beforeAll(async () => {
    uri = await open(dockerfile);
  });

  test("definition: the ARG a variable reaches (and the global one it takes its value from); a stage's name", async () => {
    expect(spans(await request<Location[]>("textDocument/definition", uri, 8, 14))).toEqual(["5:4-5:8", "1:4-1:8"]);
    expect(spans(await request<Location[]>("textDocument/definition", uri, 7, 11))).toEqual(["6:4-6:7"]);
    expect(spans(await request<Location[]>("textDocument/definition", uri, 14, 14))).toEqual(["4:16-4:21"]);
    expect(spans(await request<Location[]>("textDocument/definition", uri, 13, 6))).toEqual(["4:16-4:21"]);
    expect(await request<Location[]>("textDocument/definition", uri, 15, 30)).toEqual([]);
  });

  test("references: every use, with or without the declarations", async () => {
    const global = await request<Location[]>("textDocument/references", uri, 1, 5, { context: { includeDeclaration: true } });
    expect(global.every((location) => location.uri === uri)).toBe(true);
    expect(spans(global)).toEqual(["1:4-1:8", "4:7-4:11", "5:4-5:8", "8:14-8:18"]);
    expect(spans(await request<Location[]>("textDocument/references", uri, 4, 18, { context: { includeDeclaration: false } }))).toEqual(["13:5-13:10", "14:12-14:17"]);
    expect(spans(await request<Location[]>("textDocument/references", uri, 4, 18, { context: { includeDeclaration: true } }))).toEqual(["4:16-4:21", "13:5-13:10", "14:12-14:17"]);
  });

  test("prepareRename: the name under the cursor, or null where nothing can be renamed", async () => {
    expect(await request("textDocument/prepareRename", uri, 14, 14)).toEqual({ range: { start: { line: 14, character: 12 }, end: { line: 14, character: 17 } }, placeholder: "build" });
    expect(await request("textDocument/prepareRename", uri, 8, 15)).toEqual({ range: { start: { line: 8, character: 14 }, end: { line: 8, character: 18 } }, placeholder: "BASE" });
    expect(await request("textDocument/prepareRename", uri, 7, 1)).toBeNull();
    // An image is not a stage.
    expect(await request("textDocument/prepareRename", uri, 4, 8)).not.toBeNull();
    const image = await open("FROM alpine:3.20 AS a\nCOPY --from=0 /a /b\n");
    expect(await request("textDocument/prepareRename", image, 0, 7)).toBeNull();
    // Referred to by index: the index is not a name to rename.
    expect(await request("textDocument/prepareRename", image, 1, 12)).toBeNull();
  });

  test("rename a stage: its AS name and the references that name it, not those by index", async () => {
    const text = "FROM alpine:3.20 AS Build\nRUN true\nFROM build\nCOPY --from=BUILD /a /b\nCOPY --from=0 /c /d\nRUN --mount=from=build,target=/x true\n";
    const other = await open(text);
    const edit = await request<WorkspaceEdit>("textDocument/rename", other, 3, 13, { newName: "compile" });
    expect(applyEdits(text, editsOf(edit, other))).toBe("FROM alpine:3.20 AS compile\nRUN true\nFROM compile\nCOPY --from=compile /a /b\nCOPY --from=0 /c /d\nRUN --mount=from=compile,target=/x true\n");
  });

  test("rename a variable: the global ARG, the stage's ARG and every reference, in FROM and in shell text", async () => {
    const edit = await request<WorkspaceEdit>("textDocument/rename", uri, 1, 6, { newName: "BASE_IMAGE" });
    const edits = editsOf(edit, uri);
    expect(edits.map((each: TextEdit) => span(each.range))).toEqual(["1:4-1:8", "4:7-4:11", "5:4-5:8", "8:14-8:18"]);
    expect(applyEdits(dockerfile, edits).split("\n").slice(1, 9)).toEqual([
      "ARG BASE_IMAGE=alpine:3.20",
      "# builder",
      "# compiles",
      "FROM ${BASE_IMAGE} AS build",
      "ARG BASE_IMAGE",
      "ENV DIR=/src GO=1",
      "RUN echo $DIR \\",
      "    && echo ${BASE_IMAGE}",
    ]);
  });

  test("a new name the builder would not read is refused with the reason", async () => {
    await expect(request("textDocument/rename", uri, 7, 11, { newName: "1DIR" })).rejects.toThrow('"1DIR" is not a variable name: use letters, digits and _, not starting with a digit');
    await expect(request("textDocument/rename", uri, 4, 18, { newName: "my stage" })).rejects.toThrow('"my stage" is not a stage name');
    await expect(request("textDocument/rename", uri, 4, 18, { newName: "Final" })).rejects.toThrow('stage "Final" already exists (line 14)');
  });
});

describe("outline and folding", () => {
  test("document symbols: global ARGs, then stages holding their instructions (ARG and ENV holding their variables)", async () => {
    const uri = await open(dockerfile);
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    const outline = (symbol: DocumentSymbol): unknown[] => [symbol.name, symbol.detail ?? null, symbol.kind, span(symbol.range), span(symbol.selectionRange), ...(symbol.children ? [symbol.children.map(outline)] : [])];
    expect(symbols.map(outline)).toEqual([
      ["ARG", "BASE=alpine:3.20", 13, "1:0-1:20", "1:0-1:3", [["BASE", null, 13, "1:4-1:20", "1:4-1:8"]]],
      [
        "build",
        "FROM ${BASE}",
        2,
        "4:0-11:3",
        "4:16-4:21",
        [
          ["ARG", "BASE", 13, "5:0-5:8", "5:0-5:3", [["BASE", null, 13, "5:4-5:8", "5:4-5:8"]]],
          ["ENV", "DIR=/src GO=1", 13, "6:0-6:17", "6:0-6:3", [["DIR", null, 14, "6:4-6:12", "6:4-6:7"], ["GO", null, 14, "6:13-6:17", "6:13-6:15"]]],
          ["RUN", "echo $DIR && echo ${BASE}", 12, "7:0-8:19", "7:0-7:3"],
          ["COPY", "<<EOF /x", 12, "9:0-11:3", "9:0-9:4"],
        ],
      ],
      [
        "final",
        "FROM build",
        2,
        "13:0-15:34",
        "13:14-13:19",
        [
          ["COPY", "--from=build /a /b", 12, "14:0-14:23", "14:0-14:4"],
          ["HEALTHCHECK", "--interval=5s CMD true", 12, "15:0-15:34", "15:0-15:11"],
        ],
      ],
    ]);
  });

  test("folding ranges: stages, multi-line instructions, heredoc bodies, comment blocks", async () => {
    const uri = await open(dockerfile);
    expect(await client.connection.sendRequest<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri } })).toEqual([
      { startLine: 2, endLine: 3, kind: "comment" },
      { startLine: 4, endLine: 11, kind: "region" },
      { startLine: 7, endLine: 8 },
      { startLine: 9, endLine: 11 },
      { startLine: 10, endLine: 11 },
      { startLine: 13, endLine: 15, kind: "region" },
    ]);
  });
});

describe("formatting", () => {
  const messy = 'from alpine:3.20 as base\nrun  echo hi\nFROM base\nCMD ["a","b"]\n';
  const options = { tabSize: 2, insertSpaces: true };

  test("the whole document: dfbuild fmt's output, as small edits", async () => {
    const uri = await open(messy);
    const edits = await client.connection.sendRequest<TextEdit[]>("textDocument/formatting", { textDocument: { uri }, options });
    const formatted = formatDockerfile(messy).text;
    expect(formatted).toBe('FROM alpine:3.20 AS base\nRUN echo hi\n\nFROM base\nCMD ["a", "b"]\n');
    expect(applyEdits(messy, edits)).toBe(formatted);
    // Only what changed: no edit touches the unchanged FROM base line.
    expect(edits.some((edit) => edit.range.start.line <= 2 && edit.range.end.line >= 2 && edit.range.end.character > 0 && edit.newText !== "\n")).toBe(false);
  });

  test("a range: only the edits on its lines", async () => {
    const uri = await open(messy);
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } };
    const edits = await client.connection.sendRequest<TextEdit[]>("textDocument/rangeFormatting", { textDocument: { uri }, range, options });
    expect(applyEdits(messy, edits)).toBe('from alpine:3.20 as base\nRUN echo hi\nFROM base\nCMD ["a","b"]\n');
  });

  test("a file BuildKit cannot parse: an error with its position, and no edits", async () => {
    const uri = await open('FROM a\nCMD ["a", 1]\n');
    await expect(client.connection.sendRequest("textDocument/formatting", { textDocument: { uri }, options })).rejects.toThrow(
      "dfbuild fmt: 2:5: when using JSON array syntax, arrays must be comprised of strings only (BuildKit cannot parse the file: fix this before formatting it)",
    );
  });
});

describe("completion", () => {
  async function complete(text: string, line: number, character: number): Promise<CompletionItem[]> {
    const uri = await open(text);
    const result = await request<CompletionItem[] | null>("textDocument/completion", uri, line, character);
    return result ?? [];
  }
  const labels = (items: readonly CompletionItem[]) => items.map((item) => item.label);

  test("instructions at the start of a line, with their documentation", async () => {
    const items = await complete("FROM alpine:3.20\nRU", 1, 2);
    expect(labels(items)).toEqual(["FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"]);
    const run = items.find((item) => item.label === "RUN");
    expect(run?.textEdit).toEqual({ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }, newText: "RUN " });
    expect(run?.detail).toBe("RUN [--mount=…] [--network=…] [--security=…] <command>");
    // After ONBUILD: what a trigger may be.
    expect(labels(await complete("FROM alpine:3.20\nONBUILD ", 1, 8))).not.toContain("FROM");
    expect(labels(await complete("FROM alpine:3.20\nONBUILD ", 1, 8))).toHaveLength(15);
    // Not on a continuation line: that is the RUN's text.
    expect(await complete("FROM alpine:3.20\nRUN echo \\\n  ec", 2, 4)).toEqual([]);
  });

  test("an instruction's flags, less the ones already given", async () => {
    const items = await complete("FROM alpine:3.20\nCOPY --link --", 1, 14);
    expect(labels(items)).toEqual(["--chown", "--from", "--chmod", "--exclude", "--parents"]);
    expect(items[1]?.textEdit).toEqual({ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 14 } }, newText: "--from=" });
    expect(labels(await complete("FROM alpine:3.20\nRUN -", 1, 5))).toEqual(["--device", "--mount", "--network", "--security"]);
  });

  test("stage names after --from= and in FROM: the earlier stages, nearest first", async () => {
    const text = "FROM alpine:3.20 AS deps\nFROM alpine:3.20\nFROM alpine:3.20 AS app\nCOPY --from=d";
    const items = await complete(text, 3, 13);
    expect(items.map((item) => [item.label, item.sortText])).toEqual([
      ["deps", "0002"],
      ["1", "0001"],
    ]);
    expect(items[0]?.textEdit).toEqual({ range: { start: { line: 3, character: 12 }, end: { line: 3, character: 13 } }, newText: "deps" });
    expect(labels(await complete("FROM alpine:3.20 AS deps\nFROM alpine:3.20 AS app\nRUN --mount=type=cache,from=", 2, 28))).toEqual(["deps"]);
    expect(labels(await complete("FROM alpine:3.20 AS deps\nFROM ", 1, 5))).toEqual(["deps"]);
  });

  test("variables in scope after $ and ${, with their values", async () => {
    const items = await complete("ARG G=0\nFROM alpine:3.20\nARG V=1\nENV W=2\nRUN echo ${", 4, 11);
    const v = items.find((item) => item.label === "V");
    expect(v).toMatchObject({ detail: "= `1`", textEdit: { range: { start: { line: 4, character: 11 }, end: { line: 4, character: 11 } }, newText: "V}" } });
    expect(items.find((item) => item.label === "W")?.detail).toBe("= `2`");
    // The global ARG is not in a stage's scope unless declared there.
    expect(labels(items)).not.toContain("G");
    const plain = await complete("FROM alpine:3.20\nENV HOME_DIR=/h\nWORKDIR $HO", 2, 11);
    expect(plain.find((item) => item.label === "HOME_DIR")?.textEdit).toEqual({ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 11 } }, newText: "HOME_DIR" });
  });

  test("rule names in ignore comments: dfbuild ids, hadolint codes, BuildKit check names", async () => {
    const dfbuild = await complete("FROM alpine:3.20\n# dfbuild-ignore apt-get-yes, ", 1, 30);
    expect(labels(dfbuild)).toContain("pin-base-image");
    expect(labels(dfbuild)).not.toContain("apt-get-yes");
    expect(labels(dfbuild)).not.toContain("parse-error");
    expect(dfbuild.find((item) => item.label === "pin-base-image")?.detail).toBe("DL3006");
    // After "--" comes the reason.
    expect(await complete("FROM alpine:3.20\n# dfbuild-ignore apt-get-yes -- because ", 1, 40)).toEqual([]);
    const hadolint = await complete("FROM alpine:3.20\n# hadolint ignore=DL3008,DL30", 1, 29);
    expect(hadolint.find((item) => item.label === "DL3006")).toMatchObject({ detail: "pin-base-image", textEdit: { range: { start: { line: 1, character: 25 }, end: { line: 1, character: 29 } }, newText: "DL3006" } });
    expect(labels(hadolint).every((label) => /^DL\d{4}$/.test(label))).toBe(true);
    const checks = await complete("# check=skip=", 0, 13);
    expect(labels(checks)).toContain("StageNameCasing");
    expect(labels(checks).every((label) => /^[A-Z][A-Za-z]+$/.test(label))).toBe(true);
  });
});
