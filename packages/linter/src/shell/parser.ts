/**
 * Loads the bash grammar (tree-sitter-bash, compiled to WebAssembly) on first use. Loading costs
 * tens of milliseconds, so the engine asks for it only when a rule wants a shell-form command,
 * and starts compiling it early, so that V8 compiles on its background threads while the
 * Dockerfile parser runs on the main one.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type * as TreeSitter from "web-tree-sitter";
import type { Parser as TreeSitterParser } from "web-tree-sitter";

/** The part of the WebAssembly API used here (the project's `lib` setting has no WebAssembly types). */
interface WasmModule {
  readonly __brand?: "WebAssembly.Module";
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: unknown): Promise<unknown>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Preparation {
  runtime: Promise<WasmModule>;
  grammar: Promise<WasmModule>;
}

let preparation: Preparation | undefined;
let loading: Promise<TreeSitterParser> | undefined;

/** A wasm file copied beside the bundled CLI, else the one in its npm package. */
function wasmBytes(fileName: string, packagePath: string): Uint8Array {
  const beside = fileURLToPath(new URL(`./${fileName}`, import.meta.url));
  if (existsSync(beside)) return readFileSync(beside);
  return readFileSync(createRequire(import.meta.url).resolve(packagePath));
}

/** Starts reading and compiling the parser without waiting for it. */
export function prepareShellParser(): Preparation {
  if (preparation) return preparation;
  const compile = (fileName: string, packagePath: string) => {
    const compiled = wasm.compile(wasmBytes(fileName, packagePath));
    // Nobody may await it if no rule ends up needing the shell; errors surface in shellParser().
    compiled.catch(() => undefined);
    return compiled;
  };
  preparation = {
    runtime: compile("web-tree-sitter.wasm", "web-tree-sitter/web-tree-sitter.wasm"),
    grammar: compile("tree-sitter-bash.wasm", "tree-sitter-bash/tree-sitter-bash.wasm"),
  };
  return preparation;
}

async function load(): Promise<TreeSitterParser> {
  const { runtime, grammar } = prepareShellParser();
  const { Parser, Language }: typeof TreeSitter = await import("web-tree-sitter");
  const runtimeModule = await runtime;
  await Parser.init({
    // Emscripten's hook: instantiate the runtime we already compiled.
    instantiateWasm(imports: unknown, done: (instance: unknown, module: WasmModule) => void) {
      void wasm.instantiate(runtimeModule, imports).then((instance) => {
        done(instance, runtimeModule);
      });
      return {};
    },
  });
  const language = Language.loadSync(await grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** The shared bash parser; starts loading it if nobody has yet. */
export function shellParser(): Promise<TreeSitterParser> {
  loading ??= load().catch((error: unknown) => {
    // An installation problem (a missing or damaged .wasm file), not a problem with the Dockerfile.
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot load the bash parser (web-tree-sitter.wasm, tree-sitter-bash.wasm): ${reason}`, { cause: error });
  });
  return loading;
}
