#!/usr/bin/env node
/**
 * `pnpm mutate PACKAGE [--mutate GLOB,…]`: StrykerJS on one package's pure modules, with an
 * incremental file per package under .stryker/ (gitignored), so a second run re-tests only the
 * mutants of changed code. Prints Stryker's score table and survivors; the JSON report goes to
 * .stryker/PACKAGE/report.json.
 */
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, symlinkSync } from "node:fs";
import { argv, env, exit, stderr } from "node:process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Per package: the modules issue 14 names (those whose logic is pure), the tests that run against
 * them, and the tsconfig whose program the TypeScript checker compiles (the package's own, not the
 * root's nine projects: a mutant cannot break a type outside its package without first breaking
 * one inside it).
 */
const PACKAGES = {
  builder: {
    // The builder's .dockerignore matching lives in the parser package (dockerignore.ts): `pnpm
    // mutate parser` covers it. The cache key is hashed by cache.ts `stepKey` from what step.ts
    // `commitStep` puts in it (parent, command, config, author and the instruction's extra).
    mutate: [
      "packages/builder/src/args.ts",
      "packages/builder/src/config.ts",
      "packages/builder/src/cache.ts",
      "packages/builder/src/step.ts:65-112",
    ],
    tests: ["packages/builder/src/**/*.test.ts"],
    tsconfig: "packages/builder/tsconfig.json",
  },
  parser: {
    mutate: ["packages/parser/src/**/*.ts", "!packages/parser/src/**/*.test.ts", "!packages/parser/src/grammar.ts"],
    // The parser's unit tests, and the conformance suites that hold BuildKit's own cases for it
    // (they read ../shared, which the sandbox reaches through the link made below).
    tests: [
      "packages/parser/src/**/*.test.ts",
      "test/parser/properties.test.ts",
    ],
    sharedTests: [
      "test/conformance/buildkit-parser.test.ts",
      "test/conformance/buildkit-instructions.test.ts",
      "test/conformance/buildkit-shell.test.ts",
    ],
    tsconfig: "packages/parser/tsconfig.json",
  },
  linter: {
    mutate: ["packages/linter/src/**/*.ts", "!packages/linter/src/**/*.test.ts", "!packages/linter/src/testing/**"],
    tests: ["packages/linter/src/**/*.test.ts", "rules/src/**/*.test.ts"],
    tsconfig: "packages/linter/tsconfig.json",
  },
  rules: { mutate: ["rules/src/**/*.ts", "!rules/src/**/*.test.ts"], tests: ["rules/src/**/*.test.ts"], tsconfig: "rules/tsconfig.json" },
};

const [name, ...rest] = argv.slice(2);
const target = name === undefined ? undefined : PACKAGES[name];
if (target === undefined) {
  stderr.write(`usage: pnpm mutate ${Object.keys(PACKAGES).join("|")} [--mutate GLOB,…]\n`);
  exit(2);
}
const mutateIndex = rest.indexOf("--mutate");
const mutate = mutateIndex >= 0 ? (rest[mutateIndex + 1] ?? "") : target.mutate.join(",");

// Stryker runs the tests in a copy of the repository at .stryker/tmp/sandbox-…, where test/shared.ts
// looks for the shared material at .stryker/tmp/shared: link it there when the checkout has it.
// Without it (a plain clone), the tests that read it are left out, and the line below says so.
const shared = join(root, "../shared");
const sharedLink = join(root, ".stryker/tmp/shared");
const hasShared = existsSync(shared);
if (hasShared && !existsSync(sharedLink)) {
  mkdirSync(dirname(sharedLink), { recursive: true });
  if (lstatSync(sharedLink, { throwIfNoEntry: false }) === undefined) symlinkSync(shared, sharedLink);
}
const sharedTests = target.sharedTests ?? [];
if (!hasShared && sharedTests.length > 0) stderr.write(`no ${shared}: not running ${sharedTests.join(", ")}\n`);
const tests = [...target.tests, ...(hasShared ? sharedTests : [])];

const result = spawnSync("stryker", ["run", "test/mutation/stryker.config.mjs", "--mutate", mutate], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...env,
    DFBUILD_MUTATE_PACKAGE: name,
    DFBUILD_MUTATE_TESTS: tests.join(","),
    DFBUILD_MUTATE_TSCONFIG: target.tsconfig,
  },
});
exit(result.status ?? 1);
