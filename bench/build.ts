/**
 * Build times side by side: dfbuild vs the classic builder (`DOCKER_BUILDKIT=0 docker build`) on
 * the same Dockerfiles and engine, with no cache and fully cached, median of interleaved rounds;
 * then a 1 GB file through COPY (from the context) and COPY --from (from an image), with each
 * command's wall time and peak RSS. Needs the engine of scripts/engine.sh and `pnpm build`.
 * Run: `pnpm --filter @dfbuild/bench bench:build` (`BENCH_ROUNDS`, `BENCH_LARGE_ROUNDS`,
 * `BENCH_LARGE_MB` to change the rounds and the size; `BENCH_LARGE_MB=0` skips the large copies).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const dfbuildBin = join(import.meta.dirname, "../packages/cli/bin/dfbuild.js");
const env = { ...process.env, DOCKER_API_VERSION: "1.41", DOCKER_HOST: "unix:///var/run/docker.sock", DOCKER_BUILDKIT: "0" };
const BASE = "dfbuild-test/busybox:latest";

/** The research's 20-instruction Dockerfile: every kind of step, one RUN, four COPYs. */
const twentySteps = `FROM ${BASE}
ARG FOO=bar
ENV E1=v1 PATHX=baz
LABEL l1=x "l 2"=y
WORKDIR /w
RUN echo run-$FOO > out.txt && id
COPY a.txt /dst/
COPY sub /dstdir
COPY link.txt /lnk
COPY *.txt /star/
EXPOSE 80 443/udp
VOLUME /data
USER 1000:1000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=5s CMD true
SHELL ["/bin/sh", "-xc"]
ONBUILD RUN echo trig
ENTRYPOINT ["/bin/echo"]
CMD ["hi"]
`;

/** A typical application image: a few RUNs and a larger COPY. */
const app = `FROM ${BASE}
RUN mkdir -p /app && adduser -D -u 1001 web 2>/dev/null || true
WORKDIR /app
COPY src/ ./src/
RUN find src -type f | wc -l > /app/count
ENV MODE=production
USER 1001
CMD ["sh", "-c", "cat /app/count"]
`;

function makeContext(dockerfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dfbuild-bench-"));
  writeFileSync(join(dir, "Dockerfile"), dockerfile);
  writeFileSync(join(dir, "a.txt"), "a\n");
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "sub/d.txt"), "d\n");
  spawnSync("ln", ["-s", "a.txt", join(dir, "link.txt")]);
  for (let i = 0; i < 200; i++) {
    mkdirSync(join(dir, "src", `m${String(i % 10)}`), { recursive: true });
    writeFileSync(join(dir, "src", `m${String(i % 10)}`, `f${String(i)}.js`), `export const v = ${String(i)};\n`.repeat(50));
  }
  return dir;
}

function timed(command: string, args: string[], extraEnv: Record<string, string> = {}): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: { ...env, ...extraEnv }, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const cacheDir = mkdtempSync(join(tmpdir(), "dfbuild-bench-cache-"));
const builders = {
  classic: (context: string, cached: boolean): number =>
    timed("docker", ["build", "-q", ...(cached ? [] : ["--no-cache"]), "-t", "dfbuild-bench/classic", context]),
  dfbuild: (context: string, cached: boolean): number =>
    timed(process.execPath, [dfbuildBin, "build", "-q", ...(cached ? [] : ["--no-cache"]), "-t", "dfbuild-bench/dfbuild", context], {
      DFBUILD_CACHE_DIR: cacheDir,
    }),
};

