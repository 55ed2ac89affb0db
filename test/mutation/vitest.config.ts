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
const alias = Object.entries(workspace).map(([name, source]) => ({ find: new RegExp(`^${name}$`), replacement: `${root}${source}` }));

export default defineConfig({
  root,
  resolve: { conditions, alias },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    // The package's own unit tests (test/mutation/mutate.mjs says which), else all of them.
    include: env.DFBUILD_MUTATE_TESTS?.split(",") ?? ["packages/*/src/**/*.test.ts", "rules/src/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // A loaded machine: a slow test must not read as a killed mutant.
    testTimeout: 120_000,
  },
});
