/**
 * Runs the `shellcheck` program (https://www.shellcheck.net) over scripts, the way hadolint runs
 * ShellCheck's library (hadolint/hadolint `src/Hadolint/Shell.hs`): one batch per Dockerfile, the
 * scripts written to a temporary directory, findings read from `--format=json1` (1-based lines,
 * columns counting characters, tabs as one).
 */

// Node's modules are loaded when ShellCheck first runs, not when the rules load: most lint runs
// never start it, and a pre-commit hook's start-up counts.
const fsModule = () => process.getBuiltinModule("node:fs");
const osModule = () => process.getBuiltinModule("node:os");
const pathModule = () => process.getBuiltinModule("node:path");
const childProcessModule = () => process.getBuiltinModule("node:child_process");

export interface ShellcheckComment {
  /** Index of the script in the batch. */
  script: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  level: "error" | "warning" | "info" | "style";
  code: number;
  message: string;
  fix: { replacements: { line: number; column: number; endLine: number; endColumn: number; replacement: string; insertionPoint: string }[] } | null;
}

export class ShellcheckError extends Error {
  override readonly name = "ShellcheckError";
  readonly code = "DFB_SHELLCHECK_FAILED";
}

let located: string | null | undefined;

/** The `shellcheck` program on PATH (`DFBUILD_SHELLCHECK` names another), or null. Looked up once. */
export function shellcheckPath(): string | null {
  if (located !== undefined) return located;
  const fs = fsModule();
  const path = pathModule();
  const explicit = process.env.DFBUILD_SHELLCHECK;
  const candidates = explicit ? [explicit] : (process.env.PATH ?? "").split(path.delimiter).filter((dir) => dir !== "").map((dir) => path.join(dir, "shellcheck"));
  located = null;
  for (const candidate of candidates) {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        located = candidate;
        break;
      }
    } catch {
      // Not there, or not executable: try the next directory.
    }
  }
  return located;
}

/** Why ShellCheck cannot run here, or null when it can. */
export function shellcheckMissing(): string | null {
  if (shellcheckPath() !== null) return null;
  const explicit = process.env.DFBUILD_SHELLCHECK;
  if (explicit) return `DFBUILD_SHELLCHECK=${explicit} is not an executable file`;
  return "no shellcheck program on PATH (install ShellCheck, e.g. `apt-get install shellcheck`, or set DFBUILD_SHELLCHECK)";
}

/** hadolint's exclusions: SC2187 (ash is not supported), SC1090/SC1091 (need a directive a Dockerfile cannot hold). */
const EXCLUDED = "SC1090,SC1091,SC2187";

/** Checks each script (a complete file's text, shebang included); returns every comment, by script. */
export function runShellcheck(executable: string, scripts: readonly string[]): ShellcheckComment[] {
  if (scripts.length === 0) return [];
  const fs = fsModule();
  const os = osModule();
  const path = pathModule();
  const { spawnSync } = childProcessModule();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "dfbuild-shellcheck-"));
  try {
    const files = scripts.map((text, i) => {
      const file = path.join(directory, `${i}.sh`);
      fs.writeFileSync(file, text);
      return file;
    });
    const byFile = new Map(files.map((file, i) => [file, i]));
    const result = spawnSync(executable, ["--format=json1", "--severity=style", `--exclude=${EXCLUDED}`, "--norc", ...files], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (result.error) throw new ShellcheckError(`could not run ${executable}: ${result.error.message}`);
    // 0: nothing found, 1: comments; anything else is ShellCheck failing.
    if (result.status !== 0 && result.status !== 1) throw new ShellcheckError(`${executable} failed (exit ${result.status ?? result.signal ?? "?"}): ${result.stderr.trim().split("\n")[0] ?? ""}`);
    const output = JSON.parse(result.stdout) as { comments: (Omit<ShellcheckComment, "script"> & { file: string })[] };
    return output.comments.flatMap(({ file, ...comment }) => {
      const script = byFile.get(file);
      return script === undefined ? [] : [{ ...comment, script }];
    });
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