console.log(`Build times, median of ${String(rounds)} interleaved rounds (same engine, same context)`);
for (const [name, dockerfile] of Object.entries({ "20 instructions (research ctx1)": twentySteps, "application (8 instructions, 200 files)": app })) {
  const context = makeContext(dockerfile);
  try {
    const samples: Record<string, number[]> = {};
    // Warm both caches once so that "cached" rounds really hit.
    builders.classic(context, true);
    builders.dfbuild(context, true);
    for (let round = 0; round < rounds; round++) {
      for (const [builder, run] of Object.entries(builders)) {
        for (const cached of [false, true]) (samples[`${builder} ${cached ? "cached" : "no cache"}`] ??= []).push(run(context, cached));
      }
    }
    console.log(`\n  ${name}`);
    for (const mode of ["no cache", "cached"]) {
      const classicMs = median(samples[`classic ${mode}`] ?? []);
      const oursMs = median(samples[`dfbuild ${mode}`] ?? []);
      console.log(
        `    ${mode.padEnd(9)} classic ${(classicMs / 1000).toFixed(2).padStart(6)} s   dfbuild ${(oursMs / 1000).toFixed(2).padStart(6)} s   ratio ${(classicMs / oursMs).toFixed(2)}x`,
      );
    }
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}
spawnSync("docker", ["rmi", "dfbuild-bench/classic", "dfbuild-bench/dfbuild"], { env });
removeCachedImages(cacheDir);
rmSync(cacheDir, { recursive: true, force: true });

/** The step images a dfbuild cache index lists, removed newest first (children before parents). */
function removeCachedImages(directory: string): void {
  const images: string[] = [];
  for (const name of readdirSync(directory)) {
    for (const line of readFileSync(join(directory, name), "utf8").split("\n")) {
      if (line === "") continue;
      const record = JSON.parse(line) as { image?: unknown };
      if (typeof record.image === "string") images.push(record.image);
    }
  }
  if (images.length > 0) spawnSync("docker", ["rmi", "-f", ...[...new Set(images)].reverse()], { env });
}

/** A command's wall time and peak RSS (VmHWM of /proc/<pid>/status, sampled until it exits). */
async function measured(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<{ ms: number; peakMb: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let peakKb = 0;
  const sample = (): void => {
    try {
      const status = readFileSync(`/proc/${String(child.pid)}/status`, "utf8");
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // Gone already.
    }
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearInterval(timer);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed (${String(code)}):\n${stderr}`);
  return { ms, peakMb: peakKb / 1024 };
}

/** A file of `megabytes` of random bytes (incompressible, as a real artefact would be). */
function writeRandomFile(path: string, megabytes: number): void {
  const fd = openSync(path, "w");
  try {
    for (let written = 0; written < megabytes; written += 16) writeSync(fd, randomBytes(16 * 1024 * 1024).subarray(0, Math.min(16, megabytes - written) * 1024 * 1024));
  } finally {
    closeSync(fd);
  }
}

const largeMb = Number(process.env.BENCH_LARGE_MB ?? 1024);
const largeRounds = Number(process.env.BENCH_LARGE_ROUNDS ?? 3);
if (largeMb > 0) {
  const work = mkdtempSync(join(tmpdir(), "dfbuild-bench-large-"));
  const largeCache = mkdtempSync(join(tmpdir(), "dfbuild-bench-cache-"));
  const source = "dfbuild-bench/large-source:latest";
  try {
    const copyContext = join(work, "copy");
    const fromContext = join(work, "from");
    mkdirSync(copyContext);
    mkdirSync(fromContext);
    writeRandomFile(join(copyContext, "big"), largeMb);
    writeFileSync(join(copyContext, "Dockerfile"), `FROM ${BASE}\nCOPY big /big\n`);
    writeFileSync(join(fromContext, "Dockerfile"), `FROM ${BASE}\nCOPY --from=${source} /big /copy\n`);
    // The COPY --from source: an image with the file, made once by the classic builder.
    timed("docker", ["build", "-q", "-t", source, copyContext]);
    const run = {
      classic: (context: string) => measured("docker", ["build", "-q", "--no-cache", "-t", "dfbuild-bench/large-classic", context]),
      dfbuild: (context: string) =>
        measured(process.execPath, [dfbuildBin, "build", "-q", "--no-cache", "-t", "dfbuild-bench/large-dfbuild", context], { DFBUILD_CACHE_DIR: largeCache }),
    };
    const samples: Record<string, { ms: number; peakMb: number }[]> = {};
    for (let round = 0; round < largeRounds; round++) {
      for (const [what, context] of [["COPY", copyContext], ["COPY --from", fromContext]] as const) {
        for (const [builder, build] of Object.entries(run)) {
          (samples[`${what} ${builder}`] ??= []).push(await build(context));
          // Each run writes a new layer of the file's size: gone before the next.
          spawnSync("docker", ["rmi", `dfbuild-bench/large-${builder}`], { env });
          removeCachedImages(largeCache);
        }
      }
    }
    const size = largeMb >= 1024 ? `${String(largeMb / 1024)} GB` : `${String(largeMb)} MB`;
    console.log(`\n  a ${size} file, median of ${String(largeRounds)} rounds; peak RSS of the command run (the classic builder's work is done in dockerd)`);
    for (const what of ["COPY", "COPY --from"]) {
      const classicRun = { ms: median((samples[`${what} classic`] ?? []).map((sample) => sample.ms)), peakMb: median((samples[`${what} classic`] ?? []).map((sample) => sample.peakMb)) };
      const ours = { ms: median((samples[`${what} dfbuild`] ?? []).map((sample) => sample.ms)), peakMb: median((samples[`${what} dfbuild`] ?? []).map((sample) => sample.peakMb)) };
      console.log(
        `    ${what.padEnd(11)} classic ${(classicRun.ms / 1000).toFixed(2).padStart(6)} s ${classicRun.peakMb.toFixed(0).padStart(5)} MB   ` +
          `dfbuild ${(ours.ms / 1000).toFixed(2).padStart(6)} s ${ours.peakMb.toFixed(0).padStart(5)} MB   time ratio ${(classicRun.ms / ours.ms).toFixed(2)}x`,
      );
    }
  } finally {
    spawnSync("docker", ["rmi", source], { env });
    removeCachedImages(largeCache);
    rmSync(largeCache, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}
