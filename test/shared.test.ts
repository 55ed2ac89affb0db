import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { minimatch } from "minimatch";
import { glob } from "tinyglobby";
import { expect, test } from "vitest";
import { moduleTests } from "./projects.js";
import { sharedTests } from "./shared.js";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const sharedModule = join(root, "test", "shared.ts");
const testFiles = await glob([...moduleTests, "test/**/*.test.ts"], {
  cwd: root,
  ignore: ["**/node_modules/**", "**/dist/**"],
});

/** What test/shared.ts gives to read the material (its other exports only describe it). */
const readers = new Set(["sharedDir", "sharedPath", "readShared", "readSharedJson", "corpusFiles"]);

/** Test files that take a reader from test/shared.ts, or build a path to ../shared themselves. */
function readsShared(file: string): boolean {
  const text = readFileSync(join(root, file), "utf8");
  for (const match of text.matchAll(/\bimport\s+(\*\s+as\s+\w+|\{[^}]*\})\s+from\s+["']((?:\.\.?\/)+(?:test\/)?shared)\.js["']/g)) {
    const [, imported = "", specifier = ""] = match;
    if (resolve(root, dirname(file), `${specifier}.ts`) !== sharedModule) continue;
    if (imported.startsWith("*")) return true;
    const names = imported.slice(1, -1).split(",").map((name) => name.trim().split(/\s+as\s+/)[0] ?? "");
    if (names.some((name) => readers.has(name))) return true;
  }
  return /["'`](?:\.\.\/)+shared["'`/]/.test(text);
}

test("every test file that reads ../shared is one a plain clone leaves out", () => {
  const unlisted = testFiles.filter((file) => readsShared(file) && !sharedTests.some((pattern) => minimatch(file, pattern)));
  expect(unlisted, "add them to sharedTests in test/shared.ts").toEqual([]);
});

test("every sharedTests pattern names test files that read ../shared, and only those", () => {
  for (const pattern of sharedTests) {
    const matched = testFiles.filter((file) => minimatch(file, pattern));
    expect(matched, pattern).not.toEqual([]);
    expect(matched.filter((file) => !readsShared(file)), `${pattern} matches files that do not read ../shared`).toEqual([]);
  }
});
