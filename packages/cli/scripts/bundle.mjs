// Bundles the CLI for a fast cold start (run by `pnpm build`, and after `npm install` at the
// repository root, which is how pre-commit installs the hook: `npm pack` must print nothing but
// the tarball's name, so no script may run there):
//  - dist/bundle/cli.cjs holds the command table and nothing else; each command it loads is a
//    bundle of its own (dist/bundle/commands/<name>.cjs), loaded only when it runs,
//    so `dfbuild lint` never loads the builder;
//  - libraries loaded on demand (yaml, tinyglobby) are bundles of their own under dist/bundle/lib/;
//  - CommonJS, so bin/dfbuild.cjs can load the bundles through V8's code cache (ES modules
//    cannot use one on Node 20); a first run of the linter here writes the caches.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import process from "node:process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// Installed from the packed tarball: the bundle ships built, and there are no sources to build.
if (!existsSync(join(root, "src"))) process.exit(0);
const { build } = await import("esbuild");
const repo = join(root, "..", "..");
const outdir = join(root, "dist", "bundle");
rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(outdir, "commands"), { recursive: true });

// The commands are what the command table loads: `import("./commands/<name>.js")` in main.ts.
const commands = [...readFileSync(join(root, "src", "main.ts"), "utf8").matchAll(/import\("\.\/commands\/([\w-]+)\.js"\)/g)].map((match) => match[1]);

/**
 * Chevrotain's package does not declare `sideEffects: false`, so every bundle that imports its
 * lexer keeps its parser too, because the parser module's top level mixes the recognizer into the
 * Parser class (`applyMixins(Parser, [...])`, which touches nothing outside that module). Marked
 * side-effect free, the modules a bundle does not use are left out: `dfbuild lint` lexes with
 * the parser's own mode loop (`ModeLexer`) and groups lines with `groupLines`, and builds
 * neither Chevrotain's lexer nor its parser class at each start.
 */
function chevrotainTreeShaken() {
  return {
    name: "chevrotain-tree-shaken",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.chevrotainTreeShaken || !/[\\/](chevrotain|@chevrotain[\\/][\w-]+)[\\/]/.test(args.importer) && !/^(chevrotain|@chevrotain\/)/.test(args.path)) return undefined;
        const resolved = await pluginBuild.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { chevrotainTreeShaken: true } });
        if (resolved.errors.length > 0 || resolved.external) return resolved;
        return { ...resolved, sideEffects: false };
      });
    },
  };
}

/**
 * Node modules the language server's libraries load at their top level for paths dfbuild's server
 * never takes; each costs every `dfbuild lsp` start milliseconds before its first diagnostics:
 * - vscode-languageserver's Node entry loads child_process for finding global npm and yarn module
 *   folders (lib/node/files.js), and with it the net and stream modules;
 * - vscode-jsonrpc's Node entry and runtime (lib/node/main.js, lib/node/ril.js) load crypto, for
 *   random pipe names (pipe and socket transports, not stdio) and `RIL().crypto.randomUUID`, and
 *   with it OpenSSL's initialisation (~9 ms of CPU at start).
 * The bundle gives those imports a stand-in that loads the module on first use (the libraries read
 * its functions only when they call them).
 */
const ON_FIRST_USE = { child_process: /[\\/]vscode-languageserver[\\/]/, crypto: /[\\/]vscode-jsonrpc[\\/]/ };

function builtinsOnFirstUse() {
  return {
    name: "builtins-on-first-use",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^(node:)?(child_process|crypto)$/ }, (args) => {
        const name = args.path.replace(/^node:/, "");
        return ON_FIRST_USE[name].test(args.importer) ? { path: name, namespace: "on-first-use" } : undefined;
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: "on-first-use" }, (args) => ({
        contents: `let loaded;\nmodule.exports = new Proxy({}, { get: (_, key) => (loaded ??= require("node:${args.path}"))[key] });\n`,
        loader: "js",
      }));
    },
  };
}

/**
 * Libraries the lint rules call only for some label values: email-addresses for an `email` label,
 * spdx-expression-parse (with its tables of license ids) for an `spdx` one
 * (rules/src/utils/label-values.ts). Imported as they are, each bundle that lints would run their
 * module code at every start (~1.3M instructions of a `dfbuild lint`, and their functions in its
 * code cache) though most Dockerfiles have no such label. The bundle gives those imports a
 * stand-in that loads the library at its first call or property read; the library itself is
 * still in the bundle (esbuild runs a CommonJS module's code at its first `require`).
 */
const ON_FIRST_CALL = /^(email-addresses|spdx-expression-parse)$/;

