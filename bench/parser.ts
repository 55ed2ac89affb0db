/**
 * Parser throughput over the real corpus, side by side in one run: dfbuild vs dockerfile-ast
 * (the editors' parser) and docker-file-parser (the fast one). Prints MB/s and ratios.
 *
 * Work compared: dfbuild builds its full typed AST with diagnostics. dockerfile-ast parses
 * lazily, so it is measured twice: `parse()` alone, and `parse()` plus reading every
 * instruction's arguments and flags (closer to what dfbuild's AST already holds).
 */
import { parse as dfbuildParse } from "@dfbuild/parser";
import dockerFileParser from "docker-file-parser";
import { DockerfileParser } from "dockerfile-ast";
import { byteLength, interleaved, loadCorpus } from "./corpus.js";

const files = loadCorpus();
const megabytes = byteLength(files) / 1e6;
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);

const contenders = {
  dfbuild: () => {
    for (const file of files) dfbuildParse(file.text);
  },
  "dockerfile-ast (parse)": () => {
    for (const file of files) DockerfileParser.parse(file.text);
  },
  "dockerfile-ast (parse + arguments + flags)": () => {
    for (const file of files) {
      for (const instruction of DockerfileParser.parse(file.text).getInstructions()) {
        instruction.getArguments();
        if ("getFlags" in instruction && typeof instruction.getFlags === "function") (instruction.getFlags as () => unknown)();
      }
    }
  },
  "docker-file-parser": () => {
    for (const file of files) dockerFileParser.parse(file.text, { includeComments: true });
  },
};

const medians = interleaved(contenders, rounds);
const ours = medians.dfbuild ?? 1;
console.log(`Parser throughput on ${files.length} real Dockerfiles (${megabytes.toFixed(2)} MB), median of ${rounds} interleaved rounds`);
for (const [name, ms] of Object.entries(medians)) {
  const speed = megabytes / (ms / 1000);
  const ratio = name === "dfbuild" ? "" : `   dfbuild is ${(ms / ours).toFixed(2)}x faster`;
  console.log(`  ${name.padEnd(44)} ${speed.toFixed(1).padStart(6)} MB/s${ratio}`);
}
