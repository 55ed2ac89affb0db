import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "../temp-dir.js";

/** A temporary directory holding the given files (paths relative to it), removed after the test file. */
export function project(files: Record<string, string>): string {
  const root = tempDir("dfbuild-lint-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A temporary copy of a directory, removed after the test file. */
export function copyOf(directory: string): string {
  const root = tempDir("dfbuild-copy-");
  cpSync(directory, root, { recursive: true });
  return root;
}
