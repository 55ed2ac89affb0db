/**
 * Linter benchmarks, side by side in one run. Everything is printed, nothing asserted.
 *  1. Whole corpus, the library in process: dfbuild's `lintText` vs dockerfile-utils' validator
 *     and dockerfilelint, median of interleaved rounds.
 *  2. Whole corpus, the CLI as a user runs it (`dfbuild lint FILE…`): wall time, MB/s, CPU time and
 *     peak RSS against the peers' CLIs — dockerfilelint (one process for all the files it can
 *     read), dockerfile-utils (one process per file: its CLI takes one), and hadolint when a
 *     `hadolint` program is on PATH (or named by HADOLINT). BuildKit's own checks
 *     (`docker build --check`) need the buildx plugin; the line says whether it is there.
 *  3. Findings per rule on the corpus (default preset), with the share of files flagged; a rule
 *     above 10% must say in its doc ("How often") why that is right.
 *  4. Large inputs through the CLI: 5 MB of real Dockerfiles in one file, 300,000 one-line RUNs.
 *  5. One-file cold start: `dfbuild lint` vs `node -e 0` and the peers' CLIs, median of
 *     interleaved runs, wall and CPU time.
 * BENCH_ONLY (comma-separated: throughput, cli, rules, large, cold) runs only those parts.
 * Peak RSS comes from GNU time (/usr/bin/time, Debian's `time` package), CPU time from bash's
 * `times` (to the millisecond); without them those columns say n/a.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { RuleRegistry, lintText } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import dockerfilelint from "dockerfilelint";
import { validate } from "dockerfile-utils";
import { byteLength, loadCorpus } from "./corpus.js";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const files = loadCorpus();
const megabytes = byteLength(files) / 1e6;
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const cliRuns = Number(process.env.BENCH_CLI_RUNS ?? 21);
/** dockerfile-utils' CLI lints one file per process: time this many files, spread over the corpus, and scale up. */
const perFileSample = Number(process.env.BENCH_PER_FILE_SAMPLE ?? 100);
const registry = new RuleRegistry(rules);
const work = mkdtempSync(join(tmpdir(), "dfbuild-bench-"));
// dockerfilelint reads its .dockerfilelintrc from this directory: an empty one means defaults.
const dockerfilelintConfigDir = mkdtempSync(join(tmpdir(), "dockerfilelint-"));
const node = process.execPath;
const dfbuildBin = join(here, "..", "packages", "cli", "bin", "dfbuild.cjs");
const dockerfilelintBin = require.resolve("dockerfilelint/bin/dockerfilelint");
const dockerfileUtilsBin = require.resolve("dockerfile-utils/bin/dockerfile-utils");
const gnuTime = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** Files dockerfilelint throws on (it has no error recovery); it still pays for reading them. */
const dockerfilelintCrashes = new Set<string>();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);

const contenders: Record<string, () => void> = {
  dfbuild: () => {
    for (const file of files) lintText(file.text, { registry, filePath: file.name });
  },
  "dockerfile-utils (validate)": () => {
    for (const file of files) validate(file.text);
  },
  dockerfilelint: () => {
    for (const file of files) {
      try {
        dockerfilelint.run(dockerfilelintConfigDir, file.text);
      } catch {
        dockerfilelintCrashes.add(file.name);
      }
    }
  },
};

function throughput(): void {
  const names = Object.keys(contenders);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = -2; round < rounds; round++) {
    for (const name of names) {
      const start = performance.now();
      contenders[name]?.();
      // The first two rounds warm up the JIT (and load the shell parser) for every contender.
      if (round >= 0) times[name]?.push(performance.now() - start);
    }
  }
  const ours = median(times.dfbuild ?? []);
  console.log(`Lint throughput, library in process, on ${files.length} real Dockerfiles (${megabytes.toFixed(2)} MB), median of ${rounds} interleaved rounds`);
  for (const name of names) {
    const ms = median(times[name] ?? []);
    const speed = megabytes / (ms / 1000);
    const ratio = name === "dfbuild" ? "" : `   dfbuild is ${(ms / ours).toFixed(2)}x as fast`;
    console.log(`  ${name.padEnd(30)} ${speed.toFixed(2).padStart(6)} MB/s  ${ms.toFixed(0).padStart(6)} ms${ratio}`);
  }
  if (dockerfilelintCrashes.size > 0) console.log(`  (dockerfilelint threw on ${dockerfilelintCrashes.size} of the files)`);
}

