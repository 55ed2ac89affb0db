/**
 * A build killed with SIGKILL cannot clean up: its RUN container goes on running. The next build
 * against the engine removes it (and its anonymous volume) and says so in one line, and leaves
 * alone what a build that still runs has made.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { BUSYBOX, dfbuild, docker, makeContext, testScope, uniqueTag } from "./helpers.js";

const { contexts } = testScope();
const bin = join(import.meta.dirname, "../../packages/cli/bin/dfbuild.js");
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts `dfbuild build` in a process of its own; resolves once its RUN container runs. */
async function startBuild(context: string): Promise<{ child: ChildProcess; container: string }> {
  const child = spawn(process.execPath, [bin, "build", "--progress", "plain", "--no-cache", context], { stdio: ["ignore", "pipe", "pipe"], env: process.env });
  children.push(child);
  let output = "";
  const container = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      // The RUN's container: the last one the log names (VOLUME's came and went before it).
      const running = [...output.matchAll(/ ---> Running in ([0-9a-f]{12})/g)].at(-1)?.[1];
      if (running !== undefined && output.includes("started\n")) resolve(running);
    });
    child.once("exit", (code) => {
      reject(new Error(`the build ended (${String(code)}) before its RUN ran:\n${output}`));
    });
  });
  return { child, container };
}

function containerState(id: string): { name: string; running: boolean; volumes: string[] } | undefined {
  const result = docker(["container", "inspect", "--format", "{{.Name}} {{.State.Running}}{{range .Mounts}} {{.Name}}{{end}}", id]);
  if (result.code !== 0) return undefined;
  const [name = "", running = "", ...volumes] = result.stdout.trim().split(" ");
  return { name, running: running === "true", volumes };
}

describe("what killed builds leave behind", () => {
  test("a SIGKILLed build's running container and volume are gone after the next build; a live build's stay", async () => {
    const dockerfile = `FROM ${BUSYBOX}\nVOLUME /scratch\nRUN echo started && sleep 300\n`;
    const killedContext = await makeContext({ Dockerfile: dockerfile });
    const liveContext = await makeContext({ Dockerfile: dockerfile });
    const nextContext = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nRUN echo next\n` });
    contexts.push(killedContext, liveContext, nextContext);

    const killed = await startBuild(killedContext);
    const live = await startBuild(liveContext);
    killed.child.kill("SIGKILL");
    await once(killed.child, "exit");
    const orphan = containerState(killed.container);
    // Named after the build's process (boot, PID namespace, PID, start time), running on.
    expect(orphan?.name).toMatch(new RegExp(`^/dfbuild-[0-9a-f]{8}-\\d+-${String(killed.child.pid)}-\\d+-[0-9a-f]{6}-\\d+$`));
    expect(orphan?.running).toBe(true);
    expect(orphan?.volumes).toHaveLength(1);
    const volume = orphan?.volumes[0] ?? "";
    expect(docker(["volume", "inspect", "--format", '{{index .Labels "dfbuild.build"}}', volume]).stdout.trim()).toMatch(
      new RegExp(`^[0-9a-f]{8}-\\d+-${String(killed.child.pid)}-\\d+-[0-9a-f]{6}$`),
    );

    const next = await dfbuild(nextContext, []);
    expect(next.code, next.stderr).toBe(0);
    // One line; other dead builds' leftovers (another test run's) may be counted in it too.
    expect(next.stderr).toMatch(/^Removed \d+ containers?(, \d+ volumes?)?( and \d+ (volumes?|temporary images?))? left behind by builds that no longer run\n/m);
    expect(containerState(killed.container)).toBeUndefined();
    expect(docker(["volume", "inspect", volume]).code).not.toBe(0);
    // The build that still runs keeps its container.
    expect(containerState(live.container)?.running).toBe(true);

    // And a build that finds nothing to remove says nothing about it. Its requests
    // (DFBUILD_TRACE_API, in the order answered): the lists of containers and volumes, never of
    // images (leftovers.ts).
    const againTag = uniqueTag("dfbuild");
    const again = { tag: againTag, ...(await runCli(["build", "--progress", "plain", "-t", againTag, nextContext], "", process.cwd(), { DFBUILD_TRACE_API: "1" })) };
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain("Removed");
    const requests = again.stderr.split("\n").filter((line) => line.startsWith("dfbuild api: "));
    expect(requests.find((line) => line.includes("/info"))).toMatch(/^dfbuild api: \+\d+\.\d ms \d+\.\d ms 200 GET \/v1\.\d+\/info$/);
    expect(requests.filter((line) => / GET \/v1\.\d+\/(containers|volumes|images)\/?json|volumes\?/.test(line)).map((line) => line.replace(/^.* GET \/v1\.\d+\/([a-z]+).*$/, "$1")).sort()).toEqual(["containers", "volumes"]);

    live.child.kill("SIGINT");
    await once(live.child, "exit");
    expect(containerState(live.container)).toBeUndefined();
    docker(["rmi", next.tag, again.tag]);
  });
});
