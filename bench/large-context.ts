/**
 * Workload (d) of issue 13: a build context of about 1 GB in 20,000 files, of which the Dockerfile
 * copies one small file. The classic builder's CLI reads and sends all of it on every build, cached
 * or not; dfbuild reads only the file COPY names, and on a cached rebuild not even that (its digest
 * is kept across builds). For bench/build.ts, or on its own:
 * `pnpm --filter @dfbuild/bench exec tsx large-context.ts DIR [BASE]` writes the context into DIR
 * (removing it is the caller's job: `rm -rf DIR`).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface LargeContextOptions {
  /** Files besides the Dockerfile and the copied one (default 20,000). */
  files?: number;
  /** Their total size in bytes (default 1 GiB). */
  totalBytes?: number;
}

export interface LargeContext {
  dockerfile: string;
  files: number;
  bytes: number;
}

/**
 * Writes the context into `dir` (which must exist): `data/dNNN/fNNNNN.bin` files of incompressible
 * bytes, 100 to a directory, the small `app/config.json` the Dockerfile copies, and the Dockerfile.
 */
export function writeLargeContext(dir: string, base: string, options: LargeContextOptions = {}): LargeContext {
  const files = options.files ?? 20_000;
  const size = Math.max(1, Math.floor((options.totalBytes ?? 1024 ** 3) / files));
  // One random pool, each file a different window of it: incompressible, and cheap to make.
  const pool = randomBytes(size + files);
  for (let index = 0; index < files; index++) {
    const directory = join(dir, "data", `d${String(Math.floor(index / 100)).padStart(3, "0")}`);
    if (index % 100 === 0) mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, `f${String(index).padStart(5, "0")}.bin`), pool.subarray(index, index + size));
  }
  mkdirSync(join(dir, "app"), { recursive: true });
  writeFileSync(join(dir, "app", "config.json"), '{"mode":"production"}\n');
  const dockerfile = `FROM ${base}\nCOPY app/config.json /etc/app/config.json\n`;
  writeFileSync(join(dir, "Dockerfile"), dockerfile);
  return { dockerfile, files: files + 2, bytes: size * files };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, base = "dfbuild-test/busybox:latest"] = process.argv.slice(2);
  if (dir === undefined) {
    console.error("usage: tsx large-context.ts DIR [BASE]");
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  const made = writeLargeContext(dir, base);
  console.log(`${dir}: ${String(made.files)} files, ${(made.bytes / 1024 ** 3).toFixed(2)} GiB`);
}
