import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The read-only shared material beside the checkout (`../shared`). */
export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared");

if (!existsSync(sharedDir)) {
  throw new Error(`shared material not found at ${sharedDir}: the tests need ../shared beside the checkout`);
}

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

export function readShared(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), "utf8");
}

export function readSharedJson(...parts: string[]): unknown {
  return JSON.parse(readShared(...parts));
}

/** Every Dockerfile of the real-world corpus, as [relative path, text]. */
export function corpusFiles(): [string, string][] {
  const root = sharedPath("corpus", "real");
  const files: [string, string][] = [];
  for (const repo of readdirSync(root).sort()) {
    const dir = join(root, repo);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      files.push([`${repo}/${name}`, readFileSync(join(dir, name), "utf8")]);
    }
  }
  return files;
}