/** One process run: wall time from here; CPU time (user + system) from bash, peak RSS from GNU time. */
interface Measured {
  wallMs: number;
  cpuMs: number | null;
  peakMb: number | null;
  status: number | null;
}

const bash = existsSync("/bin/bash") ? "/bin/bash" : null;

/** Seconds in `times`'s `XmY.YYYs` (minutes, then seconds; the decimal point may be a comma). */
const timesSeconds = (text: string) => {
  const match = /^(\d+)m([\d.,]+)s$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]?.replace(",", ".")) : Number.NaN;
};

/**
 * Runs a command, under GNU time for its peak RSS when `peakRss` (which adds GNU time's own ~1 ms
 * of CPU, nothing next to the runs that print it). CPU time is what bash's `times` says its
 * children used (getrusage, printed to the millisecond): GNU time prints user and system time cut
 * to 10 ms (`%U`, `%S`), which took ~5 ms off each of them on average, ~10 ms a run, and so made a
 * 20–60 ms process's ratio to `node -e 0` look larger than it is.
 */
function measure(command: string, args: readonly string[], peakRss = true): Measured {
  const report = join(work, "time.txt");
  const cpuReport = join(work, "times.txt");
  const timed = gnuTime && peakRss ? [gnuTime, "-f", "%M", "-o", report, command, ...args] : [command, ...args];
  const start = performance.now();
  const result = bash
    ? spawnSync(bash, ["-c", 'start=$EPOCHREALTIME; "$@"; status=$?; end=$EPOCHREALTIME; { echo "$start $end"; times; } > "$DFBUILD_BENCH_TIMES"; exit $status', "bash", ...timed], {
        stdio: "ignore",
        env: { ...process.env, DFBUILD_BENCH_TIMES: cpuReport },
      })
    : spawnSync(timed[0] ?? command, timed.slice(1), { stdio: "ignore" });
  let wallMs = performance.now() - start;
  if (result.error) throw result.error;
  // The clock around the command alone (bash 5's $EPOCHREALTIME), then `times`: the shell's own
  // user and system time, then its children's.
  const [clock = "", , children = ""] = bash ? readFileSync(cpuReport, "utf8").trim().split("\n") : [];
  const [started, ended] = clock.split(" ").map((seconds) => Number(seconds.replace(",", ".")));
  if (started !== undefined && ended !== undefined && Number.isFinite(started) && Number.isFinite(ended) && ended >= started) wallMs = (ended - started) * 1000;
  const childTimes = children.split(" ").map(timesSeconds);
  const cpuMs = childTimes.length === 2 && childTimes.every(Number.isFinite) ? ((childTimes[0] ?? 0) + (childTimes[1] ?? 0)) * 1000 : null;
  if (!gnuTime || !peakRss) return { wallMs, cpuMs, peakMb: null, status: result.status };
  // GNU time writes "Command exited with non-zero status N" before its line when the command fails.
  const line = readFileSync(report, "utf8").trim().split("\n").pop() ?? "";
  return { wallMs, cpuMs, peakMb: Number(line) / 1024, status: result.status };
}

const cpuText = (ms: number | null) => (ms === null ? "n/a" : `${ms.toFixed(0)} ms`);
const rssText = (mb: number | null) => (mb === null ? "n/a" : `${mb.toFixed(0)} MB`);

