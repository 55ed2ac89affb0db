#!/usr/bin/env node
/**
 * `pnpm mutate PACKAGE [--mutate GLOB,…] [--tests GLOB,…] [STRYKER OPTION…]`: StrykerJS on one
 * package's pure modules, with an incremental file per package under .stryker/ (gitignored), so a
 * second run re-tests only the mutants of changed code. Prints Stryker's score table and
 * survivors; the JSON report goes to .stryker/PACKAGE/report.json.
 *
 * `--tests` names the test files that exercise the mutated module (default: the package's whole
 * list below). For every mutant, vitest's `related` filter (which Stryker's vitest runner sets to
 * the mutated file) resolves the imports of every test file in `include`, so a module run with its
 * own few test files spends far less per mutant than one with the package's whole list. Options
 * after those (`--force`, `--logLevel debug`, …) go to `stryker run` as they are.
 *
 * When `--mutate` names files (no glob), the TypeScript checker compiles only them and what they
 * import (a tsconfig written to .stryker/PACKAGE/tsconfig.json), not the package's whole program
 * with its tests: each mutant is one incremental re-check of that program, so its size is what a
 * mutant costs. The price: a mutant that changes an inferred type only another module of the
 * package relies on is tested instead of counted as a compile error.
 */
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { argv, env, exit, stderr } from "node:process";
import { dirname, join, relative } from "node:path";
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
    // Test helpers (`*.test-helper.ts`: the reparse chains' inputs, a seeded random) are the
    // tests' own code, not the parser's.
    mutate: ["packages/parser/src/**/*.ts", "!packages/parser/src/**/*.test.ts", "!packages/parser/src/**/*.test-helper.ts", "!packages/parser/src/grammar.ts"],
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
    // The tests load the parser from its build (test/mutation/vitest.config.ts says why).
    fromBuild: ["packages/parser"],
  },
  rules: {
    mutate: ["rules/src/**/*.ts", "!rules/src/**/*.test.ts"],
    tests: ["rules/src/**/*.test.ts"],
    tsconfig: "rules/tsconfig.json",
    // The tests load these packages from their builds (test/mutation/vitest.config.ts says why).
    fromBuild: ["packages/parser", "packages/linter"],
  },
};

const usage = `usage: pnpm mutate ${Object.keys(PACKAGES).join("|")} [--mutate GLOB,…] [--tests GLOB,…] [STRYKER OPTION…]\n`;
const [name, ...rest] = argv.slice(2);
const target = name === undefined ? undefined : PACKAGES[name];
if (target === undefined) {
  stderr.write(usage);
  exit(2);
}

/** `--mutate` and `--tests` each take one comma-separated list; everything else goes to Stryker. */
const options = { mutate: undefined, tests: undefined };
const strykerOptions = [];
for (let i = 0; i < rest.length; i++) {
  const key = rest[i].replace(/^--/, "");
  if (rest[i].startsWith("--") && key in options) {
    const value = rest[++i];
    if (value === undefined || value === "" || value.startsWith("--")) {
      stderr.write(`pnpm mutate: ${rest[i - 1]} needs a comma-separated list of globs\n${usage}`);
      exit(2);
    }
    options[key] = value.split(",");
  } else {
    strykerOptions.push(rest[i]);
  }
}
const mutate = (options.mutate ?? target.mutate).join(",");

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
const allSharedTests = target.sharedTests ?? [];
// With `--tests`, a named file that reads ../shared is left out (and said so) when it is absent.
const chosen = options.tests ?? [...target.tests, ...allSharedTests];
const sharedTests = chosen.filter((file) => allSharedTests.includes(file));
if (!hasShared && sharedTests.length > 0) stderr.write(`no ${shared}: not running ${sharedTests.join(", ")}\n`);
const tests = chosen.filter((file) => hasShared || !sharedTests.includes(file));
if (tests.length === 0) {
  stderr.write(`pnpm mutate: no test files left to run\n`);
  exit(2);
}

// A build older than its sources would test the mutants against other code than the checkout's.
for (const dir of target.fromBuild ?? []) {
  const newest = (path) => (statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry)))) : statSync(path).mtimeMs);
  const build = join(root, dir, "dist");
  if (!existsSync(build) || newest(build) < newest(join(root, dir, "src"))) {
    stderr.write(`pnpm mutate: ${dir}/dist is older than ${dir}/src: run pnpm build first\n`);
    exit(2);
  }
}

/** The checker's tsconfig: the package's, narrowed to the mutated files when `--mutate` names files. */
function checkerTsconfig() {
  const files = mutate.split(",").filter((spec) => !spec.startsWith("!")).map((spec) => spec.replace(/:\d+(?::\d+)?(?:-\d+(?::\d+)?)?$/, ""));
  if (options.mutate === undefined || files.some((file) => /[*?[\]{}]/.test(file) || !existsSync(join(root, file)))) return target.tsconfig;
  const dir = join(root, ".stryker", name);
  mkdirSync(dir, { recursive: true });
  const config = {
    extends: relative(dir, join(root, target.tsconfig)),
    // Not a composite project (that would require every imported module of the package in `files`)
    // and no references: other packages resolve to their built declarations, as in the package's
    // own build, so `pnpm build` must have run.
    compilerOptions: { composite: false, incremental: false, declaration: false, declarationMap: false, sourceMap: false, noEmit: true },
    // The package's ambient declarations (types for an untyped dependency) and the mutated files.
    include: [`${relative(dir, join(root, dirname(target.tsconfig)))}/src/**/*.d.ts`],
    files: files.map((file) => relative(dir, join(root, file))),
    references: [],
  };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(config, null, 2)}\n`);
  return relative(root, join(dir, "tsconfig.json"));
}

const result = spawnSync("stryker", ["run", "test/mutation/stryker.config.mjs", "--mutate", mutate, ...strykerOptions], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...env,
    DFBUILD_MUTATE_PACKAGE: name,
    DFBUILD_MUTATE_TESTS: tests.join(","),
    DFBUILD_MUTATE_TSCONFIG: checkerTsconfig(),
  },
});
if (result.error !== undefined) stderr.write(`pnpm mutate: cannot run stryker (${result.error.message}); run it through pnpm\n`);
exit(result.status ?? 1);
