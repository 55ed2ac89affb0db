// Bundles the CLI for a fast cold start: one small entry plus one chunk per command, so
// `dfbuild lint` loads the linter and never the builder. Run by `pnpm build` (after tsc).
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = join(root, "..", "..");
const outdir = join(root, "dist", "bundle");
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

await build({
  entryPoints: { cli: join(root, "src", "cli.ts") },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  sourcemap: "linked",
  // Workspace packages come from their sources, so the bundle also builds where only npm installed
  // the third-party dependencies at the repository root (pre-commit's node hook install).
  alias: {
    "@dfbuild/parser": join(repo, "packages", "parser", "src", "index.ts"),
    "@dfbuild/linter": join(repo, "packages", "linter", "src", "index.ts"),
    "@dfbuild/rules": join(repo, "rules", "src", "index.ts"),
  },
  conditions: ["source"],
  chunkNames: "chunks/[name]-[hash]",
  // Some dependencies are CommonJS and call require(); give ESM chunks one.
  banner: { js: 'import { createRequire as __dfbuildCreateRequire } from "node:module"; const require = __dfbuildCreateRequire(import.meta.url);' },
  logLevel: "warning",
});

// The shell parser's WebAssembly files sit beside the chunks that load them.
const require = createRequire(join(repo, "packages", "linter", "package.json"));
for (const [file, specifier] of [
  ["web-tree-sitter.wasm", "web-tree-sitter/web-tree-sitter.wasm"],
  ["tree-sitter-bash.wasm", "tree-sitter-bash/tree-sitter-bash.wasm"],
]) {
  copyFileSync(require.resolve(specifier), join(outdir, "chunks", file));
}
