/**
 * Build times side by side: dfbuild vs the classic builder (`DOCKER_BUILDKIT=0 docker build`) on
 * the same Dockerfiles and engine, with no cache and fully cached, median of interleaved rounds.
 * Needs the engine of scripts/engine.sh and `pnpm build`. Run: `pnpm --filter @dfbuild/bench bench:build`.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
rmSync(cacheDir, { recursive: true, force: true });
