/**
 * An engine that goes away in the middle of a step: the build ends with one line that says at
 * which step, what was lost and how to go on — not the clean-up's "could not remove build
 * container" that used to replace it. The engine is a dockerd of the test's own (the TLS one of
 * test/engine), killed (SIGKILL) while a RUN runs; its `stop()` then clears what it left.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TlsDaemon } from "../engine/tls-daemon.js";
import { BUSYBOX, dockerEnv, makeContext, testScope } from "./helpers.js";

const { contexts } = testScope();
const bin = join(import.meta.dirname, "../../packages/cli/bin/dfbuild.js");
let daemon: TlsDaemon | undefined;

function tlsFlags(engine: TlsDaemon): string[] {
  const { caFile, certFile, keyFile } = engine.goodTls;
  return ["--host", engine.host, "--tlsverify", "--tlscacert", caFile ?? "", "--tlscert", certFile ?? "", "--tlskey", keyFile ?? ""];
}

beforeAll(async () => {
  daemon = await TlsDaemon.start();
  // The test's base image, copied from the main engine into the empty one.
  const saved = spawnSync("docker", ["save", BUSYBOX], { env: dockerEnv, maxBuffer: 64 * 1024 * 1024 });
  expect(saved.status, saved.stderr.toString()).toBe(0);
  const loaded = spawnSync("docker", [...tlsFlags(daemon), "load"], { env: dockerEnv, input: saved.stdout });
  expect(loaded.status, loaded.stderr.toString()).toBe(0);
}, 120_000);

afterAll(async () => {
  await daemon?.stop();
});

describe("an engine that goes away mid-build", () => {
  test("one line: the step, what was lost, how to retry", async () => {
    const engine = daemon;
    if (engine === undefined) throw new Error("no daemon");
    const context = await makeContext({
      Dockerfile: `FROM ${BUSYBOX}
RUN echo one > /one
RUN echo "step-$((6 * 7))-started"; sleep 60
RUN echo never
`,
    });
    contexts.push(context);
    const child = spawn(process.execPath, [bin, "build", ...tlsFlags(engine), "--progress", "plain", "--no-cache", context], {
      env: { ...process.env, DOCKER_HOST: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let stopping: Promise<void> | undefined;
    const onOutput = (): void => {
      // The RUN is running (its output, not the instruction's text, says so): the engine goes away under it.
      if (stopping === undefined && `${stdout}${stderr}`.includes("step-42-started")) stopping = engine.crash();
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      onOutput();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      onOutput();
    });
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    await stopping;
    expect(stopping, `the step never started:\n${stdout}\n${stderr}`).toBeDefined();
    expect(code, `${stdout}\n${stderr}`).toBe(1);
    const errorLines = stderr.split("\n").filter((line) => /engine|could not remove/i.test(line));
    expect(errorLines, stderr).toHaveLength(1);
    const [line = ""] = errorLines;
    const start = `${context}/Dockerfile:3:1: the Docker engine at ${engine.host} went away during step 3/4 (RUN echo "step-$((6 * 7))-started"; sleep 60) (`;
    expect(line.slice(0, start.length)).toBe(start);
    expect(line).toContain("that step's unfinished work is lost (nothing of it was committed) and nothing was tagged");
    expect(line).toContain("once the engine answers again, run the same build");
  }, 120_000);
});
