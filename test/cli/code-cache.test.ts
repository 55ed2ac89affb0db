/**
 * bin/dfbuild.cjs runs the bundle through V8's code cache, keyed by each bundle's content hash
 * (the last line scripts/bundle.mjs appends) and the Node version: a first run writes the caches,
 * later runs use them unchanged, and a new build never runs the code cached for the old one —
 * not even when its bundle has the same length, the one thing V8's own check compares.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { tempDir } from "../temp-dir.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const cli = join(repo, "packages", "cli");

/** A copy of the launcher and the bundles it loads for `dfbuild lint`, without their caches. */
function install(): string {
  const root = tempDir("dfbuild-code-cache-");
  cpSync(join(cli, "bin"), join(root, "bin"), { recursive: true });
  mkdirSync(join(root, "dist", "bundle", "commands"), { recursive: true });
  for (const file of ["cli.cjs", join("commands", "lint.cjs")]) cpSync(join(cli, "dist", "bundle", file), join(root, "dist", "bundle", file));
  return root;
}

/** `dfbuild ARGS` from the copy. No HOME: the caches can only go beside the bundle. */
function dfbuild(root: string, args: readonly string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(root, "bin", "dfbuild.cjs"), ...args], { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
}

const lintHelp = (root: string) => dfbuild(root, ["lint", "--help"]);

/** A lint of one small file: a run doing the command's work, which writes the caches. */
function lintFile(root: string, env: Record<string, string> = {}) {
  writeFileSync(join(root, "Dockerfile"), "FROM alpine:3.20\nCMD [\"true\"]\n");
  return dfbuild(root, ["lint", "--no-fail", "Dockerfile"], env);
}

/** The bundle's hash line names its content without that line. */
function contentHash(path: string): string {
  const text = readFileSync(path, "utf8");
  const hashLine = /\/\/ dfbuild-bundle-hash: ([0-9a-f]{16})\n$/.exec(text);
  expect(hashLine, `${path} ends with its hash`).not.toBeNull();
  expect(createHash("sha256").update(text.slice(0, hashLine?.index)).digest("hex").slice(0, 16)).toBe(hashLine?.[1]);
  return hashLine?.[1] ?? "";
}

const caches = (root: string) => readdirSync(join(root, "dist", "bundle")).filter((name) => name.endsWith(".cache")).sort();

test("a run writes a code cache per bundle, named by its content hash and the Node version; the next run uses it as it is", () => {
  const root = install();
  const bundle = join(root, "dist", "bundle");
  const runtime = `${process.version}-${process.arch}`;
  expect(lintFile(root).status).toBe(0);
  expect(caches(root)).toEqual(
    [`cli.cjs.${contentHash(join(bundle, "cli.cjs"))}.${runtime}.cache`, `commands-lint.cjs.${contentHash(join(bundle, "commands", "lint.cjs"))}.${runtime}.cache`].sort(),
  );
  const written = caches(root).map((name) => statSync(join(bundle, name)).ino);
  const second = lintFile(root);
  expect(second.status).toBe(0);
  // Accepted: not rewritten (a rewrite renames a new file into place).
  expect(caches(root).map((name) => statSync(join(bundle, name)).ino)).toEqual(written);
});

test("a new build of a bundle, even of the same length, runs its own code and replaces the old build's cache", () => {
  const root = install();
  const lint = join(root, "dist", "bundle", "commands", "lint.cjs");
  expect(lintHelp(root).stdout).toContain("Usage: dfbuild lint");
  expect(lintFile(root).status).toBe(0);
  const [oldCache] = caches(root).filter((name) => name.startsWith("commands-lint.cjs."));
  // A rebuild that changes one word of the usage text, same length: a new hash line, as scripts/bundle.mjs writes it.
  const text = readFileSync(lint, "utf8").replace(/\/\/ dfbuild-bundle-hash: [0-9a-f]{16}\n$/, "");
  const rebuilt = text.replace("Usage: dfbuild lint", "Usage: dfbuild LINT");
  expect(rebuilt.length).toBe(text.length);
  writeFileSync(lint, `${rebuilt}// dfbuild-bundle-hash: ${createHash("sha256").update(rebuilt).digest("hex").slice(0, 16)}\n`);
  const run = lintHelp(root);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("Usage: dfbuild LINT");
  expect(lintFile(root).status).toBe(0);
  const lintCaches = caches(root).filter((name) => name.startsWith("commands-lint.cjs."));
  expect(lintCaches).toEqual([`commands-lint.cjs.${contentHash(lint)}.${process.version}-${process.arch}.cache`]);
  expect(lintCaches).not.toContain(oldCache);
});

