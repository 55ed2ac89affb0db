/**
 * Build contexts other than a local directory, as the docker CLI reads them: a tar (or a
 * Dockerfile) on stdin, a git repository cloned with the system git (from a `git daemon` and from
 * a dumb-HTTP server on loopback), and a tarball or Dockerfile at an http URL.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { BUSYBOX, dockerEnv, filesystemOf, makeContext, testScope, uniqueTag } from "./helpers.js";
import { tempDir } from "../temp-dir.js";

const scope = testScope();

/** The files under /ctx of an image, as `path type size`. */
async function contextFiles(image: string): Promise<string[]> {
  const files = await filesystemOf(image);
  return [...files].filter(([path]) => path.startsWith("ctx/")).map(([path, record]) => `${path} ${record.type} ${String(record.size)}`).sort();
}

async function build(args: string[], stdin: string | Uint8Array = ""): Promise<{ code: number; stdout: string; stderr: string; tag: string }> {
  const tag = uniqueTag("context");
  scope.images.push(tag);
  const result = await runCli(["build", "--progress", "plain", "-t", tag, ...args], stdin);
  return { ...result, tag };
}

function classicFromStdin(args: string[], input: Buffer | string): string {
  const tag = uniqueTag("classic-context");
  const result = spawnSync("docker", ["build", "--no-cache", "-t", tag, ...args, "-"], { env: dockerEnv, input });
  expect(result.status, result.stderr.toString()).toBe(0);
  scope.images.push(tag);
  return tag;
}

const DOCKERFILE = `FROM ${BUSYBOX}\nCOPY . /ctx/\n`;

describe("stdin", () => {
  let tarball: Buffer;
  beforeAll(async () => {
    const dir = await makeContext({ "docker/Dfile": DOCKERFILE, "app/main.sh": "echo hi\n", "notes.txt": "n\n", ".dockerignore": "notes.txt\n" });
    scope.contexts.push(dir);
    tarball = execFileSync("tar", ["-C", dir, "-c", "."]);
  });

  test("a tar is the context and -f names a member, unfiltered by its .dockerignore, as with the classic builder", async () => {
    const ours = await build(["-f", "docker/Dfile", "-"], tarball);
    expect(ours.stderr).toBe("");
    expect(ours.code).toBe(0);
    const theirs = classicFromStdin(["-f", "docker/Dfile"], tarball);
    expect(await contextFiles(ours.tag)).toEqual(await contextFiles(theirs));
    expect(await contextFiles(ours.tag)).toContain("ctx/app/main.sh file 8");
    expect(await contextFiles(ours.tag)).toContain("ctx/notes.txt file 2");
  });

  test("a gzip tar too", async () => {
    const ours = await build(["-f", "docker/Dfile", "-"], execFileSync("gzip", ["-c"], { input: tarball }));
    expect(ours.code, ours.stderr).toBe(0);
    expect(await contextFiles(ours.tag)).toContain("ctx/app/main.sh file 8");
  });

  test("a Dockerfile is the whole context", async () => {
    const ours = await build(["-"], DOCKERFILE);
    expect(ours.code, ours.stderr).toBe(0);
    const theirs = classicFromStdin([], DOCKERFILE);
    expect(await contextFiles(ours.tag)).toEqual(await contextFiles(theirs));
    expect(await contextFiles(ours.tag)).toEqual([`ctx/Dockerfile file ${String(DOCKERFILE.length)}`]);
  });

  test("docker's errors: stdin twice, two Dockerfiles, a tar without one", async () => {
    expect(await build(["-f", "-", "-"], DOCKERFILE)).toMatchObject({ code: 1, stderr: "dfbuild build: invalid argument: can't use stdin for both build context and dockerfile\n" });
    expect(await build(["-f", "Dockerfile", "-"], DOCKERFILE)).toMatchObject({ code: 1, stderr: "dfbuild build: ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles\n" });
    const noDockerfile = await build(["-"], tarball);
    expect(noDockerfile.code).toBe(1);
    expect(noDockerfile.stderr).toMatch(/^dfbuild build: Cannot locate specified Dockerfile: Dockerfile/);
  });
});

