/**
 * RUN --mount, end to end on the engine. Bind, cache and tmpfs mounts are compared with what the
 * engine's own BuildKit (Docker 20.10: BuildKit 0.8, Dockerfile syntax ≈ 1.2) makes from the same
 * Dockerfile: config and filesystem. Secrets and SSH need a BuildKit session, so they are checked
 * directly: the value is readable in RUN and nowhere in `docker save`.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Engine } from "@dfbuild/engine";
import { removeCacheMounts } from "@dfbuild/builder";
import { afterAll, describe, expect, test } from "vitest";
import {
  BUSYBOX,
  buildkit,
  configOf,
  dfbuild,
  docker,
  dockerEnv,
  dockerOk,
  filesystemOf,
  leftoverBuildVolumes,
  leftoverContainers,
  makeContext,
  testScope,
  uniqueTag,
  writeContext,
} from "./helpers.js";
import { tempDir } from "../temp-dir.js";

const { contexts, images } = testScope();
const bin = join(import.meta.dirname, "../../packages/cli/bin/dfbuild.js");
/** Cache ids of this file's builds, unique per run: their volumes are removed at the end. */
const cacheIds: string[] = [];

function cacheId(name: string): string {
  const id = `dfbuild-e2e-${name}-${randomUUID().slice(0, 8)}`;
  cacheIds.push(id);
  return id;
}

afterAll(async () => {
  const engine = new Engine({ host: dockerEnv.DOCKER_HOST, apiVersion: "1.41" });
  try {
    await removeCacheMounts(engine, { select: (volume) => cacheIds.includes(volume.id) });
  } finally {
    await engine.close();
  }
});

async function context(files: Record<string, string>): Promise<string> {
  const dir = await makeContext(files);
  contexts.push(dir);
  return dir;
}

async function build(dir: string, args: string[] = []): Promise<{ tag: string; stdout: string; stderr: string; code: number }> {
  const result = await dfbuild(dir, args);
  images.push(result.tag);
  return result;
}

function cat(image: string, ...paths: string[]): string {
  return dockerOk(["run", "--rm", "--network", "none", "--entrypoint", "cat", image, ...paths]);
}

/** Nothing of this process's builds (or of the given processes') is left; other test runs may be building. */
function expectNothingLeft(pids: number[] = [process.pid]): void {
  expect(leftoverContainers(pids)).toEqual([]);
  expect(leftoverBuildVolumes(pids)).toEqual([]);
}