function hadolintProgram(): string | null {
  if (process.env.HADOLINT) return process.env.HADOLINT;
  const found = spawnSync("hadolint", ["--version"], { stdio: "ignore" });
  return found.error ? null : "hadolint";
}

function wholeCorpusCli(): void {
  const paths = files.map((file) => file.path);
  const readable = files.filter((file) => !dockerfilelintCrashes.has(file.name));
  const step = Math.max(1, Math.floor(files.length / perFileSample));
  const sample = files.filter((_, i) => i % step === 0).slice(0, perFileSample);
  const sampleMb = byteLength(sample) / 1e6;
  const rows: [string, Measured, number, string][] = [];
  const ours = measure(node, [dfbuildBin, "lint", "--no-fail", ...paths]);
  rows.push(["dfbuild lint FILE… (one process)", ours, megabytes, ""]);
  const hadolint = hadolintProgram();
  if (hadolint) rows.push(["hadolint FILE… (one process)", measure(hadolint, ["--no-fail", ...paths]), megabytes, ""]);
  rows.push([
    "dockerfilelint FILE… (one process)",
    measure(node, [dockerfilelintBin, ...readable.map((file) => file.path)]),
    byteLength(readable) / 1e6,
    `; the ${dockerfilelintCrashes.size} files it crashes on left out`,
  ]);
  // One process per file, as its CLI takes one: time a sample and scale to the corpus.
  let wallMs = 0;
  let cpuMs: number | null = 0;
  let peakMb = 0;
  for (const file of sample) {
    const run = measure(node, [dockerfileUtilsBin, "lint", file.path]);
    wallMs += run.wallMs;
    cpuMs = cpuMs === null || run.cpuMs === null ? null : cpuMs + run.cpuMs;
    peakMb = Math.max(peakMb, run.peakMb ?? 0);
  }
  const scale = megabytes / sampleMb;
  rows.push([
    "dockerfile-utils lint FILE (per file)",
    { wallMs: wallMs * scale, cpuMs: cpuMs === null ? null : cpuMs * scale, peakMb: gnuTime ? peakMb : null, status: 0 },
    megabytes,
    `; ${sample.length} files timed, scaled to the corpus`,
  ]);
  console.log(`\nWhole corpus through the CLI, as a user runs it (${files.length} files, ${megabytes.toFixed(2)} MB, one run each)`);
  for (const [name, run, mb, note] of rows) {
    const ratio = run === ours ? "" : `   dfbuild is ${(run.wallMs / ours.wallMs).toFixed(2)}x as fast`;
    console.log(
      `  ${name.padEnd(38)} ${(run.wallMs / 1000).toFixed(2).padStart(6)} s  ${(mb / (run.wallMs / 1000)).toFixed(2).padStart(6)} MB/s  CPU ${cpuText(run.cpuMs).padStart(8)}  peak RSS ${rssText(run.peakMb).padStart(6)}${ratio}${note}`,
    );
  }
  if (!hadolint) console.log("  hadolint: not run — no `hadolint` program here (set HADOLINT=/path/to/hadolint); this machine reaches only npm and Debian, which ship neither hadolint nor its binary");
  const buildx = spawnSync("docker", ["buildx", "version"], { stdio: "ignore" });
  console.log(
    buildx.status === 0
      ? "  BuildKit's checks (docker build --check): not compared by this bench; run `docker build --check` yourself for a side-by-side"
      : "  BuildKit's checks (docker build --check): not run — the docker CLI here has no buildx plugin, and its engine's built-in BuildKit predates build checks",
  );
}

