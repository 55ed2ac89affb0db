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

/** Linear time: parse time per MB stays flat as the input grows, also for pathological shapes. */
const corpusText = files.map((file) => file.text).join("\n");
const shapes: Record<string, (megabytes: number) => string> = {
  // The corpus repeated: heredoc bodies or continuations at the file ends run into the next copy,
  // which is still a valid (if odd) Dockerfile.
  "real Dockerfiles": (mb) => corpusText.repeat(Math.ceil((mb * 1e6) / corpusText.length)).slice(0, mb * 1e6),
  "plain instructions": (mb) => "FROM alpine:3.20\nRUN apk add --no-cache curl \\\n    && echo done\n".repeat(Math.round((mb * 1e6) / 64)),
  "one long continuation": (mb) => `FROM a\nRUN true \\\n${"  && echo line \\\n".repeat(Math.round((mb * 1e6) / 17))}  && echo end\n`,
  "many heredocs": (mb) => {
    const count = Math.round((mb * 1e6) / 40);
    const parts: string[] = ["FROM a\n"];
    for (let i = 0; i < count; i += 500) {
      const names = Array.from({ length: 500 }, (_, k) => `E${k}`);
      parts.push(`RUN cat ${names.map((n) => `<<${n}`).join(" ")}\n${names.map((n) => `body\n${n}\n`).join("")}`);
    }
    return parts.join("");
  },
};

console.log("\nScaling (median of 3 parses; flat MB/s means linear time):");
for (const [shape, make] of Object.entries(shapes)) {
  const cells: string[] = [];
  for (const mb of [1.25, 2.5, 5]) {
    const text = make(mb);
    const { [shape]: ms = 0 } = interleaved({ [shape]: () => dfbuildParse(text) }, 3, 1);
    cells.push(`${(text.length / 1e6).toFixed(2)} MB ${ms.toFixed(0).padStart(5)} ms (${(text.length / 1e3 / ms).toFixed(1)} MB/s)`);
  }
  console.log(`  ${shape.padEnd(22)} ${cells.join("   ")}`);
}
