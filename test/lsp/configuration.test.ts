/**
 * Configuration of `dfbuild lsp --stdio`: the nearest `.dfbuild.yaml`, reloaded when the editor
 * reports it changed (`workspace/didChangeWatchedFiles`), and the editor's `dfbuild` settings
 * (`workspace/configuration`), read again on `workspace/didChangeConfiguration`.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type LspClient, startServer, uriOf } from "./client.js";
import { tempDir } from "../temp-dir.js";

let root: string;
let client: LspClient;
let configFile: string;
let uri: string;

const codes = async (version?: number) => (await client.diagnostics(uri, version)).diagnostics.map((diagnostic) => diagnostic.code);

beforeAll(async () => {
  root = tempDir("dfbuild-lsp-config-");
  configFile = join(root, ".dfbuild.yaml");
  writeFileSync(configFile, "rules:\n  pin-base-image: off\n");
  ({ client } = await startServer({ root, settings: null }));
  uri = uriOf(join(root, "Dockerfile"));
});

afterAll(async () => {
  expect(await client.stop()).toBe(0);
  rmSync(root, { recursive: true, force: true });
});

function configChanged(): Promise<void> {
  return client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(configFile), type: 2 }] });
}

test("the server asks to be told when configuration files and the dfbuild settings change", async () => {
  await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version: 1, text: "FROM ubuntu\nRUN apk add curl\n" } });
  // The nearest .dfbuild.yaml turns pin-base-image off.
  expect(await codes(1)).toEqual(["apk-no-cache"]);
  expect(client.registrations.map((registration) => [registration.method, registration.registerOptions as unknown])).toEqual([
    ["workspace/didChangeConfiguration", { section: "dfbuild" }],
    ["workspace/didChangeWatchedFiles", { watchers: [{ globPattern: "**/.dfbuild.{yaml,yml}" }, { globPattern: "**/.hadolint.{yaml,yml}" }] }],
  ]);
  expect(client.configurationRequests).toBeGreaterThan(0);
});

test("a changed .dfbuild.yaml is read again and open documents linted again", async () => {
  writeFileSync(configFile, "rules:\n  apk-no-cache: off\n");
  await configChanged();
  expect(await codes()).toEqual(["pin-base-image"]);
});

test("the editor's dfbuild settings apply where the file does not decide", async () => {
  client.settings = { rules: { "pin-base-image": "off", "apk-no-cache": "warning" } };
  await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
  // pin-base-image off from the editor; apk-no-cache stays off: the project's file decides it.
  expect(await codes()).toEqual([]);
  client.settings = null;
  await client.connection.sendNotification("workspace/didChangeConfiguration", { settings: null });
  expect(await codes()).toEqual(["pin-base-image"]);
});

test("a configuration file with a mistake: a diagnostic at its position in that file, a message, and linting goes on without it", async () => {
  writeFileSync(configFile, "rules:\n  no-such-rule: off\n");
  await configChanged();
  const inFile = await client.diagnostics(uriOf(configFile));
  expect(inFile.diagnostics).toHaveLength(1);
  expect(inFile.diagnostics[0]).toMatchObject({ severity: 1, source: "dfbuild", code: "config", range: { start: { line: 1, character: 2 } } });
  expect(inFile.diagnostics[0]?.message).toBe('rules.no-such-rule: unknown rule "no-such-rule". Run "dfbuild rules" for the list.');
  expect(await codes()).toEqual(["pin-base-image", "apk-no-cache"]);
  expect(client.messages).toContainEqual({ type: 2, message: `dfbuild: ${configFile}:2:3: rules.no-such-rule: unknown rule "no-such-rule". Run "dfbuild rules" for the list. (linting without it)` });
  // Fixed: the file's diagnostic is cleared.
  writeFileSync(configFile, "rules:\n  apk-no-cache: off\n");
  await configChanged();
  expect((await client.diagnostics(uriOf(configFile))).diagnostics).toEqual([]);
  expect(await codes()).toEqual(["pin-base-image"]);
});
