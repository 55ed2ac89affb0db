/**
 * Linter benchmarks, side by side in one run:
 *  1. whole-corpus throughput (in process): dfbuild vs dockerfilelint and dockerfile-utils'
 *     validator, median of interleaved rounds, plus dfbuild's findings per rule;
 *  2. one-file CLI wall time (a pre-commit hook's cost): dfbuild lint vs `node -e 0`,
 *     dockerfilelint's CLI and dockerfile-utils' CLI, median of interleaved runs.
 * Work compared: dfbuild parses, builds its stage/scope model, runs every rule (shell-aware
 * rules through unbash) and produces findings with exact ranges and fixes.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
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
const registry = new RuleRegistry(rules);
// dockerfilelint reads its .dockerfilelintrc from this directory: an empty one means defaults.
const dockerfilelintConfigDir = mkdtempSync(join(tmpdir(), "dockerfilelint-"));

/** Files dockerfilelint throws on (it has no error recovery); it still pays for reading them. */
const dockerfilelintCrashes = new Set<string>();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

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
  console.log(`Lint throughput on ${files.length} real Dockerfiles (${megabytes.toFixed(2)} MB), median of ${rounds} interleaved rounds`);
  for (const name of names) {
    const ms = median(times[name] ?? []);
    const speed = megabytes / (ms / 1000);
    const ratio = name === "dfbuild" ? "" : `   dfbuild is ${(ms / ours).toFixed(2)}x as fast`;
    console.log(`  ${name.padEnd(30)} ${speed.toFixed(2).padStart(6)} MB/s  ${ms.toFixed(0).padStart(6)} ms${ratio}`);
  }
  if (dockerfilelintCrashes.size > 0) console.log(`  (dockerfilelint threw on ${dockerfilelintCrashes.size} of the files)`);
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
  console.log(`\nFindings per rule on the corpus (${files.length} files)`);
  for (const rule of registry.rules) {
    const entry = counts.get(rule.meta.id);
    const aliases = (rule.meta.aliases ?? []).join(", ");
    console.log(`  ${rule.meta.id.padEnd(26)} ${String(entry?.findings ?? 0).padStart(6)} findings in ${String(entry?.files.size ?? 0).padStart(4)} files, ${String(entry?.fixable ?? 0).padStart(5)} fixable  ${aliases}`);
  }
}

function cliWallTime(): void {
  // A typical file: the classic example (FROM, MAINTAINER, apt-get RUNs, COPY, ENTRYPOINT),
  // which loads every part of dfbuild's lint path, the shell parser included.
  const file = join(mkdtempSync(join(tmpdir(), "dfbuild-bench-")), "Dockerfile");
  writeFileSync(
    file,
    'FROM ubuntu:16.04\nMAINTAINER Jane Doe <jane@example.com>\nRUN apt-get update\nRUN apt-get install -y python\nCOPY hello.py /\nENTRYPOINT ["python", "hello.py"]\n',
  );
  const node = process.execPath;
  const commands: Record<string, string[]> = {
    "node -e 0": ["-e", "0"],
    "dfbuild lint": [join(here, "..", "packages", "cli", "bin", "dfbuild.cjs"), "lint", file],
    "dockerfilelint (CLI)": [require.resolve("dockerfilelint/bin/dockerfilelint"), file],
    "dockerfile-utils lint (CLI)": [require.resolve("dockerfile-utils/bin/dockerfile-utils"), "lint", file],
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let run = -2; run < cliRuns; run++) {
    for (const [name, args] of Object.entries(commands)) {
      const start = performance.now();
      const result = spawnSync(node, args, { stdio: "ignore" });
      if (result.error) throw result.error;
      if (run >= 0) times[name]?.push(performance.now() - start);
    }
  }
  const bare = median(times["node -e 0"] ?? []);
  console.log(`\nOne-file CLI wall time (median of ${cliRuns} interleaved runs)`);
  for (const name of Object.keys(commands)) {
    const ms = median(times[name] ?? []);
    console.log(`  ${name.padEnd(30)} ${ms.toFixed(1).padStart(7)} ms   ${(ms / bare).toFixed(2)}x node -e 0`);
  }
}

throughput();
findingsPerRule();
cliWallTime();
