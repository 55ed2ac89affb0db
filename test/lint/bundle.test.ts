/**
 * The bundled CLI (what `dfbuild` runs, and what the pre-commit hook installs) gives the same
 * findings as the sources, and `dfbuild lint` loads only the lint bundle.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { runCli } from "../cli.js";
import { tempDir } from "../temp-dir.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = join(repo, "packages", "cli", "bin", "dfbuild.cjs");
const bundle = join(repo, "packages", "cli", "dist", "bundle");

test("the bundle is built (pnpm build)", () => {
  expect(existsSync(join(bundle, "cli.cjs")), `${bundle} is missing: run pnpm build before the tests`).toBe(true);
});

test("the bundled CLI reports what the sources report", async () => {
  const args = ["lint", "--format", "json", "examples/classic/Dockerfile"];
  const bundled = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8" });
  const sources = await runCli(args, "", repo);
  expect(bundled.stderr).toBe("");
  expect(bundled.status).toBe(1);
  expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(sources.stdout));
});

test("dfbuild lint loads the command table and the lint bundle, no other command", () => {
  const probe = join(tempDir("dfbuild-probe-"), "loaded.cjs");
  writeFileSync(probe, 'process.on("exit", () => process.stderr.write(JSON.stringify(Object.keys(require.cache))));\n');
  const run = spawnSync(process.execPath, ["--require", probe, bin, "lint", "examples/classic/Dockerfile"], { cwd: repo, encoding: "utf8" });
  const loaded = (JSON.parse(run.stderr) as string[]).filter((file) => file.startsWith(bundle)).map((file) => file.slice(bundle.length + 1));
  expect(loaded.sort()).toEqual(["cli.cjs", join("commands", "lint.cjs")]);
});

test("a glob and a .dfbuild.yaml load their libraries' own bundles, on demand", () => {
  const dir = tempDir("dfbuild-on-demand-");
  writeFileSync(join(dir, "Dockerfile"), "FROM alpine\n");
  writeFileSync(join(dir, ".dfbuild.yaml"), 'rules:\n  pin-base-image: "off"\n');
  const probe = join(dir, "loaded.cjs");
  writeFileSync(probe, 'process.on("exit", () => process.stderr.write(JSON.stringify(Object.keys(require.cache))));\n');
  const run = spawnSync(process.execPath, ["--require", probe, bin, "lint", "--format", "json", "Docker*"], { cwd: dir, encoding: "utf8" });
  const loaded = (JSON.parse(run.stderr) as string[]).filter((file) => file.startsWith(bundle)).map((file) => file.slice(bundle.length + 1));
  expect(loaded.sort()).toEqual(["cli.cjs", join("commands", "lint.cjs"), join("lib", "tinyglobby.cjs"), join("lib", "yaml.cjs")]);
  // The glob found the file, and the configuration switched its only finding off.
  expect(JSON.parse(run.stdout)).toEqual([]);
  expect(run.status).toBe(0);
});

test("the bundled CLI reports a command's usage errors as such, not as internal errors", () => {
  // The command table and each command are separate bundles, each with its own copy of UsageError.
  for (const args of [["lint", "--format", "xml", "examples/classic/Dockerfile"], ["lint", "no-such-file"], ["build", "--pull", "bogus", "."]]) {
    const run = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8" });
    expect(run.stderr).not.toContain("internal error");
    expect(run.stderr).toMatch(/^dfbuild (lint|build): /);
    expect(run.status).toBe(2);
  }
});
