import { env } from "node:process";
import { defineConfig } from "vitest/config";

// The unit tests beside the modules being mutated, on the TypeScript sources: no engine, no
// registry, no ../shared (mutation testing runs them once per mutant).
const conditions = ["source", "import", "node", "default"];

export default defineConfig({
  root: new URL("../..", import.meta.url).pathname,
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    // The package's own unit tests (test/mutation/mutate.mjs says which), else all of them.
    include: env.DFBUILD_MUTATE_TESTS?.split(",") ?? ["packages/*/src/**/*.test.ts", "rules/src/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // A loaded machine: a slow test must not read as a killed mutant.
    testTimeout: 120_000,
  },
});