test("a bundle without a hash line runs without a cache", () => {
  const root = install();
  const lint = join(root, "dist", "bundle", "commands", "lint.cjs");
  writeFileSync(lint, readFileSync(lint, "utf8").replace(/\/\/ dfbuild-bundle-hash: [0-9a-f]{16}\n$/, ""));
  expect(lintFile(root).status).toBe(0);
  expect(caches(root).filter((name) => name.startsWith("commands-lint.cjs."))).toEqual([]);
  expect(existsSync(join(root, "dist", "bundle", "cli.cjs"))).toBe(true);
});

test("where the bundle's directory takes no cache, the cache goes to dfbuild's cache directory", () => {
  const root = install();
  const bundle = join(root, "dist", "bundle");
  const cacheDir = join(root, "user-cache");
  const name = `commands-lint.cjs.${contentHash(join(bundle, "commands", "lint.cjs"))}.${process.version}-${process.arch}.cache`;
  // A directory where the cache file would go: the bundle's directory cannot take it (as when read-only).
  mkdirSync(join(bundle, name));
  const run = () => lintFile(root, { DFBUILD_CACHE_DIR: cacheDir });
  expect(run().status).toBe(0);
  const written = statSync(join(cacheDir, "code-cache", name)).ino;
  expect(run().status).toBe(0);
  expect(statSync(join(cacheDir, "code-cache", name)).ino).toBe(written);
  expect(readdirSync(bundle).filter((file) => file.endsWith(".tmp"))).toEqual([]);
});

test("a bundle with text beyond ASCII runs that text as it is written (UTF-8)", () => {
  const root = install();
  const lint = join(root, "dist", "bundle", "commands", "lint.cjs");
  const text = readFileSync(lint, "utf8").replace(/\/\/ dfbuild-bundle-hash: [0-9a-f]{16}\n$/, "");
  const rebuilt = text.replace("Usage: dfbuild lint", "Usage: dfbuild lïnt ✓");
  writeFileSync(lint, `${rebuilt}// dfbuild-bundle-hash: ${createHash("sha256").update(rebuilt).digest("hex").slice(0, 16)}\n`);
  for (const run of [lintHelp(root), lintHelp(root)]) {
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: dfbuild lïnt ✓");
  }
});

test("the bundle also runs under Node's own loader, without the launcher and its caches", () => {
  const root = install();
  const run = spawnSync(process.execPath, [join(root, "dist", "bundle", "cli.cjs"), "lint", "--help"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("Usage: dfbuild lint");
  expect(caches(root)).toEqual([]);
});

test("a command loads a library bundle of its own (yaml, for a .dfbuild.yaml) through the launcher, cached as the others", () => {
  const root = install();
  mkdirSync(join(root, "dist", "bundle", "lib"));
  cpSync(join(cli, "dist", "bundle", "lib", "yaml.cjs"), join(root, "dist", "bundle", "lib", "yaml.cjs"));
  const project = tempDir("dfbuild-code-cache-project-");
  writeFileSync(join(project, "Dockerfile"), "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n");
  const lint = () => spawnSync(process.execPath, [join(root, "bin", "dfbuild.cjs"), "lint", "--format", "compact", "Dockerfile"], { cwd: project, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  expect(lint().stdout).toContain("maintainer-deprecated");
  writeFileSync(join(project, ".dfbuild.yaml"), "rules:\n  maintainer-deprecated: off\n");
  for (const run of [lint(), lint()]) {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("maintainer-deprecated");
  }
  expect(caches(root)).toContain(`lib-yaml.cjs.${contentHash(join(root, "dist", "bundle", "lib", "yaml.cjs"))}.${process.version}-${process.arch}.cache`);
});

test("a run that only prints usage or the version writes no cache; the next run that lints does", () => {
  // V8 accepts a cache whatever functions it holds: one written by `lint --help` would make every
  // later lint compile most of the bundle again at its start.
  const root = install();
  for (const args of [["lint", "--help"], ["lint", "-h"], ["--version"], ["help", "lint"], []]) {
    const run = dfbuild(root, args);
    expect(run.stdout, args.join(" ")).not.toBe("");
    expect(caches(root), args.join(" ")).toEqual([]);
  }
  expect(lintFile(root).status).toBe(0);
  expect(caches(root).map((name) => name.split(".")[0])).toEqual(["cli", "commands-lint"]);
});
