import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import setup from "./tmpdir-setup.js";

/**
 * The run's temporary-directory check (test/tmpdir-setup.ts), driven as vitest drives it: setups,
 * then teardowns. Here it runs inside a test worker, so its directory is made inside this run's.
 */
test("the directory is the run's TMPDIR until the last teardown, which fails naming what was left, and removes it", () => {
  const outer = process.env.TMPDIR;
  const exitCode = process.exitCode;
  try {
    const first = setup();
    const dir = tmpdir();
    expect(dir).not.toBe(outer);
    const second = setup();
    expect(tmpdir()).toBe(dir);
    mkdirSync(join(dir, "dfbuild-left-behind"));
    writeFileSync(join(dir, "dfbuild-left-behind", "file"), "x");
    // Not the last user: nothing is checked yet.
    second();
    expect(existsSync(dir)).toBe(true);
    expect(() => {
      first();
    }).toThrow("the tests left 1 entries in their temporary directory (os.tmpdir()), now removed: dfbuild-left-behind.");
    expect(existsSync(dir)).toBe(false);
    expect(process.exitCode).toBe(1);
    expect(process.env.TMPDIR).toBe(outer);
  } finally {
    process.exitCode = exitCode;
    process.env.TMPDIR = outer;
  }
});

test("an empty directory passes, and is removed", () => {
  const exitCode = process.exitCode;
  const teardown = setup();
  const dir = tmpdir();
  teardown();
  expect(existsSync(dir)).toBe(false);
  expect(process.exitCode).toBe(exitCode);
});
