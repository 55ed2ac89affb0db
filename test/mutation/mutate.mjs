#!/usr/bin/env node
/**
 * `pnpm mutate PACKAGE [--mutate GLOB…]`: StrykerJS on one package's pure modules, with an
 * incremental file per package under .stryker/ (gitignored), so a second run re-tests only the
 * mutants of changed code. Prints Stryker's score table and survivors; the JSON report goes to
 * .stryker/PACKAGE/report.json.
 */
import { spawnSync } from "node:child_process";
import { argv, env, exit, stderr } from "node:process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
/** The modules issue 14 names per package: those whose logic is pure. */
const PACKAGES = {
  builder: {
    mutate: ["packages/builder/src/args.ts", "packages/builder/src/config.ts", "packages/builder/src/cache.ts"],
    tests: ["packages/builder/src/**/*.test.ts"],
  },
  parser: {
    mutate: ["packages/parser/src/**/*.ts", "!packages/parser/src/**/*.test.ts", "!packages/parser/src/grammar.ts"],
    tests: ["packages/parser/src/**/*.test.ts"],
  },
  linter: {
    mutate: ["packages/linter/src/**/*.ts", "!packages/linter/src/**/*.test.ts", "!packages/linter/src/testing/**"],
    tests: ["packages/linter/src/**/*.test.ts", "rules/src/**/*.test.ts"],
  },
  rules: { mutate: ["rules/src/**/*.ts", "!rules/src/**/*.test.ts"], tests: ["rules/src/**/*.test.ts"] },
};

const [name, ...rest] = argv.slice(2);
const target = name === undefined ? undefined : PACKAGES[name];
if (target === undefined) {
  stderr.write(`usage: pnpm mutate ${Object.keys(PACKAGES).join("|")} [--mutate GLOB,…]\n`);
  exit(2);
}
const mutateIndex = rest.indexOf("--mutate");
const mutate = mutateIndex >= 0 ? (rest[mutateIndex + 1] ?? "") : target.mutate.join(",");
const result = spawnSync(
  "stryker",
  [
    "run",
    "test/mutation/stryker.config.mjs",
    "--mutate",
    mutate,
  ],
  { cwd: root, stdio: "inherit", env: { ...env, DFBUILD_MUTATE_PACKAGE: name, DFBUILD_MUTATE_TESTS: target.tests.join(",") } },
);
exit(result.status ?? 1);
