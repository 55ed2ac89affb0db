/**
 * Build times side by side on one engine: dfbuild (one image per instruction, and with
 * `--fold-metadata`), the classic builder (`DOCKER_BUILDKIT=0 docker build`) and the engine's
 * BuildKit (`POST /build?version=2`, the context tar as the body, as `curl` sends it: this machine
 * has no buildx), each cold (`--no-cache`) and fully cached, in interleaved rounds (every builder
 * once per round, so load that comes and goes hits them alike). What is timed is what a user runs:
 * the CLI process (for BuildKit, `tar | curl`), wall clock, and dfbuild's peak RSS.
 *
 * Workloads (issue 13's "Done when"):
 *   a  examples/python-hello (apt-get install python3 on debian:bookworm-slim: needs the network,
 *      so every builder runs it with the host network)
 *   b  a 20-instruction Dockerfile: RUN, 4 COPY, ENV, LABEL, WORKDIR, EXPOSE, VOLUME, USER,
 *      HEALTHCHECK, ENTRYPOINT, CMD…
 *   c  three stages, two independent ones each `RUN sleep 2`; also one of them alone, cold: the
 *      longest stage, which the whole build's cold time is compared with
 *   d  a context of ~1 GB in 20,000 files, one small COPY
 *   large  a 1 GB file through COPY from the context and COPY --from an image (dfbuild and classic)
 *
 * Needs the engine and bases of `bash scripts/engine.sh --with-examples`, and `pnpm build`. Run:
 *   pnpm --filter @dfbuild/bench bench:build [options]
 *   --workloads a,b,c,d,large   which to run (default: all)
 *   --builders dfbuild,fold,classic,buildkit   which builders (default: all; fold runs a and b only)
 *   --rounds N         interleaved rounds of b and c (default 3)
 *   --heavy-rounds N   rounds of a, d and large (default 1)
 *   --context-mb N, --context-files N   the size of d's context (default 1024, 20000)
 *   --large-mb N       the size of large's file (default 1024)
 * e.g. `--workloads b --builders dfbuild,fold,buildkit --rounds 1` takes about a minute.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeLargeContext } from "./large-context.js";

const { values: flags } = parseArgs({
  // `pnpm … bench:build -- --rounds 1` passes the `--` on.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    workloads: { type: "string", default: "a,b,c,d,large" },
    builders: { type: "string", default: "dfbuild,fold,classic,buildkit" },
    rounds: { type: "string", default: "3" },
    "heavy-rounds": { type: "string", default: "1" },
    "context-mb": { type: "string", default: "1024" },
    "context-files": { type: "string", default: "20000" },
    "large-mb": { type: "string", default: "1024" },
  },
  strict: true,
});

const BUILDERS = ["dfbuild", "fold", "classic", "buildkit"] as const;
type Builder = (typeof BUILDERS)[number];
const LABEL: Record<Builder, string> = { dfbuild: "dfbuild", fold: "dfbuild --fold-metadata", classic: "classic", buildkit: "BuildKit (API)" };

function list<T extends string>(value: string, known: readonly T[], what: string): T[] {
  const items = value.split(",").map((item) => item.trim()).filter(Boolean);
  for (const item of items) if (!known.includes(item as T)) throw new Error(`--${what}: unknown ${item} (known: ${known.join(", ")})`);
  return items as T[];
}
function count(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`--${name}: a whole number, not ${value}`);
  return number;
}

const workloads = list(flags.workloads, ["a", "b", "c", "d", "large"] as const, "workloads");
const builders = list(flags.builders, BUILDERS, "builders");
const rounds = count("rounds", flags.rounds);
const heavyRounds = count("heavy-rounds", flags["heavy-rounds"]);

const repo = join(import.meta.dirname, "..");
// The package's bin, as `dfbuild` runs when installed (package.json "bin"): bin/dfbuild.js is an
// ES module that loads it, which costs Node's ES module loader on top.
const dfbuildBin = join(repo, "packages/cli/bin/dfbuild.cjs");
const SOCKET = "/var/run/docker.sock";
const env = { ...process.env, DOCKER_API_VERSION: "1.41", DOCKER_HOST: `unix://${SOCKET}`, DOCKER_BUILDKIT: "0" };
const BASE = "dfbuild-test/busybox:latest";
const cacheDir = mkdtempSync(join(tmpdir(), "dfbuild-bench-cache-"));

/** A command's wall time and peak RSS (VmHWM of /proc/<pid>/status, sampled until it exits). */
async function measured(command: string, args: string[], extraEnv: Record<string, string> = {}): Promise<{ ms: number; peakMb: number; stdout: string }> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
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
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed (${String(code)}):\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
  return { ms, peakMb: peakKb / 1024, stdout };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

