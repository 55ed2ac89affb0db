import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared");

export interface CorpusFile {
  name: string;
  /** Where it is on disk, for the CLI runs. */
  path: string;
  text: string;
}

/** The real-world corpus from ../shared/corpus/real. */
export function loadCorpus(): CorpusFile[] {
  const root = join(sharedDir, "corpus", "real");
  const files: CorpusFile[] = [];
  for (const repo of readdirSync(root).sort()) {
    const dir = join(root, repo);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) files.push({ name: `${repo}/${name}`, path: join(dir, name), text: readFileSync(join(dir, name), "utf8") });
  }
  return files;
}

export function byteLength(files: CorpusFile[]): number {
  return files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0);
}

/**
 * Measures contenders in interleaved rounds (A B C, A B C, …) so that load on the machine hits
 * all of them alike, and reports each one's median throughput.
 */
export function interleaved(contenders: Record<string, () => void>, rounds: number, warmup = 3): Record<string, number> {
  const names = Object.keys(contenders);
  for (let i = 0; i < warmup; i++) for (const name of names) contenders[name]?.();
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const start = performance.now();
      contenders[name]?.();
      times[name]?.push(performance.now() - start);
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const sorted = [...(times[name] ?? [])].sort((a, b) => a - b);
      return [name, sorted[Math.floor(sorted.length / 2)] ?? 0];
    }),
  );
}
