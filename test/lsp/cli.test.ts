/**
 * `dfbuild lsp` as a command: its usage errors, and that the server never outlives its editor.
 */
import { spawn, spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { bin, startServer, uriOf } from "./client.js";
import { tempDir } from "../temp-dir.js";

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, "lsp", ...args], { encoding: "utf8", input: "" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("dfbuild lsp", () => {
  test("--help prints the usage", () => {
    const result = run("--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: dfbuild lsp --stdio \[--clientProcessId=PID\]\n/);
  });

  test.each([
    [[], 'dfbuild lsp: --stdio is required (the server talks LSP over standard input and output) (see "dfbuild lsp --help")'],
    [["--socket=5000"], 'dfbuild lsp: --socket=5000: only --stdio is supported (see "dfbuild lsp --help")'],
    [["--node-ipc"], 'dfbuild lsp: --node-ipc: only --stdio is supported (see "dfbuild lsp --help")'],
    [["--stdio", "--clientProcessId=abc"], 'dfbuild lsp: --clientProcessId takes a process id (see "dfbuild lsp --help")'],
    [["--stdio", "--verbose"], 'dfbuild lsp: unknown option "--verbose" (see "dfbuild lsp --help")'],
  ])("%j: a usage error (exit 2)", (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(message);
    expect(result.stdout).toBe("");
  });

  test("the server ends when its standard input closes (the editor went away)", async () => {
    const child = spawn(process.execPath, [bin, "lsp", "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => { done(code); }));
    child.stdin.end();
    expect(await exited).not.toBeNull();
  });

  test("exit without shutdown: status 1, as the protocol says", async () => {
    const root = tempDir("dfbuild-lsp-cli-");
    try {
      const { client } = await startServer({ root });
      await client.connection.sendNotification("exit");
      expect(await client.exited).toBe(1);
      client.connection.dispose();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test("the server publishes its first diagnostics without loading Node's child_process and crypto modules", async () => {
    // vscode-languageserver requires child_process, and vscode-jsonrpc crypto, at their top level
    // for what a stdio server never calls (global module folders, random pipe names); the bundle
    // loads them on first use, off every editor's start-up path.
    const root = tempDir("dfbuild-lsp-loaded-");
    const probe = join(root, "loaded.cjs");
    writeFileSync(probe, 'process.on("exit", () => process.stderr.write(`\\n${JSON.stringify(process.moduleLoadList)}\\n`));\n');
    const { client } = await startServer({ root, env: { NODE_OPTIONS: `--require ${probe}` } });
    const uri = uriOf(join(root, "Dockerfile"));
    await client.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "dockerfile", version: 1, text: "FROM alpine\nRUN apk add curl\n" } });
    expect((await client.diagnostics(uri, 1)).diagnostics.length).toBeGreaterThan(0);
    expect(await client.stop()).toBe(0);
    const loaded = JSON.parse(client.stderr.trim().split("\n").at(-1) ?? "[]") as string[];
    expect(loaded).toContain("NativeModule fs");
    expect(loaded).not.toContain("NativeModule child_process");
    expect(loaded).not.toContain("NativeModule crypto");
  });
});