interface BuildSpec {
  context: string;
  tag: string;
  cached: boolean;
  network?: "host";
  target?: string;
}

/** One build by one builder; resolves to its wall time and the builder process's peak RSS. */
async function runBuild(builder: Builder, spec: BuildSpec): Promise<{ ms: number; peakMb: number }> {
  const common = [...(spec.cached ? [] : ["--no-cache"]), ...(spec.network ? ["--network", spec.network] : []), ...(spec.target ? ["--target", spec.target] : [])];
  switch (builder) {
    case "dfbuild":
    case "fold":
      return measured(process.execPath, [dfbuildBin, "build", "-q", ...(builder === "fold" ? ["--fold-metadata"] : []), ...common, "-t", spec.tag, spec.context], {
        DFBUILD_CACHE_DIR: cacheDir,
      });
    case "classic":
      return measured("docker", ["build", "-q", ...common, "-t", spec.tag, spec.context]);
    case "buildkit": {
      // The engine's BuildKit through its API (Engine API `POST /build`, `version=2`; no buildx here):
      // the context tar streamed as the body; errors come in the JSON stream with HTTP 200.
      const query = new URLSearchParams({ version: "2", t: spec.tag, networkmode: spec.network ?? "none", ...(spec.cached ? {} : { nocache: "1" }), ...(spec.target ? { target: spec.target } : {}) });
      const script = `tar -C "$1" -cf - . | curl -sS --fail --unix-socket ${SOCKET} -X POST -H 'Content-Type: application/x-tar' -T - "http://localhost/v1.41/build?$2"`;
      const result = await measured("sh", ["-c", script, "sh", spec.context, query.toString()]);
      if (result.stdout.includes('"errorDetail"') || !result.stdout.includes("moby.image.id")) throw new Error(`BuildKit build failed:\n${result.stdout.slice(-2000)}`);
      return result;
    }
  }
}

interface Workload {
  id: string;
  title: string;
  context: () => string;
  /** Removes what `context` made (not the example's directory). */
  dispose?: (context: string) => void;
  rounds: number;
  network?: "host";
  /** Builders this workload runs (of those asked for). */
  builders: readonly Builder[];
  /** (c): also the named stage alone, cold: the longest stage. */
  stageAlone?: string;
}