function librariesOnFirstCall() {
  return {
    name: "libraries-on-first-call",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: ON_FIRST_CALL }, (args) =>
        args.pluginData?.onFirstCall ? undefined : { path: args.path, namespace: "on-first-call", pluginData: { resolveDir: args.resolveDir } },
      );
      pluginBuild.onLoad({ filter: /.*/, namespace: "on-first-call" }, (args) => ({
        // `__esModule` is what esbuild's interop reads of every CommonJS import at once: these
        // libraries have none, so it is answered without loading them.
        contents: `let loaded;
const load = () => (loaded ??= require(${JSON.stringify(args.path)}));
module.exports = new Proxy(function () {}, {
  apply: (_, self, args) => Reflect.apply(load(), self, args),
  get: (_, key) => (key === "__esModule" ? undefined : load()[key]),
});
`,
        loader: "js",
        resolveDir: args.pluginData.resolveDir,
        pluginData: { onFirstCall: true },
      }));
    },
  };
}

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minify: true,
  sourcemap: "linked",
  outExtension: { ".js": ".cjs" },
  // Workspace packages come from their sources, so the bundle also builds where only npm
  // installed the third-party dependencies at the repository root (pre-commit's node hook).
  alias: {
    "@dfbuild/parser": join(repo, "packages", "parser", "src", "index.ts"),
    "@dfbuild/fmt": join(repo, "packages", "fmt", "src", "index.ts"),
    "@dfbuild/linter": join(repo, "packages", "linter", "src", "index.ts"),
    "@dfbuild/language-server": join(repo, "packages", "language-server", "src", "index.ts"),
    "@dfbuild/rules": join(repo, "rules", "src", "index.ts"),
    "@dfbuild/engine": join(repo, "packages", "engine", "src", "index.ts"),
    "@dfbuild/builder": join(repo, "packages", "builder", "src", "index.ts"),
  },
  conditions: ["source"],
  // Dependencies locate files beside themselves through import.meta.url (fdir, under tinyglobby,
  // calls createRequire with it); in CommonJS that is the bundle's own file. A getter, because
  // `pathToFileURL` loads Node's URL code, which only the runs that glob use: computed in every
  // bundle's first line, it cost each `dfbuild lint` start about a millisecond.
  define: { "import.meta.url": "__dfbuildModule.url" },
  // Each bundle is written already wrapped in the function Node's CommonJS loader would wrap it in
  // (https://nodejs.org/api/modules.html#the-module-wrapper), so bin/dfbuild.cjs compiles the file's
  // text as it is: wrapping it there (`Module.wrap`) made V8 copy the half-megabyte text into a
  // second string before compiling, memory every start paid for in page faults and a scavenge.
  // Loaded by Node's own loader instead (no launcher), the file calls that function itself.
  banner: {
    js: `((run) => (typeof module === "object" ? run.call(this, exports, require, module, __filename, __dirname) : run))(function (exports, require, module, __filename, __dirname) {
var __dfbuildModule = { get url() { return require("node:url").pathToFileURL(__filename).href; } };`,
  },
  footer: { js: "})" },
  logLevel: "warning",
  plugins: [chevrotainTreeShaken(), builtinsOnFirstUse(), librariesOnFirstCall()],
};

/** Keeps `import("./commands/x.js")` in the command table a load of the separate bundle. */
const commandsStayExternal = {
  name: "commands-stay-external",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) => ({ path: args.path.replace(/\.js$/, ".cjs"), external: true }));
  },
};

await build({
  ...common,
  entryPoints: { cli: join(root, "src", "cli.ts") },
  outdir,
  plugins: [...common.plugins, commandsStayExternal],
  // The command table's `import()` becomes require(), which goes through the code cache.
  supported: { "dynamic-import": false },
});
/**
 * Libraries the commands load only on demand (`await import()`): YAML configuration files and
 * glob patterns. Inlined, their code would be read and compiled from the command's bundle at
 * every start, though most runs (a pre-commit hook naming its files, no .dfbuild.yaml) never run
 * it; as bundles of their own (dist/bundle/lib/<name>.cjs) they cost only the runs that use them.
 */
const onDemand = ["yaml", "tinyglobby"];
const onDemandStayExternal = {
  name: "on-demand-stay-external",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: new RegExp(`^(${onDemand.join("|")})$`) }, (args) => ({ path: `../lib/${args.path}.cjs`, external: true }));
  },
};
await build({
  ...common,
  entryPoints: Object.fromEntries(onDemand.map((name) => [name, name])),
  outdir: join(outdir, "lib"),
});
await build({
  ...common,
  entryPoints: Object.fromEntries(commands.map((name) => [name, join(root, "src", "commands", `${name}.ts`)])),
  outdir: join(outdir, "commands"),
  plugins: [...common.plugins, onDemandStayExternal],
  // `await import("yaml")` becomes require(), which goes through the code cache.
  supported: { "dynamic-import": false },
});

// Each bundle ends with a hash of its content, which bin/dfbuild.cjs names its code cache by, so
// a cache never serves another build's code (appended: the source maps' lines stay as they are).
for (const file of readdirSync(outdir, { recursive: true })) {
  if (!file.endsWith(".cjs")) continue;
  const path = join(outdir, file);
  const hash = createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
  appendFileSync(path, `// dfbuild-bundle-hash: ${hash}\n`);
}

// Warm the code caches with one real lint (a finding is expected: exit code 1 is fine).
try {
  execFileSync(process.execPath, [join(root, "bin", "dfbuild.cjs"), "lint", join(repo, "examples", "classic", "Dockerfile")], { stdio: "ignore" });
} catch (error) {
  if (error.status !== 1) throw error;
}
