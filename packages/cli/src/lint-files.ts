import { statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { UsageError } from "./io.js";

/** What a directory is searched for (case-insensitively). */
export const DOCKERFILE_PATTERNS = ["**/Dockerfile", "**/Containerfile", "**/*.Dockerfile", "**/*.Containerfile", "**/Dockerfile.*", "**/Containerfile.*"];
const IGNORED = ["**/node_modules/**", "**/.git/**", "**/*.dockerignore"];

function kind(path: string): "file" | "directory" | null {
  try {
    return statSync(path).isDirectory() ? "directory" : "file";
  } catch {
    return null;
  }
}

/**
 * Expands `dfbuild lint` (or `fmt`) operands into absolute file paths, in order, without
 * duplicates: a file as is, a directory searched for Dockerfiles, anything else as a glob. `-` is
 * stdin. `command` names the command in messages.
 */
export async function findDockerfiles(operands: readonly string[], cwd: string, command = "lint"): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    if (!seen.has(path)) {
      seen.add(path);
      found.push(path);
    }
  };
  for (const operand of operands.length === 0 ? ["."] : operands) {
    if (operand === "-") {
      add("-");
      continue;
    }
    const path = isAbsolute(operand) ? operand : resolve(cwd, operand);
    const type = kind(path);
    if (type === "file") {
      add(path);
      continue;
    }
    // Loaded only for directories and globs: a pre-commit hook passes plain file names.
    const { glob, isDynamicPattern } = await import("tinyglobby");
    if (type === "directory") {
      const files = await glob(DOCKERFILE_PATTERNS, { cwd: path, absolute: true, caseSensitiveMatch: false, ignore: IGNORED, dot: true });
      if (files.length === 0) throw new UsageError(`dfbuild ${command}: no Dockerfile in ${operand} (looked for Dockerfile, Containerfile, *.Dockerfile and Dockerfile.*)`);
      for (const file of files.sort()) add(resolve(file));
      continue;
    }
    if (!isDynamicPattern(operand)) throw new UsageError(`dfbuild ${command}: cannot read ${operand}: no such file or directory`);
    const files = await glob([operand], { cwd, absolute: true, ignore: IGNORED, dot: true });
    if (files.length === 0) throw new UsageError(`dfbuild ${command}: no file matches ${operand}`);
    for (const file of files.sort()) add(resolve(file));
  }
  return found;
}
