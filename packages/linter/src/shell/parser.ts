/**
 * Loads the bash grammar (tree-sitter-bash, compiled to WebAssembly) on first use. Loading costs
 * tens of milliseconds, so the engine asks for it only when a rule wants a shell-form command.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Parser as TreeSitterParser } from "web-tree-sitter";

let loading: Promise<TreeSitterParser> | undefined;

/** A wasm file copied beside the bundled CLI, else the one in its npm package. */
function wasmBytes(fileName: string, packagePath: string): Uint8Array {
  const beside = fileURLToPath(new URL(`./${fileName}`, import.meta.url));
  if (existsSync(beside)) return readFileSync(beside);
  return readFileSync(createRequire(import.meta.url).resolve(packagePath));
}

async function load(): Promise<TreeSitterParser> {
  const runtime = wasmBytes("web-tree-sitter.wasm", "web-tree-sitter/web-tree-sitter.wasm");
  const grammar = wasmBytes("tree-sitter-bash.wasm", "tree-sitter-bash/tree-sitter-bash.wasm");
  const { Parser, Language } = await import("web-tree-sitter");
  await Parser.init({ wasmBinary: runtime });
  const language = await Language.load(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** The shared bash parser; starts loading it if nobody has yet. */
export function shellParser(): Promise<TreeSitterParser> {
  loading ??= load();
  return loading;
}
