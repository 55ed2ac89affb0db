/** Failures: one clear message each, the right exit status, nothing tagged, nothing left behind. */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { BUSYBOX, dfbuild, docker, leftoverBuildVolumes, leftoverContainers, makeContext, testScope, uniqueTag } from "./helpers.js";

const { contexts } = testScope();
const bin = join(import.meta.dirname, "../../packages/cli/bin/dfbuild.js");

async function context(files: Record<string, string>): Promise<string> {
  const dir = await makeContext(files);
  contexts.push(dir);
  return dir;
}

/**
 * Nothing of the builds of these processes is left: containers, volumes, the tag. Other test files
 * (and other users of the engine) may be building right now, so only these processes' objects count.
 */
function expectNothingLeft(tag: string, pids: readonly number[] = [process.pid]): void {
  expect(leftoverContainers(pids)).toEqual([]);
  expect(leftoverBuildVolumes(pids)).toEqual([]);
  expect(docker(["image", "inspect", tag]).code).not.toBe(0);
}

/** The message lines of stderr (the engine's deprecation banners and such are not ours). */
function errorLines(stderr: string): string[] {
  return stderr.trim().split("\n");
}

describe("build failures", () => {
  test("a failing RUN names FILE:LINE:COL, the command and its exit code, which is the exit status", async () => {
    const dir = await context({ Dockerfile: `FROM ${BUSYBOX}\nVOLUME /v\nRUN echo before && exit 3\n` });
    const result = await dfbuild(dir, []);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain("before\n");
    expect(errorLines(result.stderr)).toEqual([`${join(dir, "Dockerfile")}:3:1: The command '/bin/sh -c echo before && exit 3' returned a non-zero code: 3`]);
    expectNothingLeft(result.tag);
  });

  test("a missing COPY source", async () => {
    const dir = await context({ Dockerfile: `FROM ${BUSYBOX}\nCOPY missing.txt /\n` });
    const result = await dfbuild(dir, []);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      `${join(dir, "Dockerfile")}:2:1: COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist`,
    ]);
    expectNothingLeft(result.tag);
  });

  test("COPY ../x is outside the build context", async () => {
    const dir = await context({ Dockerfile: `FROM ${BUSYBOX}\nCOPY ../x /x\n` });
    const result = await dfbuild(dir, []);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([`${join(dir, "Dockerfile")}:2:1: COPY failed: forbidden path outside the build context: ../x ()`]);
    expectNothingLeft(result.tag);
  });

  test("an unknown instruction fails before anything runs", async () => {
    const dir = await context({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo never\nFROOM x\n` });
    const result = await dfbuild(dir, []);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(errorLines(result.stderr)).toEqual([`${join(dir, "Dockerfile")}:3:1: unknown instruction: FROOM (did you mean FROM?)`]);
    expectNothingLeft(result.tag);
  });

  test("--pull=never with a base image the engine does not have", async () => {
    const dir = await context({ Dockerfile: "FROM dfbuild-test/not-here:1.0\nRUN true\n" });
    const result = await dfbuild(dir, ["--pull=never"]);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      `${join(dir, "Dockerfile")}:1:1: image dfbuild-test/not-here:1.0 is not present on the engine, and --pull=never forbids pulling it`,
    ]);
    expectNothingLeft(result.tag);
  });

  test("COPY --from an image that cannot be had names the COPY's FILE:LINE:COL", async () => {
    const dir = await context({ Dockerfile: `FROM ${BUSYBOX}\nCOPY --from=dfbuild-test/not-here:1.0 /x /x\n` });
    const result = await dfbuild(dir, ["--pull=never"]);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual([
      `${join(dir, "Dockerfile")}:2:1: image dfbuild-test/not-here:1.0 is not present on the engine, and --pull=never forbids pulling it`,
    ]);
    expectNothingLeft(result.tag);
  });

  test("usage errors exit 2", async () => {
    const dir = await context({ Dockerfile: `FROM ${BUSYBOX}\n` });
    expect((await runCli(["build", "--pull", "sometimes", dir])).code).toBe(2);
    expect((await runCli(["build"])).code).toBe(2);
    expect((await runCli(["build", join(dir, "nope")])).stderr).toBe(`dfbuild build: unable to prepare context: path "${join(dir, "nope")}" not found\n`);
  });

  test("a stopped engine: one message naming where it was looked for", async () => {
    const dir = await context({ Dockerfile: `FROM ${BUSYBOX}\nRUN true\n` });
    const socket = join(dir, "no-engine.sock");
    const result = await runCli(["build", "-H", `unix://${socket}`, dir]);
    expect(result.code).toBe(1);
    // First the line every build on a non-default engine prints (where it builds), then one error line.
    const [where, ...lines] = errorLines(result.stderr);
    expect(where).toBe(`dfbuild build: building on unix://${socket} (-H)`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^dfbuild build: /);
    expect(lines[0]).toContain(socket);
  });

  test("-f outside the context and -f - (stdin)", async () => {
    const dir = await context({ "a.txt": "a\n" });
    const elsewhere = await context({ "Dockerfile.outside": `FROM ${BUSYBOX}\nCOPY . /ctx/\n` });
    const tag = uniqueTag("outside");
    const outside = await runCli(["build", "-q", "-t", tag, "-f", join(elsewhere, "Dockerfile.outside"), dir]);
    expect(outside.code, outside.stderr).toBe(0);
    const listed = docker(["run", "--rm", "--entrypoint", "ls", tag, "-A", "/ctx"]).stdout.trim().split("\n");
    expect(listed).toEqual(["a.txt"]);
    const fromStdin = await runCli(["build", "-q", "-t", tag, "-f", "-", dir], `FROM ${BUSYBOX}\nCOPY a.txt /from-stdin\n`);
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
    expect(docker(["run", "--rm", "--entrypoint", "cat", tag, "/from-stdin"]).stdout).toBe("a\n");
    const broken = await runCli(["build", "-f", "-", dir], `FROM ${BUSYBOX}\nCOPY missing /\n`);
    expect(errorLines(broken.stderr)).toEqual([
      "<stdin>:2:1: COPY failed: file not found in build context or excluded by .dockerignore: stat missing: file does not exist",
    ]);
    docker(["rmi", tag]);
  });

  test("a reader that goes away (dfbuild build | head -n 3) stops no build halfway: no EPIPE crash, nothing left", async () => {
    const dir = await context({ Dockerfile: `FROM ${BUSYBOX}\nVOLUME /v\nRUN echo one && sleep 1 && echo two\n` });
    // The inner sh says its pid, then becomes dfbuild (exec): the pid whose builds must leave nothing.
    const script = `{ sh -c 'echo "pid=$$" >&2; exec "$0" "$@"' "${process.execPath}" "${bin}" build --progress plain --no-cache "${dir}"; echo "status=$?" >&2; } | head -n 3 >/dev/null`;
    const run = spawnSync("sh", ["-c", script], { env: process.env, encoding: "utf8" });
    expect(run.stderr).not.toContain("EPIPE");
    const [pidLine, statusLine] = run.stderr.trim().split("\n");
    expect(statusLine).toBe("status=0");
    const pid = Number(/^pid=(\d+)$/.exec(pidLine ?? "")?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(leftoverContainers([pid])).toEqual([]);
    expect(leftoverBuildVolumes([pid])).toEqual([]);
  });

  const exitCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    test(`${signal} mid-RUN stops the build, removes its containers and volumes, tags nothing`, async () => {
      // The RUN would print `slept-through` if the build waited for it instead of stopping it.
      const dir = await context({ Dockerfile: `FROM ${BUSYBOX}\nVOLUME /data\nRUN echo started && sleep 120 && echo slept-through\n` });
      const tag = uniqueTag("signal");
      const child = spawn(process.execPath, [bin, "build", "--progress", "plain", "--no-cache", "-t", tag, dir], {
        env: process.env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes("started\n")) resolve();
        });
        child.once("exit", () => { reject(new Error(`dfbuild exited before the RUN started:\n${stdout}\n${stderr}`)); });
      });
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code).toBe(exitCodes[signal]);
      // Stopped, not waited for: the RUN never got past its sleep.
      expect(stdout).not.toMatch(/^slept-through$/m);
      expect(stderr.trim().split("\n")).toEqual([`dfbuild build: interrupted by ${signal}; its containers were removed and nothing was tagged`]);
      expectNothingLeft(tag, [child.pid ?? -1]);
    });
  }
});