/** Issue 13's 20-instruction Dockerfile (workload b): every kind of step, one RUN, four COPYs. */
const TWENTY_STEPS = `FROM ${BASE}
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

const THREE_STAGES = `FROM ${BASE} AS one
RUN sleep 2 && echo one > /one
FROM ${BASE} AS two
RUN sleep 2 && echo two > /two
FROM ${BASE}
COPY --from=one /one /one
COPY --from=two /two /two
`;

function temporaryContext(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "dfbuild-bench-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** ~`megabytes` in `files` files and one small file the Dockerfile copies (large-context.ts). */
function largeContext(megabytes: number, files: number): string {
  const dir = mkdtempSync(join(tmpdir(), "dfbuild-bench-"));
  writeLargeContext(dir, BASE, { files, totalBytes: megabytes * 1024 * 1024 });
  return dir;
}

const ALL_WORKLOADS: Record<string, Workload> = {
  a: {
    id: "a",
    title: "(a) examples/python-hello (apt-get install python3; host network)",
    context: () => join(repo, "examples/python-hello"),
    rounds: heavyRounds,
    network: "host",
    builders: BUILDERS,
  },
  b: {
    id: "b",
    title: "(b) 20 instructions (RUN, 4 COPY, 14 metadata)",
    context: () => {
      const dir = temporaryContext({ Dockerfile: TWENTY_STEPS, "a.txt": "a\n", "sub/d.txt": "d\n" });
      spawnSync("ln", ["-s", "a.txt", join(dir, "link.txt")]);
      return dir;
    },
    dispose: (dir) => {
      rmSync(dir, { recursive: true, force: true });
    },
    rounds,
    builders: BUILDERS,
  },
  c: {
    id: "c",
    title: "(c) three stages, two independent ones with RUN sleep 2",
    context: () => temporaryContext({ Dockerfile: THREE_STAGES }),
    dispose: (dir) => {
      rmSync(dir, { recursive: true, force: true });
    },
    rounds,
    builders: ["dfbuild", "classic", "buildkit"],
    stageAlone: "one",
  },
  d: {
    id: "d",
    title: `(d) a ${flags["context-mb"]} MB context in ${flags["context-files"]} files, one small COPY`,
    context: () => largeContext(count("context-mb", flags["context-mb"]), count("context-files", flags["context-files"])),
    dispose: (dir) => {
      rmSync(dir, { recursive: true, force: true });
    },
    rounds: heavyRounds,
    builders: ["dfbuild", "classic", "buildkit"],
  },
};

const tags = new Set<string>();
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2).padStart(7)} s`;
const ratio = (ours: number, theirs: number): string => (Number.isFinite(ours / theirs) ? `${(ours / theirs).toFixed(2)}×` : "–");

console.log(`dfbuild build benchmark — ${new Date().toISOString()}, load average ${loadavg().map((value) => value.toFixed(1)).join(" ")}`);
console.log(`rounds: ${String(rounds)} (b, c), ${String(heavyRounds)} (a, d, large); times are medians; ratios are dfbuild's time ÷ the peer's (below 1: dfbuild is faster)`);

for (const id of workloads) {
  const workload = ALL_WORKLOADS[id];
  if (workload === undefined) continue;
  const chosen = workload.builders.filter((builder) => builders.includes(builder));
  if (chosen.length === 0 || workload.rounds === 0) continue;
  const context = workload.context();
  const samples = new Map<string, { ms: number; peakMb: number }[]>();
  const add = (key: string, sample: { ms: number; peakMb: number }): void => {
    samples.set(key, [...(samples.get(key) ?? []), sample]);
  };
  try {
    const spec = (builder: Builder, cached: boolean, target?: string): BuildSpec => {
      const tag = `dfbuild-bench/${workload.id}-${builder}${target === undefined ? "" : `-${target}`}`;
      tags.add(tag);
      return { context, tag, cached, network: workload.network, target };
    };
    // Once each, so that the first "cached" round has a cache to hit.
    for (const builder of chosen) await runBuild(builder, spec(builder, true));
    for (let round = 0; round < workload.rounds; round++) {
      for (const builder of chosen) {
        add(`${builder} cold`, await runBuild(builder, spec(builder, false)));
        add(`${builder} cached`, await runBuild(builder, spec(builder, true)));
        if (workload.stageAlone !== undefined) add(`${builder} alone`, await runBuild(builder, spec(builder, false, workload.stageAlone)));
      }
    }
  } finally {
    workload.dispose?.(context);
  }
  const of = (key: string): number => median((samples.get(key) ?? []).map((sample) => sample.ms));
  const rss = (key: string): number => Math.max(...(samples.get(key) ?? []).map((sample) => sample.peakMb));
  console.log(`\n${workload.title} — load average now ${loadavg()[0]?.toFixed(1) ?? "?"}`);
  console.log(`  ${"builder".padEnd(24)} ${"cold".padStart(9)} ${"cached".padStart(9)}   cold ÷ classic, ÷ BuildKit   cached ÷ classic, ÷ BuildKit   peak RSS (cold / cached)`);
  for (const builder of chosen) {
    const cold = of(`${builder} cold`);
    const cached = of(`${builder} cached`);
    const ours = builder === "dfbuild" || builder === "fold";
    const compare = (mode: string, value: number): string =>
      ours ? `${ratio(value, of(`classic ${mode}`)).padStart(6)}, ${ratio(value, of(`buildkit ${mode}`)).padStart(6)}` : "".padStart(14);
    const memory = ours ? `${rss(`${builder} cold`).toFixed(0)} / ${rss(`${builder} cached`).toFixed(0)} MB` : "";
    console.log(`  ${LABEL[builder].padEnd(24)} ${seconds(cold)} ${seconds(cached)}   ${compare("cold", cold)}               ${compare("cached", cached)}                  ${memory}`);
  }
  if (workload.stageAlone !== undefined) {
    for (const builder of chosen) {
      const alone = of(`${builder} alone`);
      console.log(`  ${LABEL[builder].padEnd(24)} stage "${workload.stageAlone}" alone, cold ${seconds(alone)}; the whole build ÷ it: ${ratio(of(`${builder} cold`), alone)}`);
    }
  }
}

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

