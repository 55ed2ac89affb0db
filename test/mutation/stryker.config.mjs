import { env } from "node:process";
import { fileURLToPath } from "node:url";

/**
 * StrykerJS over the modules whose logic is pure (issue 14), run by `pnpm mutate PACKAGE`
 * (test/mutation/mutate.mjs sets `mutate`, the tests and the tsconfig for the package). Not part
 * of .ci/run: it runs the unit tests once per mutant. One test process at a time (`concurrency:
 * 1`): the machine is shared.
 */
const name = env.DFBUILD_MUTATE_PACKAGE ?? "all";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  // Stryker's default plugin glob (`@stryker-mutator/*`) reads the directory beside core's real
  // path, which pnpm's isolated node_modules fills with core's own dependencies only: name the
  // plugins by the paths Node resolves from here.
  plugins: ["@stryker-mutator/vitest-runner", "@stryker-mutator/typescript-checker"].map((plugin) => fileURLToPath(import.meta.resolve(plugin))),
  testRunner: "vitest",
  vitest: { configFile: "test/mutation/vitest.config.ts", related: true },
  // Mutants that do not compile are errors, not kills. The checker compiles the package's own
  // project, or only the mutated files and their imports when `--mutate` names files (mutate.mjs
  // writes that tsconfig), never the root's nine projects.
  checkers: ["typescript"],
  tsconfigFile: env.DFBUILD_MUTATE_TSCONFIG ?? "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
  // A static mutant (module-level code: a constant table, a token pattern) runs at import, so no
  // test covers it and Stryker would run every test with a fresh import for each one; these are
  // counted as "ignored" and left out of the score (the report lists them).
  ignoreStatic: true,
  concurrency: 1,
  incremental: true,
  incrementalFile: `.stryker/${name}/incremental.json`,
  jsonReporter: { fileName: `.stryker/${name}/report.json` },
  tempDirName: ".stryker/tmp",
  cleanTempDir: "always",
  reporters: ["clear-text", "progress", "json"],
  thresholds: { high: 85, low: 70, break: null },
  timeoutMS: 30_000,
};
