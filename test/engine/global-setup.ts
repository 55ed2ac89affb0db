import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { machineEnv } from "../tmpdir-setup.js";

const script = fileURLToPath(new URL("../../scripts/engine.sh", import.meta.url));

/** Makes sure a real engine answers before any engine test runs; a missing engine fails the run. */
export default function setup(): void {
  const result = spawnSync("bash", [script], { stdio: ["ignore", "inherit", "inherit"], env: machineEnv(), timeout: 700_000 });
  if (result.error !== undefined) {
    throw new Error(`cannot run ${script}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(
      `${script} failed (exit ${String(result.status ?? result.signal)}): no Docker engine for the engine tests; its output is above`,
    );
  }
}
