import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/**
 * Temporary directories that remove themselves: each one made through `tempDir` is removed after
 * the last test of the file that made it (test/tmpdir-setup.ts fails the run over any that is left).
 *
 * The `afterAll` below is registered when a test file first imports this module, on that file's
 * root suite: vitest evaluates test files, and the modules they import, one file at a time in its
 * own module graph (`isolate`, on by default), so each file gets its own list and its own hook.
 */
const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new, empty directory under os.tmpdir(), named PREFIX followed by random characters. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
