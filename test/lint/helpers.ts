import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A temporary directory holding the given files (paths relative to it). */
export function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "dfbuild-lint-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A temporary copy of a directory. */
export function copyOf(directory: string): string {
  const root = mkdtempSync(join(tmpdir(), "dfbuild-copy-"));
  cpSync(directory, root, { recursive: true });
  return root;
}