function findingsPerRule(): void {
  const counts = new Map<string, { findings: number; files: Set<string>; fixable: number }>();
  for (const file of files) {
    const result = lintText(file.text, { registry, filePath: file.name });
    for (const finding of result.findings) {
      const entry = counts.get(finding.ruleId) ?? { findings: 0, files: new Set<string>(), fixable: 0 };
      entry.findings++;
      entry.files.add(file.name);
      if (finding.fix) entry.fixable++;
      counts.set(finding.ruleId, entry);
    }
  }
  console.log(`\nFindings per rule on the corpus (${files.length} files, default preset), most files flagged first`);
  const ids = [...new Set([...registry.rules.map((rule) => rule.meta.id), ...counts.keys()])];
  ids.sort((a, b) => (counts.get(b)?.files.size ?? 0) - (counts.get(a)?.files.size ?? 0) || a.localeCompare(b));
  for (const id of ids) {
    const entry = counts.get(id);
    const flagged = entry?.files.size ?? 0;
    const share = flagged / files.length;
    const aliases = (registry.get(id)?.meta.aliases ?? []).join(", ");
    let note = "";
    if (share > 0.1) {
      const doc = join(here, "..", "rules", "src", `${id}.md`);
      note = existsSync(doc) && readFileSync(doc, "utf8").includes("\n## How often") ? "  > 10%: its doc says why (How often)" : "  > 10% AND ITS DOC DOES NOT SAY WHY";
    }
    console.log(
      `  ${id.padEnd(30)} ${String(entry?.findings ?? 0).padStart(6)} findings in ${String(flagged).padStart(4)} files (${(share * 100).toFixed(1).padStart(4)}%), ${String(entry?.fixable ?? 0).padStart(5)} fixable  ${aliases}${note}`,
    );
  }
}

/** Real Dockerfiles one after another until the text reaches `bytes` (each starts with its own FROM). */
function realContent(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    for (const file of files) {
      parts.push(file.text.endsWith("\n") ? file.text : `${file.text}\n`);
      size += Buffer.byteLength(file.text) + 1;
      if (size >= bytes) break;
    }
  }
  return parts.join("");
}

function largeInputs(): void {
  const inputs: [string, string][] = [
    ["5 MB of real Dockerfiles, one file", realContent(5e6)],
    ["300,000 one-line RUNs", `FROM alpine:3.20\n${Array.from({ length: 300_000 }, (_, i) => `RUN echo ${i}\n`).join("")}`],
  ];
  console.log("\nLarge inputs through the CLI (dfbuild lint FILE, one run each)");
  for (const [name, text] of inputs) {
    const path = join(work, "Dockerfile.large");
    writeFileSync(path, text);
    const run = measure(node, [dfbuildBin, "lint", "--no-fail", path]);
    console.log(`  ${name.padEnd(38)} ${(Buffer.byteLength(text) / 1e6).toFixed(2).padStart(5)} MB  ${(run.wallMs / 1000).toFixed(2).padStart(6)} s  CPU ${cpuText(run.cpuMs).padStart(8)}  peak RSS ${rssText(run.peakMb).padStart(6)}`);
  }
}

