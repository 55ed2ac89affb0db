import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The shared material beside the checkout (`../shared`): BuildKit's and hadolint's test cases and
 * the real-world corpus, kept outside the repository, so a plain clone has none. The test files
 * below run whenever it is there; a run without it leaves them out and says so in one line, and
 * fails under CI (test/shared-setup.ts).
 */
export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared");

export const hasShared = existsSync(sharedDir);

/**
 * Every test file that reads the shared material, as globs from the repository root. A test that
 * imports this module must match one of them (test/shared.test.ts checks it), or a plain clone's
 * `pnpm test` would fail on it.
 */
export const sharedTests: readonly string[] = [
  "test/conformance/**/*.test.ts",
  "test/**/*corpus*.test.ts",
];

/** What the shared test files check, for the line that says they did not run. */
export const sharedTestsPurpose = "BuildKit's and hadolint's conformance cases, the real-world corpus";

export function sharedPath(...parts: string[]): string {
  if (!hasShared) {
    throw new Error(`shared material not found at ${sharedDir}; a test file that reads it must match sharedTests in test/shared.ts`);
  }
  return join(sharedDir, ...parts);
}

export function readShared(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), "utf8");
}

export function readSharedJson(...parts: string[]): unknown {
  return JSON.parse(readShared(...parts));
}

/** Every Dockerfile of the real-world corpus, as [relative path, text]. */
export function corpusFiles(): [string, string][] {
  const root = sharedPath("corpus", "real");
  const files: [string, string][] = [];
  for (const repo of readdirSync(root).sort()) {
    const dir = join(root, repo);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      files.push([`${repo}/${name}`, readFileSync(join(dir, name), "utf8")]);
    }
  }
  return files;
}