describe("RUN --mount: the same image as the engine's BuildKit", () => {
  test("bind (context directory, files, another stage, rw), cache and tmpfs", async () => {
    const id = cacheId("compare");
    const dir = await context({
      "src/a.txt": "a\n",
      "src/lib/b.txt": "b\n",
      "config.txt": "key=value\n",
      Dockerfile: `FROM ${BUSYBOX} AS stage
RUN mkdir -p /out/sub && echo from-stage > /out/sub/s.txt && echo top > /out/t.txt
FROM ${BUSYBOX}
WORKDIR /app
RUN --mount=type=bind,source=src,target=/mnt/src cat /mnt/src/a.txt /mnt/src/lib/b.txt > /bind-dir.out
RUN --mount=source=config.txt,target=/etc/app.conf cat /etc/app.conf > /bind-file.out
RUN --mount=source=config.txt,target=/opt/conf/app.conf cat /opt/conf/app.conf > /bind-file-new-dir.out
RUN --mount=type=bind,from=stage,source=/out,target=/stage cat /stage/sub/s.txt /stage/t.txt > /bind-stage.out
RUN --mount=type=bind,from=stage,source=/out/t.txt,target=/tmp/t.txt cat /tmp/t.txt > /bind-stage-file.out
RUN --mount=type=bind,source=src,target=/rw,rw sh -c 'echo new > /rw/new && ls /rw > /bind-rw.out'
RUN --mount=type=bind,target=relative ls relative > /bind-relative.out
RUN --mount=type=cache,id=${id},target=/var/cache/t sh -c 'echo one >> /var/cache/t/log && cat /var/cache/t/log > /cache.out'
RUN --mount=type=cache,id=${id},target=/other,uid=1000,gid=1000,mode=0750 stat -c '%a %u %g' /other > /cache-owner.out
RUN --mount=type=tmpfs,target=/scratch sh -c 'cp /bin/busybox /scratch/busybox && /scratch/busybox echo exec > /tmpfs.out && ls -ld /scratch | cut -c1-10 >> /tmpfs.out'
`,
    });
    const reference = await buildkit(dir);
    images.push(reference.tag);
    expect(reference.code, `BuildKit failed:\n${reference.stdout}`).toBe(0);
    const ours = await build(dir, ["--network", "none"]);
    expect(ours.code, `${ours.stdout}\n${ours.stderr}`).toBe(0);

    expect(configOf(ours.tag)).toEqual(configOf(reference.tag));
    expect(Object.fromEntries(await filesystemOf(ours.tag))).toEqual(Object.fromEntries(await filesystemOf(reference.tag)));
    expect(cat(ours.tag, "/bind-dir.out", "/bind-file.out", "/bind-stage.out", "/cache.out", "/cache-owner.out", "/tmpfs.out")).toBe(
      "a\nb\nkey=value\nfrom-stage\ntop\none\n750 1000 1000\nexec\ndrwxrwxrwt\n",
    );
    // The rw mount's write went nowhere: neither the context nor a later mount of it has it.
    expect(cat(ours.tag, "/bind-rw.out")).toBe("a.txt\nlib\nnew\n");
    expectNothingLeft();
  });
});

describe("RUN --mount: the build cache and cache mounts", () => {
  test("a cache mount persists across builds whose step re-runs; --no-cache starts it empty", async () => {
    const id = cacheId("persist");
    const dir = await context({ Dockerfile: `FROM ${BUSYBOX}\nARG RUN_ID\nRUN --mount=type=cache,id=${id},target=/c sh -c 'echo "$RUN_ID" >> /c/log; cat /c/log > /log'\n` });
    const logs: string[] = [];
    for (const args of [["--build-arg", "RUN_ID=1"], ["--build-arg", "RUN_ID=2"], ["--no-cache", "--build-arg", "RUN_ID=3"], ["--build-arg", "RUN_ID=4"]]) {
      const result = await build(dir, args);
      expect(result.code, result.stderr).toBe(0);
      logs.push(cat(result.tag, "/log"));
    }
    expect(logs).toEqual(["1\n", "1\n2\n", "3\n", "3\n4\n"]);
    const volumes = dockerOk(["volume", "ls", "-q", "--filter", `label=dfbuild.cache-mount=${id}`]).trim().split("\n");
    expect(volumes).toHaveLength(1);
    expectNothingLeft();
  });

  test("a changed bind source re-runs its step; the same content (touched) does not", async () => {
    const dir = await context({ "input.txt": "v1\n", Dockerfile: `FROM ${BUSYBOX}\nRUN --mount=source=input.txt,target=/in.txt cp /in.txt /out.txt\n` });
    const first = await build(dir);
    expect(cat(first.tag, "/out.txt")).toBe("v1\n");
    await writeContext(dir, { "input.txt": { content: "v1\n", mtime: 1_000_000 } });
    const touched = await build(dir);
    expect(touched.stdout).toContain("Using cache");
    await writeContext(dir, { "input.txt": "v2\n" });
    const changed = await build(dir);
    expect(changed.stdout).not.toContain("Using cache");
    expect(cat(changed.tag, "/out.txt")).toBe("v2\n");
    expectNothingLeft();
  });
});

