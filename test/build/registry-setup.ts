import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { machineEnv } from "../tmpdir-setup.js";

const script = fileURLToPath(new URL("../../scripts/registry.sh", import.meta.url));

/**
 * The registry tests (push, --cache-to/--cache-from) need the real registry scripts/registry.sh
 * runs; a registry that cannot be started fails the run, as a missing engine does. Starting one
 * that already answers is a no-op.
 */
export default function setup(): void {
  const result = spawnSync("bash", [script], { stdio: ["ignore", "inherit", "inherit"], env: machineEnv(), timeout: 600_000 });
  if (result.error !== undefined) throw new Error(`cannot run ${script}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${script} failed (exit ${String(result.status ?? result.signal)}): no registry for the registry tests; its output is above`);
  }
}
