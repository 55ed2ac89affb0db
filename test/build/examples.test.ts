/** The examples build with dfbuild on the Debian base scripts/engine.sh imports, and run. */
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { docker, dockerOk, removeImages, uniqueTag } from "./helpers.js";

const examples = join(import.meta.dirname, "../../examples");
const images: string[] = [];
const containers: string[] = [];

afterAll(() => {
  for (const id of containers) docker(["rm", "-f", "-v", id]);
  removeImages(...images);
});

async function buildExample(name: string, args: string[] = []): Promise<string> {
  const tag = uniqueTag(name);
  images.push(tag);
  // apt-get in the RUN steps needs the network; there is no bridge on the test engine.
  const result = await runCli(["build", "--progress", "plain", "--network", "host", ...args, "-t", tag, join(examples, name)]);
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  return tag;
}

describe("examples", () => {
  test("python-hello greets NAME, World by default", async () => {
    const tag = await buildExample("python-hello");
    const [inspected] = JSON.parse(dockerOk(["image", "inspect", tag])) as { Config: { Entrypoint: string[]; Env: string[] } }[];
    expect(inspected?.Config.Entrypoint).toEqual(["python3", "hello.py"]);
    expect(inspected?.Config.Env).toContain("NAME=World");
    expect(dockerOk(["run", "--rm", "--network", "none", tag])).toBe("Hello, World!\n");
    expect(dockerOk(["run", "--rm", "--network", "none", "-e", "NAME=dfbuild", tag])).toBe("Hello, dfbuild!\n");
  });

  test("apt-cache: jq installed through apt cache mounts and an apt credentials secret, neither in the image", async () => {
    const auth = join(examples, "apt-cache", "apt-auth.conf");
    const tag = await buildExample("apt-cache", ["--secret", `id=apt_auth,src=${auth}`]);
    expect(docker(["run", "--rm", "-i", "--network", "none", tag, ".tool"], '{"tool":"dfbuild"}').stdout).toBe('"dfbuild"\n');
    // The secret's file and the downloaded packages (in the cache mount) are not in the image.
    const check = "test ! -e /etc/apt/auth.conf.d/private.conf && ls /var/cache/apt/archives | grep -c '[.]deb$'";
    expect(docker(["run", "--rm", "--network", "none", "--entrypoint", "sh", tag, "-c", check]).stdout).toBe("0\n");
    const saved = dockerOk(["save", tag]);
    expect(saved).not.toContain("not-a-real-password");
  });

  test("rest-service answers Hello World! on :8080/hello", async () => {
    const tag = await buildExample("rest-service");
    const [inspected] = JSON.parse(dockerOk(["image", "inspect", tag])) as { Config: { ExposedPorts: Record<string, unknown> } }[];
    expect(Object.keys(inspected?.Config.ExposedPorts ?? {})).toEqual(["8080/tcp"]);
    const id = dockerOk(["run", "-d", "--network", "none", tag]).trim();
    containers.push(id);
    // Asked from inside the service's own network namespace: nothing is published, no bridge needed.
    // Asked again until it answers, however loaded the machine (the service says "listening" just
    // before it binds): a service that exited fails at once, one that never answers by the timeout.
    let answer = "";
    while (answer === "") {
      const result = docker(["run", "--rm", "--network", `container:${id}`, "dfbuild-test/busybox", "wget", "-qO-", "http://127.0.0.1:8080/hello"]);
      if (result.code === 0) answer = result.stdout;
      else {
        expect(dockerOk(["inspect", "--format", "{{.State.Running}}", id]).trim(), docker(["logs", id]).stderr).toBe("true");
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    expect(answer).toBe("Hello World!");
  });
});