describe("RUN --mount=type=secret and type=ssh", () => {
  test("secrets are readable in RUN (file and variable) and nowhere in docker save", async () => {
    const fileValue = `file-secret-${randomUUID()}`;
    const envValue = `env-secret-${randomUUID()}`;
    const secretDir = tempDir("dfbuild-secret-");
    contexts.push(secretDir);
    await writeFile(join(secretDir, "token"), fileValue);
    const dir = await context({
      Dockerfile: `FROM ${BUSYBOX}
RUN --mount=type=secret,id=token sh -c 'sha256sum < /run/secrets/token | cut -d" " -f1 > /token.sha && stat -c "%a %u %g" /run/secrets/token >> /token.sha'
RUN --mount=type=secret,id=token,target=/root/.token,mode=0440,uid=1000,gid=1000 stat -L -c '%a %u %g' /root/.token > /token2.stat
RUN --mount=type=secret,id=api,env=API_KEY sh -c 'printf %s "$API_KEY" | sha256sum | cut -d" " -f1 > /env.sha'
RUN --mount=type=secret,id=absent ls -A /run/secrets > /absent.out
`,
    });
    const tag = uniqueTag("secret");
    images.push(tag);
    const { runCli } = await import("../cli.js");
    const result = await runCli(["build", "--progress", "plain", "-t", tag, "--secret", `id=token,src=${join(secretDir, "token")}`, "--secret", "id=api,env=API_VALUE", dir], "", process.cwd(), {
      API_VALUE: envValue,
    });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const sha = (text: string): string => execFileSync("sha256sum", { input: text }).toString().split(" ")[0] ?? "";
    // An optional secret that was not given mounts nothing; the first one left no file behind.
    expect(cat(tag, "/token.sha", "/token2.stat", "/env.sha", "/absent.out")).toBe(`${sha(fileValue)}\n400 0 0\n440 1000 1000\n${sha(envValue)}\n`);
    // Everything the image is: layers, configs, history.
    const saved = execFileSync("docker", ["save", tag], { env: dockerEnv, maxBuffer: 512 * 1024 * 1024 });
    expect(saved.includes(fileValue)).toBe(false);
    expect(saved.includes(envValue)).toBe(false);
    expect(saved.includes(Buffer.from(fileValue).toString("base64"))).toBe(false);
    // Only the directories the engine made for the mount stay, as Docker 20.10's BuildKit leaves them.
    expect(dockerOk(["run", "--rm", "--network", "none", tag, "sh", "-c", "ls -A /run/secrets; ls -A /root"])).toBe("");
    expect(result.stdout).not.toContain(fileValue);
    expectNothingLeft();
  });

  test("ssh: the client's agent answers through the socket, SSH_AUTH_SOCK points at it", async () => {
    const agentDir = tempDir("dfbuild-agent-");
    contexts.push(agentDir);
    const socket = join(agentDir, "agent.sock");
    const output = execFileSync("ssh-agent", ["-a", socket, "-s"]).toString();
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(output)?.[1]);
    try {
      const dir = await context({
        // SSH2_AGENTC_REQUEST_IDENTITIES (11) → SSH2_AGENT_IDENTITIES_ANSWER (12): a real agent answered.
        Dockerfile: `FROM debian:bookworm-slim
RUN --mount=type=ssh perl -MIO::Socket::UNIX -e '$s = IO::Socket::UNIX->new(Peer => $ENV{SSH_AUTH_SOCK}) or die "connect: $!"; print $s pack("NC", 1, 11); read($s, $b, 5) == 5 or die "short"; ($l, $t) = unpack("NC", $b); print "$ENV{SSH_AUTH_SOCK} $t\\n"' > /ssh.out && stat -c '%a %u' /run/buildkit/ssh_agent.0 >> /ssh.out
`,
      });
      const tag = uniqueTag("ssh");
      images.push(tag);
      const { runCli } = await import("../cli.js");
      const result = await runCli(["build", "--progress", "plain", "-t", tag, "--ssh", `default=${socket}`, dir]);
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(cat(tag, "/ssh.out")).toBe("/run/buildkit/ssh_agent.0 12\n600 0\n");
      expect(dockerOk(["run", "--rm", "--network", "none", tag, "ls", "-A", "/run/buildkit"])).toBe("");
      expectNothingLeft();
    } finally {
      process.kill(pid);
    }
  });
});

