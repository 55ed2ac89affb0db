import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";

/**
 * A user's `git clone` of the repository, with no ../shared beside it: `pnpm install` and the unit
 * tests pass, and one line says which test files did not run; under CI the same run fails.
 *
 * The clone runs a few unit test files, not the whole project (which took ~230 s of the CI's
 * 20 minutes to re-prove what the checkout's own run proves): the unit project's global setup, which
 * prints the line or fails under CI, runs whatever files are picked; test/shared.test.ts checks
 * statically that every test file reading ../shared is one a clone leaves out (so the rest cannot
 * need it); and the CLI's lint command and its bundle, which `pnpm install` builds and the
 * pre-commit hook runs, pass in the clone.
 */
const repository = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const parent = mkdtempSync(join(tmpdir(), "dfbuild-plain-clone-"));
const clone = join(parent, "dfbuild");

function run(command: string, args: string[], env: Record<string, string | undefined> = {}): { status: number | null; output: string } {
  const result = spawnSync(command, args, {
    cwd: clone,
    encoding: "utf8",
    // The outer run's CI and vitest variables must not leak into the clone's own run.
    env: { ...process.env, CI: undefined, VITEST: undefined, VITEST_POOL_ID: undefined, VITEST_WORKER_ID: undefined, NODE_OPTIONS: undefined, NO_COLOR: "1", ...env },
    timeout: 900_000,
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The unit test files the clone runs (see above); the last one needs ../shared, so it must not run. */
const subset = ["test/shared.test.ts", "test/parser/properties.test.ts", "test/lint/cli.test.ts", "test/lint/bundle.test.ts", "test/parser/corpus-mutations.test.ts"];

beforeAll(() => {
  const cloned = spawnSync("git", ["clone", "--quiet", repository, clone], { encoding: "utf8" });
  expect(cloned.stderr).toBe("");
  expect(existsSync(join(parent, "shared"))).toBe(false);
  const install = run("pnpm", ["install", "--offline", "--frozen-lockfile"]);
  expect(install.status, install.output).toBe(0);
}, 300_000);

afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
}, 300_000);

test("the unit tests pass, and one line names the test files that need ../shared", () => {
  const unit = run("pnpm", ["vitest", "run", "--project", "unit", ...subset]);
  expect(unit.status, unit.output).toBe(0);
  for (const file of subset.slice(0, -1)) expect(unit.output).toContain(` ${file} (`);
  const notices = unit.output.split("\n").filter((line) => line.startsWith("dfbuild tests: not run:"));
  expect(notices).toHaveLength(1);
  expect(notices[0]).toContain(`need ${join(parent, "shared")}, which is not there`);
  expect(notices[0]).toContain("test/conformance/hadolint.test.ts");
  expect(notices[0]).toContain("test/parser/corpus.test.ts");
  // The property tests on random text still run; only the corpus's mutations need ../shared.
  expect(unit.output).not.toMatch(/test\/parser\/corpus-mutations\.test\.ts \(/);
});

test("under CI the same run fails, saying what is missing", () => {
  const unit = run("pnpm", ["vitest", "run", "--project", "unit", ...subset], { CI: "true" });
  expect(unit.status).not.toBe(0);
  expect(unit.output).toContain(`CI needs the shared material at ${join(parent, "shared")}`);
});
