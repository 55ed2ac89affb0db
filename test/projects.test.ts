import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { glob } from "tinyglobby";
import { expect, test } from "vitest";
import { moduleMockingTests, moduleTests } from "./projects.js";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

test("every test beside the modules that mocks a module is one the unit project runs isolated", async () => {
  const files = await glob([...moduleTests], { cwd: root, ignore: ["**/node_modules/**", "**/dist/**"] });
  expect(files.length).toBeGreaterThan(100);
  const mocking = files.filter((file) => /\bvi\.(do)?[mM]ock\(/.test(readFileSync(join(root, file), "utf8"))).sort();
  expect(mocking, "list them in moduleMockingTests (test/projects.ts)").toEqual([...moduleMockingTests].sort());
});