describe("RUN --mount failures", () => {
  test("each is one line at the mount's position, exit 1, nothing left", async () => {
    const cases: [string, string][] = [
      [`FROM ${BUSYBOX}\nRUN --mount=type=cache,target=/c,colour=blue true\n`, "2:5: unexpected key 'colour' in 'colour=blue'"],
      [`FROM ${BUSYBOX}\nRUN --mount=type=cache,id=../../etc,target=/c true\n`, '2:5: invalid cache id "../../etc": an id names a cache, and may not contain ".." (set id= to a name)'],
      [`FROM ${BUSYBOX}\nRUN echo x\nRUN --mount=type=secret,id=npmrc,required true\n`, "3:5: secret npmrc: not found (give it with --secret id=npmrc,src=FILE or id=npmrc,env=VAR)"],
      [`FROM ${BUSYBOX}\nRUN --mount=type=bind,source=nope,target=/n true\n`, '2:5: bind source "/nope" not found in the build context (or excluded by .dockerignore)'],
    ];
    for (const [dockerfile, message] of cases) {
      const dir = await context({ Dockerfile: dockerfile });
      const result = await build(dir);
      expect(result.code, dockerfile).toBe(1);
      expect(result.stderr.trim().split("\n"), dockerfile).toEqual([`${join(dir, "Dockerfile")}:${message}`]);
      expectNothingLeft();
    }
  });

  test("SIGINT while a RUN with mounts runs removes its containers and volumes", async () => {
    const dir = await context({ "src/a": "a", Dockerfile: `FROM ${BUSYBOX}\nRUN --mount=source=src,target=/s --mount=type=secret,id=s --mount=type=tmpfs,target=/t sh -c 'echo started && sleep 60'\n` });
    const secretFile = join(dir, "secret-value");
    await writeFile(secretFile, "v");
    const tag = uniqueTag("interrupted");
    const child = spawn(process.execPath, [bin, "build", "--progress", "plain", "--no-cache", "--secret", `id=s,src=${secretFile}`, "-t", tag, dir], {
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes("started\n")) resolve();
      });
      child.once("exit", () => {
        reject(new Error(`dfbuild exited before the RUN started:\n${stdout}`));
      });
    });
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(130);
    expectNothingLeft([child.pid ?? 0]);
    expect(docker(["image", "inspect", tag]).code).not.toBe(0);
  });
});

describe("COPY and ADD flags of BuildKit's syntax, on the engine", () => {
  test("--link, --parents, --exclude; # syntax=docker/dockerfile:1 is accepted", async () => {
    const dir = await context({
      "x/a.txt": "xa\n",
      "y/a.txt": "ya\n",
      "d/keep.txt": "k\n",
      "d/skip.log": "s\n",
      Dockerfile: `# syntax=docker/dockerfile:1
FROM ${BUSYBOX}
RUN ln -s /tmp /linked
COPY --link x/a.txt /linked/a.txt
COPY --parents x/a.txt y/a.txt /p/
COPY --exclude=*.log d /d/
`,
    });
    const result = await build(dir);
    expect(result.code, result.stderr).toBe(0);
    const listing = dockerOk(["run", "--rm", "--network", "none", result.tag, "sh", "-c", "stat -c '%F %a' /linked; cat /linked/a.txt /p/x/a.txt /p/y/a.txt; ls /d"]);
    // --link makes the directories on its way anew: the symlink /linked became a directory.
    expect(listing).toBe("directory 755\nxa\nxa\nya\nkeep.txt\n");
    expectNothingLeft();
  });
});
