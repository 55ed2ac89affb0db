import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { machineEnv } from "../tmpdir-setup.js";

const script = fileURLToPath(new URL("../../scripts/engine.sh", import.meta.url));

/**
 * The build tests need the engine and the images of scripts/engine.sh (busybox; Debian for the
 * examples). A missing engine fails the run: these tests are never skipped.
 */
export default function setup(): void {
  const result = spawnSync("bash", [script, "--with-examples"], { stdio: ["ignore", "inherit", "inherit"], env: machineEnv(), timeout: 900_000 });
  if (result.error !== undefined) throw new Error(`cannot run ${script}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${script} failed (exit ${String(result.status ?? result.signal)}): no engine for the build tests; its output is above`);
  }
}
