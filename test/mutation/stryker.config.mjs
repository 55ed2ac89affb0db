import { env } from "node:process";

/**
 * StrykerJS over the modules whose logic is pure (issue 14), run by `pnpm mutate PACKAGE`
 * (test/mutation/mutate.mjs sets `mutate` for the package). Not part of .ci/run: it runs the unit
 * tests once per mutant. One test process at a time (`concurrency: 1`): the machine is shared.
 */
const name = env.DFBUILD_MUTATE_PACKAGE ?? "all";

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "test/mutation/vitest.config.ts", related: true },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: "perTest",
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
