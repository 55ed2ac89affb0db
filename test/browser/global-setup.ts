import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { machineEnv } from "../tmpdir-setup.js";

const script = fileURLToPath(new URL("../../scripts/chromium.sh", import.meta.url));

/** Installs Debian's chromium (idempotently) before the browser tests; without it the run fails, never skips. */
export default function setup(): void {
  const result = spawnSync("bash", [script], { stdio: ["ignore", "inherit", "inherit"], env: machineEnv(), timeout: 900_000 });
  if (result.error !== undefined) throw new Error(`cannot run ${script}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${script} failed (exit ${String(result.status ?? result.signal)}): no Chromium for the browser tests; its output is above`);
  }
}
