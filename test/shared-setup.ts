import { fileURLToPath } from "node:url";
import { glob } from "tinyglobby";
import { hasShared, sharedDir, sharedTests, sharedTestsPurpose } from "./shared.js";

/** CI as CI services announce it (`CI=true` on GitHub, GitLab and the rest; `CI=1` on a few). */
function isCi(): boolean {
  const value = process.env.CI?.toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

/**
 * The unit project's global setup. With `../shared` beside the checkout it does nothing (the
 * shared test files run). Without it, vitest.config.ts has left those files out: CI fails, since
 * its run would not be the whole suite; anywhere else one line says what did not run.
 */
export default async function setup(): Promise<void> {
  if (hasShared) return;
  const root = fileURLToPath(new URL("..", import.meta.url));
  const skipped = (await glob([...sharedTests], { cwd: root })).sort();
  if (isCi()) {
    throw new Error(`CI needs the shared material at ${sharedDir} (${sharedTestsPurpose}); ${skipped.length} test files read it: ${skipped.join(", ")}`);
  }
  console.log(`dfbuild tests: not run: ${skipped.length} test files (${sharedTestsPurpose}) need ${sharedDir}, which is not there: ${skipped.join(", ")}`);
}
