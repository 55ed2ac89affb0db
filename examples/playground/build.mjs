#!/usr/bin/env node
// Builds the playground into a directory any static file server can serve (default: ./dist):
//   node examples/playground/build.mjs [OUT-DIR]
// One esbuild browser bundle of the parser, linter, rules and formatter, from their TypeScript
// sources (the "source" export condition), so it needs no `pnpm build` first.
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/**
 * The two Node modules the bundled packages import, as a browser has them. `node:path`: the
 * copy-from-root rule normalizes POSIX paths with it; path-browserify is Node's `path.posix` for
 * browsers. `node:fs`: only the linter's configuration-file loading (`loadConfigFile`,
 * `ConfigResolver`) reads files, and the page never calls it (it lints with the default
 * configuration); the module is empty, so nothing of Node's is in the page.
 */
const browserModules = {
  name: "browser-modules",
  setup(builder) {
    builder.onResolve({ filter: /^node:path$/ }, () => ({ path: require.resolve("path-browserify") }));
    builder.onResolve({ filter: /^node:fs$/ }, () => ({ path: "node:fs", namespace: "not-in-browsers" }));
    builder.onLoad({ filter: /.*/, namespace: "not-in-browsers" }, () => ({ contents: "module.exports = {};", loader: "js" }));
    builder.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [{ text: `${args.path} (imported by ${args.importer}) has no browser version: the playground cannot bundle it` }],
    }));
  },
};

export async function buildPlayground(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(here, "src/main.ts")],
    outfile: join(outDir, "playground.js"),
    bundle: true,
    platform: "browser",
    format: "iife",
    target: "es2022",
    conditions: ["source"],
    minify: true,
    legalComments: "linked",
    metafile: true,
    logLevel: "warning",
    plugins: [browserModules],
  });
  for (const file of ["index.html", "style.css"]) copyFileSync(join(here, file), join(outDir, file));
  return { outDir, bytes: statSync(join(outDir, "playground.js")).size, inputs: Object.keys(result.metafile.inputs).length };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outDir = resolve(process.argv[2] ?? join(here, "dist"));
  const { bytes, inputs } = await buildPlayground(outDir);
  process.stdout.write(`playground: ${outDir} (playground.js ${(bytes / 1024).toFixed(0)} KiB from ${inputs} modules); serve it with any static server, e.g. python3 -m http.server -d ${outDir}\n`);
}