describe("git", () => {
  let root = "";
  let daemon: ChildProcess | undefined;
  let http: Server | undefined;
  let gitUrl = "";
  let httpUrl = "";
  // The clones that were there before these builds (another run's): only new ones count as left.
  let clonesBefore = new Set<string>();
  const clones = (): string[] => execFileSync("ls", [tmpdir()], { encoding: "utf8" }).split("\n").filter((name) => name.startsWith("dfbuild-git-"));

  beforeAll(async () => {
    clonesBefore = new Set(clones());
    root = tempDir("dfbuild-git-ctx-");
    const work = join(root, "work");
    mkdirSync(join(work, "app"), { recursive: true });
    writeFileSync(join(work, "Dockerfile"), DOCKERFILE);
    writeFileSync(join(work, "app", "Dockerfile"), DOCKERFILE);
    writeFileSync(join(work, "app", "hello.txt"), "from git\n");
    const git = (...args: string[]): void => {
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: work, stdio: "ignore" });
    };
    git("init", "--quiet", "--initial-branch=main");
    git("add", ".");
    git("commit", "--quiet", "-m", "one");
    git("tag", "v1");
    execFileSync("git", ["clone", "--quiet", "--bare", work, join(root, "repo.git")], { stdio: "ignore" });
    execFileSync("git", ["update-server-info"], { cwd: join(root, "repo.git") });
    const port = await freePort();
    daemon = spawn("git", ["daemon", "--verbose", "--reuseaddr", "--export-all", `--base-path=${root}`, "--listen=127.0.0.1", `--port=${String(port)}`, root], { stdio: ["ignore", "ignore", "pipe"] });
    const ready = gitDaemonReady(daemon);
    gitUrl = `git://127.0.0.1:${String(port)}/repo.git`;
    // A dumb-HTTP git server: the bare repository's files, as they are.
    http = createServer((request, response) => {
      const path = normalize(join(root, decodeURIComponent((request.url ?? "/").split("?")[0] ?? "/")));
      try {
        response.end(readFileSync(path));
      } catch {
        response.statusCode = 404;
        response.end("not found");
      }
    });
    await new Promise<void>((resolve) => http?.listen(0, "127.0.0.1", resolve));
    httpUrl = `http://127.0.0.1:${String((http.address() as AddressInfo).port)}/repo.git`;
    await ready;
  });
  afterAll(async () => {
    daemon?.kill();
    await new Promise<void>((resolve) => {
      if (http === undefined) resolve();
      else http.close(() => { resolve(); });
    });
    rmSync(root, { recursive: true, force: true });
  });

  test("#REF:SUBDIR from a git daemon: the subdirectory is the context, -f is relative to it", async () => {
    const result = await build(["-f", "Dockerfile", `${gitUrl}#main:app`]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(await contextFiles(result.tag)).toEqual([`ctx/Dockerfile file ${String(DOCKERFILE.length)}`, "ctx/hello.txt file 9"]);
  });

  test("the whole checkout, .git included, as the classic CLI sends it; a tag is a ref", async () => {
    const result = await build([`${gitUrl}#v1`]);
    expect(result.code, result.stderr).toBe(0);
    const files = await contextFiles(result.tag);
    expect(files).toContain("ctx/app/hello.txt file 9");
    expect(files.some((line) => line.startsWith("ctx/.git/HEAD "))).toBe(true);
  });

  test("from a dumb HTTP server (no shallow fetch)", async () => {
    const result = await build([`${httpUrl}#main:app`]);
    expect(result.code, result.stderr).toBe(0);
    expect(await contextFiles(result.tag)).toContain("ctx/hello.txt file 9");
  });

  test("no ref is master, as the classic docker CLI fetches, and the error says how to name one", async () => {
    const result = await build([gitUrl]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^dfbuild build: unable to prepare context: unable to 'git clone' to temporary context directory: error fetching: .*couldn't find remote ref master/s);
    expect(result.stderr).toContain("name the branch: URL#main");
    const missing = await build([`${gitUrl}#main:nope`]);
    expect(missing.stderr).toMatch(/stat nope: no such file or directory/);
  });

  test("the clone is removed after the build", () => {
    const left = clones().filter((name) => !clonesBefore.has(name) && !root.endsWith(name));
    expect(left).toEqual([]);
  });
});

describe("http(s) URLs", () => {
  let server: Server | undefined;
  let base = "";
  beforeAll(async () => {
    const dir = await makeContext({ Dockerfile: DOCKERFILE, "data.txt": "remote\n" });
    scope.contexts.push(dir);
    const tarball = execFileSync("tar", ["-C", dir, "-cz", "."]);
    server = createServer((request, response) => {
      if (request.url === "/ctx.tar.gz") response.end(tarball);
      else if (request.url === "/Dockerfile") response.end(DOCKERFILE);
      else {
        response.statusCode = 404;
        response.end("no such thing");
      }
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => {
      if (server === undefined) resolve();
      else server.close(() => { resolve(); });
    });
  });

  test("a tarball is the context", async () => {
    const result = await build([`${base}/ctx.tar.gz`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`Downloading build context from remote url: ${base}/ctx.tar.gz\n`);
    expect(await contextFiles(result.tag)).toContain("ctx/data.txt file 7");
  });

  test("a text file is the Dockerfile", async () => {
    const result = await build([`${base}/Dockerfile`]);
    expect(result.code, result.stderr).toBe(0);
    expect(await contextFiles(result.tag)).toEqual([`ctx/Dockerfile file ${String(DOCKERFILE.length)}`]);
  });

  test("an HTTP error is docker's message", async () => {
    const result = await build([`${base}/missing`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`dfbuild build: unable to download remote context ${base}/missing: failed to GET ${base}/missing with status 404 Not Found: no such thing\n`);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  return port;
}

/** Resolves once `git daemon --verbose` says it listens ("Ready to rumble", git's daemon.c). */
async function gitDaemonReady(daemon: ChildProcess): Promise<void> {
  let log = "";
  await new Promise<void>((resolve, reject) => {
    daemon.stderr?.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes("Ready to rumble")) resolve();
    });
    daemon.once("exit", (code) => { reject(new Error(`git daemon exited (${String(code)}) before listening:\n${log}`)); });
  });
}