function coldStart(): void {
  // A typical file: the classic example (FROM, MAINTAINER, apt-get RUNs, COPY, ENTRYPOINT),
  // which loads every part of dfbuild's lint path, the shell parser included.
  const file = join(work, "Dockerfile");
  writeFileSync(
    file,
    'FROM ubuntu:16.04\nMAINTAINER Jane Doe <jane@example.com>\nRUN apt-get update\nRUN apt-get install -y python\nCOPY hello.py /\nENTRYPOINT ["python", "hello.py"]\n',
  );
  const commands: Record<string, string[]> = {
    "node -e 0": ["-e", "0"],
    "dfbuild lint": [dfbuildBin, "lint", file],
    "dfbuild lint --preset strict": [dfbuildBin, "lint", "--preset", "strict", "--rule", "shellcheck=off", file],
    "  … with ShellCheck": [dfbuildBin, "lint", "--preset", "strict", file],
    "dockerfilelint (CLI)": [dockerfilelintBin, file],
    "dockerfile-utils lint (CLI)": [dockerfileUtilsBin, "lint", file],
  };
  // With NODE_EXTRA_CA_CERTS set, every Node process reads and parses those certificates before
  // running any code (https://nodejs.org/api/cli.html#node_extra_ca_certsfile), `node -e 0`
  // included: with a whole CA bundle there, that start-up cost shrinks every ratio below. The
  // same two commands without it show the ratio a machine without that variable sees.
  const withoutExtraCerts = process.env.NODE_EXTRA_CA_CERTS ? " (no NODE_EXTRA_CA_CERTS)" : null;
  if (withoutExtraCerts !== null) {
    commands[`node -e 0${withoutExtraCerts}`] = ["-u", "NODE_EXTRA_CA_CERTS", node, "-e", "0"];
    commands[`dfbuild lint${withoutExtraCerts}`] = ["-u", "NODE_EXTRA_CA_CERTS", node, dfbuildBin, "lint", file];
  }
  const program = (name: string) => (withoutExtraCerts !== null && name.endsWith(withoutExtraCerts) ? "env" : node);
  const runs: Record<string, Measured[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let run = -2; run < cliRuns; run++) {
    for (const [name, args] of Object.entries(commands)) {
      const measured = measure(program(name), args, false);
      if (run >= 0) runs[name]?.push(measured);
    }
  }
  const wall = (name: string) => median((runs[name] ?? []).map((run) => run.wallMs));
  // One run's CPU time moves with the scheduler and the caches: the mean of the runs.
  const cpu = (name: string) => ((runs[name] ?? []).every((run) => run.cpuMs !== null) ? mean((runs[name] ?? []).map((run) => run.cpuMs ?? 0)) : null);
  const bareWall = wall("node -e 0");
  const bareCpu = cpu("node -e 0");
  console.log(`\nOne-file cold start through the CLI (${cliRuns} interleaved runs: median wall time, mean CPU time; wall time moves with the machine's load, CPU time less)`);
  console.log("  --preset strict runs every rule; ShellCheck, a separate program, is timed on its own line");
  if (withoutExtraCerts !== null) console.log(`  NODE_EXTRA_CA_CERTS is set: the last two lines are against node -e 0 without it`);
  for (const name of Object.keys(commands)) {
    const base = withoutExtraCerts !== null && name.endsWith(withoutExtraCerts) ? `node -e 0${withoutExtraCerts}` : "node -e 0";
    const ms = wall(name);
    const cpuMs = cpu(name);
    const baseCpu = base === "node -e 0" ? bareCpu : cpu(base);
    const cpuRatio = cpuMs === null || baseCpu === null || baseCpu === 0 ? "" : `   CPU ${cpuMs.toFixed(0).padStart(4)} ms  ${(cpuMs / baseCpu).toFixed(2)}x`;
    console.log(`  ${name.padEnd(50)} wall ${ms.toFixed(1).padStart(7)} ms  ${(ms / (base === "node -e 0" ? bareWall : wall(base))).toFixed(2)}x node -e 0${cpuRatio}`);
  }
}

/** BENCH_ONLY=large,cold runs only those parts (throughput, cli, rules, large, cold); default: all. */
const only = process.env.BENCH_ONLY?.split(",").map((part) => part.trim());
const selected = (part: string) => only === undefined || only.includes(part);
console.log(`Load average at start: ${loadavg().map((load) => load.toFixed(2)).join(", ")} (${cpus().length} CPUs)`);
try {
  // The CLI comparison leaves out the files dockerfilelint throws on, which throughput finds.
  if (selected("throughput") || selected("cli")) throughput();
  if (selected("cli")) wholeCorpusCli();
  if (selected("rules")) findingsPerRule();
  if (selected("large")) largeInputs();
  if (selected("cold")) coldStart();
  console.log(`Load average at end: ${loadavg().map((load) => load.toFixed(2)).join(", ")}`);
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(dockerfilelintConfigDir, { recursive: true, force: true });
}