/** A file of `megabytes` of random bytes (incompressible, as a real artefact would be). */
function writeRandomFile(path: string, megabytes: number): void {
  const fd = openSync(path, "w");
  try {
    for (let written = 0; written < megabytes; written += 16) writeSync(fd, randomBytes(16 * 1024 * 1024).subarray(0, Math.min(16, megabytes - written) * 1024 * 1024));
  } finally {
    closeSync(fd);
  }
}

const largeMb = count("large-mb", flags["large-mb"]);
if (workloads.includes("large") && largeMb > 0 && heavyRounds > 0) {
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
    await measured("docker", ["build", "-q", "-t", source, copyContext]);
    const run = {
      classic: (context: string) => measured("docker", ["build", "-q", "--no-cache", "-t", "dfbuild-bench/large-classic", context]),
      dfbuild: (context: string) =>
        measured(process.execPath, [dfbuildBin, "build", "-q", "--no-cache", "-t", "dfbuild-bench/large-dfbuild", context], { DFBUILD_CACHE_DIR: largeCache }),
    };
    const samples: Record<string, { ms: number; peakMb: number }[]> = {};
    for (let round = 0; round < heavyRounds; round++) {
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
    console.log(`\na ${size} file, cold, median of ${String(heavyRounds)} rounds — load average now ${loadavg()[0]?.toFixed(1) ?? "?"}; peak RSS of the command run (the classic builder's work is done in dockerd)`);
    for (const what of ["COPY", "COPY --from"]) {
      const classicRun = { ms: median((samples[`${what} classic`] ?? []).map((sample) => sample.ms)), peakMb: median((samples[`${what} classic`] ?? []).map((sample) => sample.peakMb)) };
      const ours = { ms: median((samples[`${what} dfbuild`] ?? []).map((sample) => sample.ms)), peakMb: median((samples[`${what} dfbuild`] ?? []).map((sample) => sample.peakMb)) };
      console.log(
        `  ${what.padEnd(11)} classic ${seconds(classicRun.ms)} ${classicRun.peakMb.toFixed(0).padStart(5)} MB   ` +
          `dfbuild ${seconds(ours.ms)} ${ours.peakMb.toFixed(0).padStart(5)} MB   time ÷ classic ${ratio(ours.ms, classicRun.ms)}`,
      );
    }
  } finally {
    spawnSync("docker", ["rmi", source], { env });
    removeCachedImages(largeCache);
    rmSync(largeCache, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

if (tags.size > 0) spawnSync("docker", ["rmi", ...tags], { env });
removeCachedImages(cacheDir);
rmSync(cacheDir, { recursive: true, force: true });
console.log(`\ndone — load average ${loadavg().map((value) => value.toFixed(1)).join(" ")}`);
