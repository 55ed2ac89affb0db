import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every project's first global setup: the run gets a temporary directory of its own, and fails if a
 * test leaves anything in it.
 *
 * `TMPDIR` points at a fresh directory before any test worker starts, so `os.tmpdir()` in the tests,
 * and in every process they start (the CLI, git, tar), is that directory (Node reads `TMPDIR` on each
 * call: https://nodejs.org/api/os.html#ostmpdir). When the last project is torn down, whatever is
 * still in it was made by this run and not removed — a leak, whatever other test runs on the machine
 * do in /tmp at the same time. The directory is removed in any case, and the run fails naming what
 * was left.
 *
 * vitest runs a project's global setups before any test and tears them down when the run closes
 * (vitest's `Vitest.close()`); with `extends: true` this file is in every project's list, and the
 * root's, so the directory is made by the first setup and checked by the last teardown.
 */
const stateKey = Symbol.for("dfbuild.test-tmpdir");

interface RunTmpdir {
  dir: string;
  previous: string | undefined;
  users: number;
}

type Holder = Record<typeof stateKey, RunTmpdir | undefined>;

/**
 * The environment with the machine's own TMPDIR, for the set-up scripts the global setups run: a
 * daemon they start (dockerd, the registry) outlives the run, so it must not inherit the run's
 * directory, which is checked and removed at the end.
 */
export function machineEnv(): NodeJS.ProcessEnv {
  const state = (globalThis as unknown as Holder)[stateKey];
  const env = { ...process.env };
  if (state === undefined) return env;
  if (state.previous === undefined) delete env.TMPDIR;
  else env.TMPDIR = state.previous;
  return env;
}

export default function setup(): () => void {
  const holder = globalThis as unknown as Holder;
  // Short: tests make unix sockets under it, whose paths are limited to 108 bytes.
  const state = (holder[stateKey] ??= { dir: mkdtempSync(join(tmpdir(), "dfbt-")), previous: process.env.TMPDIR, users: 0 });
  process.env.TMPDIR = state.dir;
  state.users += 1;
  return () => {
    state.users -= 1;
    if (state.users > 0) return;
    holder[stateKey] = undefined;
    if (state.previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = state.previous;
    const left = readdirSync(state.dir).sort();
    rmSync(state.dir, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest only logs an error thrown by a teardown; the exit code is set here so that the run fails.
      process.exitCode = 1;
      throw new Error(`the tests left ${String(left.length)} entries in their temporary directory (os.tmpdir()), now removed: ${left.join(", ")}. Every test removes what it creates.`);
    }
  };
}
