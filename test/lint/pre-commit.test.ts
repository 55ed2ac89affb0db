/**
 * The README's pre-commit snippet works as written: its `rev` is the tag of this version, the tag
 * (once the repository has tags) names a commit whose tree has .pre-commit-hooks.yaml, and the
 * hooks it lists are defined there. pre-commit checks out `rev` and reads that file
 * (https://pre-commit.com/#pre-commit-configyaml---repos).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { parse as parseYaml } from "yaml";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

interface Hook {
  id: string;
}

interface Snippet {
  repos: { repo: string; rev: string; hooks: Hook[] }[];
}

function readmeSnippet(): Snippet {
  const readme = readFileSync(join(repo, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("#### pre-commit"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error("README.md: no yaml block after #### pre-commit");
  return parseYaml(block[1] ?? "") as Snippet;
}

function git(...args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync("git", args, { cwd: repo, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout };
}

const snippet = readmeSnippet();
const entry = snippet.repos[0];
const version = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string }).version;
const hookIds = (text: string): string[] => (parseYaml(text) as Hook[]).map((hook) => hook.id);
// A clone made without tags (or a source tarball) cannot resolve any rev: only its name is checked then.
const hasTags = git("tag", "--list").stdout.trim() !== "";

test("the README's rev is the tag of this version", () => {
  expect(snippet.repos).toHaveLength(1);
  expect(entry?.rev).toBe(`v${version}`);
});

test("the README's hooks are defined in .pre-commit-hooks.yaml", () => {
  const defined = hookIds(readFileSync(join(repo, ".pre-commit-hooks.yaml"), "utf8"));
  expect(entry?.hooks.map((hook) => hook.id).filter((id) => !defined.includes(id))).toEqual([]);
});

test("the hooks are language: node and run the package's bin, which is the bundled CLI", () => {
  const hooks = parseYaml(readFileSync(join(repo, ".pre-commit-hooks.yaml"), "utf8")) as { id: string; language: string; entry: string }[];
  for (const hook of hooks) {
    expect(hook.language, hook.id).toBe("node");
    expect(hook.entry.split(" ")[0], hook.id).toBe("dfbuild");
  }
  const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { bin: Record<string, string>; files: string[] };
  expect(manifest.bin.dfbuild).toBe("packages/cli/bin/dfbuild.cjs");
  expect(manifest.files).toContain("packages/cli/dist/bundle/");
});

test.runIf(hasTags)("the README's rev names a commit whose tree defines those hooks", () => {
  const rev = entry?.rev ?? "";
  const commit = git("rev-parse", "--verify", "--quiet", `${rev}^{commit}`);
  expect(commit.status, `git rev-parse --verify ${rev}^{commit}: the repository has tags but not ${rev}`).toBe(0);
  const hooks = git("show", `${rev}:.pre-commit-hooks.yaml`);
  expect(hooks.status, `${rev} has no .pre-commit-hooks.yaml`).toBe(0);
  const defined = hookIds(hooks.stdout);
  expect(entry?.hooks.map((hook) => hook.id).filter((id) => !defined.includes(id))).toEqual([]);
});
