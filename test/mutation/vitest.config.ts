import { readFileSync, realpathSync } from "node:fs";
import { env } from "node:process";
import { defineConfig } from "vitest/config";

// The unit tests beside the modules being mutated, on the TypeScript sources: no engine, no
// registry, no ../shared (mutation testing runs them once per mutant).
const conditions = ["source", "import", "node", "default"];

// Stryker runs the tests in a sandbox copy of the repository whose node_modules is a link to the
// checkout's, so `@dfbuild/parser` (a workspace link, ../../packages/parser) would resolve to the
// checkout's unmutated sources and a test importing the package by name (BuildKit's conformance
// suites, the rules' tests of the linter) would never see a mutant. Each workspace package resolves
// to its sources under this config's root, the sandbox.
const root = new URL("../..", import.meta.url).pathname;
const workspace: Record<string, string> = {
  "@dfbuild/parser": "packages/parser/src/index.ts",
  "@dfbuild/linter": "packages/linter/src/index.ts",
  "@dfbuild/linter/testing": "packages/linter/src/testing/index.ts",
  "@dfbuild/rules": "rules/src/index.ts",
  "@dfbuild/builder": "packages/builder/src/index.ts",
  "@dfbuild/engine": "packages/engine/src/index.ts",
  // The CLI, which test/cli.ts runs in-process: test/lint/*.test.ts reach the linter's config and
  // formatters through it.
  dfbuild: "packages/cli/src/index.ts",
};

// The rules are mutated alone: the parser and the linter, which never import them, come from their
// builds (`pnpm build`; mutate.mjs checks they are not older than their sources), loaded by Node
// itself, and the test files share one worker (`isolate: false`), so they are loaded once per run.
// From sources, each mutant's test run re-imported them in a fresh worker: 8–10 s of every run on
// this VM (vitest's import time for one rule's test file), against ~0.1 s once loaded. Stryker
// switches mutants at run time (`ignoreStatic` leaves out the ones that act at import), and vitest
// re-imports the inlined modules, the rules and their tests, for every run.
// The linter, mutated alone, takes the parser from its build the same way: its engine's five test
// files then cost ~4 s of CPU a run instead of ~10 s (most of it importing the parser's sources).
const parserBuild = { "@dfbuild/parser": "@dfbuild/parser/dist/index.js" };
const fromBuild: Record<string, string> =
  env.DFBUILD_MUTATE_PACKAGE === "rules"
    ? {
        ...parserBuild,
        "@dfbuild/linter": "@dfbuild/linter/dist/index.js",
        "@dfbuild/linter/testing": "@dfbuild/linter/dist/testing/index.js",
      }
    : env.DFBUILD_MUTATE_PACKAGE === "linter"
      ? parserBuild
      : {};
/** A package's build, at the real path Node's own resolution from another build reaches too (one instance). */
const built = (path: string) => realpathSync(`${root}rules/node_modules/${path}`);
const alias = Object.entries(workspace).map(([name, source]) => {
  const build = fromBuild[name];
  return { find: new RegExp(`^${name}$`), replacement: build === undefined ? `${root}${source}` : built(build) };
});
// Node loads the builds, with the default conditions: with `source` it would take a dependency of
// theirs (@dfbuild/fmt) from its TypeScript sources, which Node cannot run.
const ssrConditions = Object.keys(fromBuild).length > 0 ? conditions.filter((condition) => condition !== "source") : conditions;

// The test files share one worker, unless one of them mocks a module (shell/index.test.ts mocks
// the shell parser): a file before it in the shared worker would have loaded that module unmocked.
const include = env.DFBUILD_MUTATE_TESTS?.split(",") ?? ["packages/*/src/**/*.test.ts", "rules/src/**/*.test.ts"];
const mocks = include.some((file) => !/[*?[\]{}]/.test(file) && readFileSync(`${root}${file}`, "utf8").includes("vi.mock("));

export default defineConfig({
  root,
  resolve: { conditions, alias },
  ssr: { resolve: { conditions: ssrConditions, externalConditions: ssrConditions } },
  test: {
    // The package's own unit tests (test/mutation/mutate.mjs says which), else all of them.
    include,
    exclude: ["**/node_modules/**", "**/dist/**"],
    // A loaded machine: a slow test must not read as a killed mutant.
    testTimeout: 120_000,
    ...(Object.keys(fromBuild).length > 0 ? { server: { deps: { external: [/\/packages\/(parser|linter)\/dist\//] } } } : {}),
    ...(Object.keys(fromBuild).length > 0 && !mocks ? { isolate: false } : {}),
  },
});
