import { statSync } from "node:fs";
import { basename, isAbsolute, resolve } from "node:path";
import { UsageError } from "./io.js";

/**
 * Extensions of files that are named like Dockerfiles but are not ones: templates that render to
 * one (`Dockerfile.j2`, `Dockerfile.template`, autoconf's `Dockerfile.in`), ignore files
 * (`Dockerfile.dockerignore`, Docker's per-Dockerfile ignore file), backups, patches and notes.
 */
const NOT_DOCKERFILES = new Set([
  "dockerignore",
  "template", "tmpl", "tpl", "j2", "jinja", "jinja2", "in", "erb", "mustache", "hbs", "handlebars", "ejs", "m4", "gotmpl", "liquid", "njk", "twig", "mako", "ftl", "vm", "envsubst",
  "orig", "rej", "bak", "backup", "old", "swp", "swo", "tmp", "patch", "diff",
  "md", "txt", "rst", "adoc", "html", "json", "yml", "yaml", "toml", "sh", "ps1", "py", "sig", "asc", "sha256", "lock",
]);

/**
 * Whether a file name means a Dockerfile, case-insensitively: `Dockerfile` and `Containerfile`
 * alone or with a suffix (`Dockerfile.prod`, `Dockerfile-dev`, `Dockerfile_windows`,
 * `Dockerfile2`), or as an extension (`api.Dockerfile`, `web.containerfile`), as Docker's tooling
 * names them (VS Code's Dockerfile language: `Dockerfile`, `Dockerfile.*`, `*.dockerfile`,
 * `Containerfile`, `Containerfile.*`, `*.containerfile`; `docker build -f` takes any name) —
 * except templates, ignore files, backups and notes (see NOT_DOCKERFILES).
 */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith("~")) return false;
  const dot = lower.lastIndexOf(".");
  if (dot > 0 && NOT_DOCKERFILES.has(lower.slice(dot + 1))) return false;
  return /^(dockerfile|containerfile)([._-].+|\d+)?$/.test(lower) || /^.+\.(dockerfile|containerfile)$/.test(lower);
}

/** What a directory is searched for (then filtered by `isDockerfileName`). */
const CANDIDATES = ["**/*ockerfile*", "**/*ontainerfile*"];
const IGNORED = ["**/node_modules/**", "**/.git/**"];

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
      const files = (await glob(CANDIDATES, { cwd: path, absolute: true, caseSensitiveMatch: false, ignore: IGNORED, dot: true, onlyFiles: true })).filter((file) => isDockerfileName(basename(file)));
      if (files.length === 0) {
        throw new UsageError(`dfbuild ${command}: no Dockerfile in ${operand} (looked for Dockerfile, Containerfile, Dockerfile.*, Dockerfile-*, *.Dockerfile and the like)`);
      }
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
