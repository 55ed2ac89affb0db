/** Finding the `shellcheck` program and running it over a batch of scripts (real ShellCheck, and stand-ins that show what it is given). */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { isMainThread } from "node:worker_threads";
import { afterAll, afterEach, describe, expect, test, vi } from "vitest";
import type * as Runner from "./shellcheck-runner.js";
import { ShellcheckError, runShellcheck, shellcheckPath } from "./shellcheck-runner.js";

/** Temporary directories, removed after the file's last test (test/tmpdir-setup.ts fails a run that leaves one). */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A file with `text`, executable unless said otherwise. */
function writeProgram(path: string, text: string, executable = true): string {
  writeFileSync(path, text);
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

afterEach(() => {
  vi.unstubAllEnvs();
  // The module a test imported afresh looked the program up under that test's environment: the
  // test files run after this one in the same worker (mutation testing's) must not get it.
  vi.resetModules();
});

/** The module afresh: it looks the program up once per process. */
async function freshRunner(): Promise<typeof Runner> {
  vi.resetModules();
  return import("./shellcheck-runner.js");
}

describe("shellcheckPath and shellcheckMissing", () => {
  test("the first executable file named shellcheck on PATH, skipping empty entries, directories and files that are not executable; looked up once", async () => {
    const root = tempDir("dfbuild-shellcheck-path-");
    const dirs = ["empty", "directory", "plain", "first", "second"].map((name) => join(root, name));
    for (const dir of dirs) mkdirSync(dir);
    mkdirSync(join(root, "directory", "shellcheck"));
    writeProgram(join(root, "plain", "shellcheck"), "#!/bin/sh\n", false);
    const first = writeProgram(join(root, "first", "shellcheck"), "#!/bin/sh\n");
    writeProgram(join(root, "second", "shellcheck"), "#!/bin/sh\n");
    vi.stubEnv("DFBUILD_SHELLCHECK", "");
    vi.stubEnv("PATH", ["", ...dirs].join(delimiter));
    const runner = await freshRunner();
    expect(runner.shellcheckPath()).toBe(first);
    expect(runner.shellcheckMissing()).toBeNull();
    vi.stubEnv("PATH", join(root, "empty"));
    expect(runner.shellcheckPath()).toBe(first);
  });

  // process.chdir is refused in a worker thread, where Stryker's vitest runner runs the tests: there
  // this test is skipped rather than failing `pnpm mutate rules`'s initial test run.
  test.skipIf(!isMainThread)("an empty PATH entry is not the current directory", async () => {
    const dir = tempDir("dfbuild-shellcheck-cwd-");
    writeProgram(join(dir, "shellcheck"), "#!/bin/sh\n");
    vi.stubEnv("DFBUILD_SHELLCHECK", "");
    vi.stubEnv("PATH", ["", tempDir("dfbuild-shellcheck-path-")].join(delimiter));
    const before = process.cwd();
    process.chdir(dir);
    try {
      expect((await freshRunner()).shellcheckPath()).toBeNull();
    } finally {
      process.chdir(before);
    }
  });

  test("none on PATH, or no PATH at all", async () => {
    vi.stubEnv("DFBUILD_SHELLCHECK", "");
    vi.stubEnv("PATH", tempDir("dfbuild-shellcheck-path-"));
    const runner = await freshRunner();
    expect(runner.shellcheckPath()).toBeNull();
    expect(runner.shellcheckMissing()).toBe("no shellcheck program on PATH (install ShellCheck, e.g. `apt-get install shellcheck`, or set DFBUILD_SHELLCHECK)");
    vi.stubEnv("PATH", undefined);
    expect((await freshRunner()).shellcheckPath()).toBeNull();
  });

  test("DFBUILD_SHELLCHECK names the program instead of PATH", async () => {
    const dir = tempDir("dfbuild-shellcheck-path-");
    const chosen = writeProgram(join(dir, "my-shellcheck"), "#!/bin/sh\n");
    writeProgram(join(dir, "shellcheck"), "#!/bin/sh\n");
    vi.stubEnv("PATH", dir);
    vi.stubEnv("DFBUILD_SHELLCHECK", chosen);
    expect((await freshRunner()).shellcheckPath()).toBe(chosen);
    const plain = writeProgram(join(dir, "plain"), "#!/bin/sh\n", false);
    vi.stubEnv("DFBUILD_SHELLCHECK", plain);
    const runner = await freshRunner();
    expect(runner.shellcheckPath()).toBeNull();
    expect(runner.shellcheckMissing()).toBe(`DFBUILD_SHELLCHECK=${plain} is not an executable file`);
  });
});

describe("runShellcheck", () => {
  test("no scripts: ShellCheck is not started", () => {
    expect(runShellcheck(join(tempDir("dfbuild-shellcheck-none-"), "absent"), [])).toEqual([]);
  });

  test("what the program is given, and which of its comments are the batch's, by script", () => {
    // A stand-in that reports its arguments, once on the last file it was given and once on a file that is not the batch's.
    const dir = tempDir("dfbuild-shellcheck-fake-");
    const fake = writeProgram(
      join(dir, "fake"),
      '#!/bin/sh\nfor f; do last=$f; done\nprintf \'{"comments":[{"file":"%s","line":1,"message":"%s"},{"file":"/elsewhere.sh","line":2}]}\' "$last" "$*"\nexit 1\n',
    );
    vi.stubEnv("TMPDIR", tempDir("dfbuild-shellcheck-tmp-"));
    const [comment, ...rest] = runShellcheck(fake, ["#!/bin/sh\necho a\n", "#!/bin/sh\necho b\n"]);
    expect(rest).toEqual([]);
    expect(comment).toMatchObject({ script: 1, line: 1 });
    const args = comment?.message.split(" ") ?? [];
    expect(args.slice(0, 4)).toEqual(["--format=json1", "--severity=style", "--exclude=SC1090,SC1091,SC2187", "--norc"]);
    expect(args.slice(4).map((file) => file.replace(/^.*\//, ""))).toEqual(["0.sh", "1.sh"]);
    // The scripts' directory is removed afterwards.
    expect(readdirSync(tmpdir())).toEqual([]);
  });

  // shellcheck.test.ts fails a CI run without the program (scripts/shellcheck.sh installs it).
  const executable = shellcheckPath();
  test.skipIf(executable === null)("ShellCheck's comments, every severity, hadolint's exclusions left out", () => {
    if (executable === null) return;
    const comments = runShellcheck(executable, ["#!/bin/sh\necho hi\n", "#!/bin/sh\n. ./env.sh\nrm $X\necho `date`\n"]);
    expect(comments.map((comment) => [comment.script, comment.line, comment.column, comment.endLine, comment.endColumn, comment.code, comment.level])).toEqual([
      [1, 3, 4, 3, 6, 2086, "info"],
      [1, 4, 6, 4, 12, 2046, "warning"],
      [1, 4, 6, 4, 12, 2005, "style"],
      [1, 4, 6, 4, 12, 2006, "style"],
    ]);
    expect(comments[0]?.fix?.replacements.map((replacement) => replacement.replacement)).toEqual(['"', '"']);
  });

  test("a program that cannot start, or fails, is a ShellcheckError", () => {
    const dir = tempDir("dfbuild-shellcheck-fail-");
    const absent = join(dir, "absent");
    expect(() => runShellcheck(absent, ["#!/bin/sh\n"])).toThrow(new ShellcheckError(`could not run ${absent}: spawnSync ${absent} ENOENT`));
    const failing = writeProgram(join(dir, "failing"), "#!/bin/sh\necho >&2\necho '  bad option' >&2\necho more >&2\nexit 2\n");
    const error = (() => {
      try {
        runShellcheck(failing, ["#!/bin/sh\n"]);
      } catch (thrown) {
        return thrown;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ShellcheckError);
    expect(error).toMatchObject({ name: "ShellcheckError", code: "DFB_SHELLCHECK_FAILED", message: `${failing} failed (exit 2): bad option` });
    const killed = writeProgram(join(dir, "killed"), "#!/bin/sh\nkill -9 $$\n");
    expect(() => runShellcheck(killed, ["#!/bin/sh\n"])).toThrow(`${killed} failed (exit SIGKILL): `);
    const clean = writeProgram(join(dir, "clean"), '#!/bin/sh\necho \'{"comments":[]}\'\n');
    expect(runShellcheck(clean, ["#!/bin/sh\n"])).toEqual([]);
  });
});
