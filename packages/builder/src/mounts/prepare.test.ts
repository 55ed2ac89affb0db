import type { ContainerCreateBody } from "@dfbuild/engine";
import { describe, expect, test } from "vitest";
import { BASE, StageHarness, engineWithBase } from "../build-harness.test-helper.js";
import { FakeEngine, type FakeRun } from "../fake-engine.test-helper.js";
import { listCacheMounts, removeCacheMounts } from "./cache-volumes.js";

/** The RUN container's create body (the last container created with the step's command). */
function runContainer(stage: StageHarness): ContainerCreateBody {
  const bodies = stage.engine.callsOf("containers.create").map((call) => call[0] as ContainerCreateBody);
  const run = bodies.findLast((body) => body.AttachStdout === true);
  if (run === undefined) throw new Error("no RUN container was made");
  return run;
}

/** The wrapper's operations (between `dfbuild-run` and `--`). */
function operations(body: ContainerCreateBody): string[] {
  const entrypoint = body.Entrypoint ?? [];
  const start = entrypoint.indexOf("dfbuild-run");
  return start === -1 ? [] : entrypoint.slice(start + 1, entrypoint.indexOf("--"));
}

function leftovers(engine: FakeEngine): { containers: number; volumes: string[] } {
  return { containers: engine.liveContainers().length, volumes: [...engine.volumeStore.keys()].filter((name) => !name.startsWith("dfbuild-cache-")) };
}

describe("RUN --mount=type=bind", () => {
  test("a context directory is copied into a volume the step mounts read-only, then removed", async () => {
    const stage = await StageHarness.create({ files: { "src/a.txt": "a", "src/lib/b.txt": "b", "other.txt": "o" } });
    let seen: string[] = [];
    stage.engine.onRun = (run) => {
      seen = [run.readFile("/mnt/src/a.txt") ?? "", run.readFile("/mnt/src/lib/b.txt") ?? "", run.readFile("/mnt/src/other.txt") ?? "none"];
      return 0;
    };
    await stage.dispatch("RUN --mount=type=bind,source=src,target=/mnt/src cat /mnt/src/a.txt");
    expect(seen).toEqual(["a", "b", "none"]);
    const mount = runContainer(stage).HostConfig?.Mounts?.[0];
    expect(mount).toMatchObject({ Type: "volume", Target: "/mnt/src", ReadOnly: true, VolumeOptions: { NoCopy: true } });
    expect(leftovers(stage.engine)).toEqual({ containers: 0, volumes: [] });
    // The engine made the target in the layer; nothing of the source is there.
    expect(stage.image().fs.get("/mnt/src")?.type).toBe("directory");
    expect(stage.image().fs.has("/mnt/src/a.txt")).toBe(false);
  });

  test("rw: the command may write, and what it writes is thrown away with the volume", async () => {
    const stage = await StageHarness.create({ files: { "src/a.txt": "a" } });
    stage.engine.onRun = (run) => {
      run.writeFile("/w/new.txt", "written");
      return 0;
    };
    await stage.dispatch("RUN --mount=type=bind,source=src,target=/w,rw touch /w/new.txt");
    expect(runContainer(stage).HostConfig?.Mounts?.[0]?.ReadOnly).toBe(false);
    expect(stage.image().fs.has("/w/new.txt")).toBe(false);
    expect(leftovers(stage.engine).volumes).toEqual([]);
  });

  test("read-only by default: a write fails the step", async () => {
    const stage = await StageHarness.create({ files: { "src/a.txt": "a" } });
    stage.engine.onRun = (run) => {
      try {
        run.writeFile("/w/new.txt", "x");
        return 0;
      } catch {
        run.stderr("Read-only file system\n");
        return 1;
      }
    };
    const error = await stage.failure("RUN --mount=type=bind,source=src,target=/w touch /w/new.txt");
    expect(error.exitCode).toBe(1);
    expect(leftovers(stage.engine)).toEqual({ containers: 0, volumes: [] });
  });

  test("a file into a directory that exists: mounted under /dev, reached through a symlink made and removed around the command", async () => {
    const stage = await StageHarness.create({ files: { "requirements.txt": "flask\n" } });
    await stage.dispatch("RUN --mount=type=bind,source=requirements.txt,target=/etc/requirements.txt cat /etc/requirements.txt");
    const body = runContainer(stage);
    expect(operations(body)).toEqual(["l:/etc/requirements.txt=/dev/.dfbuild-mounts/f0"]);
    expect(body.HostConfig?.Mounts?.[0]).toMatchObject({ Type: "bind", Target: "/dev/.dfbuild-mounts/f0", ReadOnly: true });
    expect(body.HostConfig?.Mounts?.[0]?.Source).toMatch(/^\/var\/lib\/fake-docker\/volumes\/dfbuild-[^/]+-v\d+\/_data\/requirements\.txt$/);
    expect(stage.image().fs.has("/etc/requirements.txt")).toBe(false);
  });

  test("a file into a directory that does not exist: a tmpfs there holds the engine's stub; only directories stay", async () => {
    const stage = await StageHarness.create({ files: { "app.conf": "x=1\n" } });
    let read: string | undefined;
    stage.engine.onRun = (run) => {
      read = run.readFile("/opt/app/conf/app.conf");
      return 0;
    };
    await stage.dispatch("RUN --mount=type=bind,source=app.conf,target=/opt/app/conf/app.conf cat /opt/app/conf/app.conf");
    expect(read).toBe("x=1\n");
    expect(runContainer(stage).HostConfig?.Tmpfs).toEqual({ "/opt/app/conf": "exec,dev" });
    expect(stage.image().fs.get("/opt/app/conf")?.type).toBe("directory");
    expect(stage.image().fs.has("/opt/app/conf/app.conf")).toBe(false);
  });

  test("a file over a file the image has: mounted there directly", async () => {
    const stage = await StageHarness.create({ files: { hosts: "127.0.0.1 x\n" } });
    await stage.dispatch("RUN --mount=type=bind,source=hosts,target=/etc/passwd true");
    const body = runContainer(stage);
    expect(operations(body)).toEqual([]);
    expect(body.HostConfig?.Mounts?.[0]).toMatchObject({ Type: "bind", Target: "/etc/passwd" });
  });

  test("another user than root: the file is mounted at its target (the engine's empty stub stays, see README)", async () => {
    const stage = await StageHarness.create({ files: { "a.txt": "a" } });
    await stage.dispatch("USER app\nRUN --mount=type=bind,source=a.txt,target=/etc/a.txt true");
    expect(runContainer(stage).HostConfig?.Mounts?.[0]).toMatchObject({ Type: "bind", Target: "/etc/a.txt" });
  });

  test("the source's content is in the cache key: a changed file re-runs the step, an untouched one hits", async () => {
    const first = await StageHarness.create({ files: { "src/a.txt": "one", "unrelated.txt": "u" } });
    expect(await first.dispatch("RUN --mount=source=src,target=/s true")).toEqual([false]);
    const same = await StageHarness.create({ engine: first.engine, cacheDir: first.cacheDir, files: { "src/a.txt": "one", "unrelated.txt": "changed" } });
    expect(await same.dispatch("RUN --mount=source=src,target=/s true")).toEqual([true]);
    const changed = await StageHarness.create({ engine: first.engine, cacheDir: first.cacheDir, files: { "src/a.txt": "two" } });
    expect(await changed.dispatch("RUN --mount=source=src,target=/s true")).toEqual([false]);
  });

  test("from an earlier stage: its files, by content; a later stage's name is an error", async () => {
    const engine = engineWithBase();
    engine.addImage("builder:stage", { files: { "/out/bin/app": "binary", "/out/lib/x.so": "so" } });
    const stage = await StageHarness.create({ engine, stages: { build: "builder:stage", later: "builder:stage" } });
    let read: string | undefined;
    engine.onRun = (run) => {
      read = run.readFile("/opt/bin/app");
      return 0;
    };
    await stage.dispatch("RUN --mount=type=bind,from=build,source=/out,target=/opt true");
    expect(read).toBe("binary");
    expect(leftovers(engine)).toEqual({ containers: 0, volumes: [] });
    const missing = await stage.failure("RUN --mount=type=bind,from=build,source=/nope,target=/opt true");
    expect(missing.message).toBe('bind source "/nope" not found in build');
    expect(missing.location).toEqual({ file: "Dockerfile", line: 2, column: 5 });
  });

  test("a missing context source names it", async () => {
    const stage = await StageHarness.create();
    const error = await stage.failure("RUN --mount=type=bind,source=nowhere,target=/x true");
    expect(error.message).toBe('bind source "/nowhere" not found in the build context (or excluded by .dockerignore)');
    expect(error).toMatchObject({ code: "DFB_MOUNT_INVALID" });
  });
});

describe("RUN --mount=type=cache", () => {
  test("a labelled volume that outlives the build, and is not part of the key", async () => {
    const stage = await StageHarness.create();
    stage.engine.onRun = (run) => {
      run.writeFile("/root/.cache/pip/wheel", `${run.readFile("/root/.cache/pip/wheel") ?? ""}+`);
      return 0;
    };
    await stage.dispatch("RUN --mount=type=cache,target=/root/.cache/pip pip install x");
    const again = await StageHarness.create({ engine: stage.engine });
    await again.dispatch("ARG V=2\nRUN --mount=type=cache,target=/root/.cache/pip pip install x");
    const [cache, ...others] = await listCacheMounts(stage.engine);
    expect(others).toEqual([]);
    expect(cache).toMatchObject({ id: "/root/.cache/pip", generation: 0, instance: 0, description: "cached mount /root/.cache/pip" });
    expect(stage.engine.volumeStore.get(cache?.name ?? "")?.fs.get("/wheel")?.content?.toString()).toBe("++");
    // The cache's content never reaches the image.
    expect(again.image().fs.has("/root/.cache/pip/wheel")).toBe(false);
  });

  test("--no-cache starts a new, empty generation that replaces the old one", async () => {
    const engine = engineWithBase();
    engine.onRun = (run) => {
      run.writeFile("/c/log", `${run.readFile("/c/log") ?? ""}x`);
      return 0;
    };
    await (await StageHarness.create({ engine })).dispatch("RUN --mount=type=cache,target=/c true");
    await (await StageHarness.create({ engine, noCache: true })).dispatch("RUN --mount=type=cache,target=/c true");
    await (await StageHarness.create({ engine })).dispatch("RUN --mount=type=cache,target=/c echo again");
    const caches = await listCacheMounts(engine);
    expect(caches.map((cache) => cache.generation)).toEqual([1]);
    expect(engine.volumeStore.get(caches[0]?.name ?? "")?.fs.get("/log")?.content?.toString()).toBe("xx");
  });

  test("uid, gid, mode and from make a separate cache, set up when it is made", async () => {
    const engine = engineWithBase();
    engine.addImage("seed:1", { files: { "/data/s": "seeded" } });
    const stage = await StageHarness.create({ engine, stages: { seed: "seed:1" } });
    await stage.dispatch("RUN --mount=type=cache,id=c,target=/c,uid=1000,gid=1000,mode=0750 true\nRUN --mount=type=cache,id=c,target=/c,from=seed,source=data true\nRUN --mount=type=cache,id=c,target=/c true");
    const caches = await listCacheMounts(engine);
    expect(caches).toHaveLength(3);
    const roots = caches.map((cache) => engine.volumeStore.get(cache.name)?.fs.get("/"));
    expect(roots[0]).toMatchObject({ mode: 0o750, uid: 1000, gid: 1000 });
    expect(engine.volumeStore.get(caches[1]?.name ?? "")?.fs.get("/s")?.content?.toString()).toBe("seeded");
  });

  test("sharing=locked waits for a lock container of the volume's name; private takes another instance", async () => {
    const engine = engineWithBase();
    const stage = await StageHarness.create({ engine });
    await stage.dispatch("RUN --mount=type=cache,id=shared-one,target=/c,sharing=locked true");
    const [cache] = await listCacheMounts(engine);
    const lockName = `dfbuild-lock-${cache?.name ?? ""}`;
    expect(engine.callsOf("containers.create").some((call) => (call[1] as { name?: string }).name === lockName)).toBe(true);
    // Someone else holds the private cache: a second instance is made.
    await engine.containers.create({ Image: BASE, Entrypoint: ["/x"] }, { name: `dfbuild-lock-${(cache?.name ?? "").replace(/-0$/, "-0")}` });
    await stage.dispatch("RUN --mount=type=cache,id=shared-one,target=/c,sharing=private true");
    expect((await listCacheMounts(engine)).map((volume) => volume.instance)).toEqual([0, 1]);
  });

  test("removeCacheMounts removes them all, or those selected", async () => {
    const engine = engineWithBase();
    const stage = await StageHarness.create({ engine });
    await stage.dispatch("RUN --mount=type=cache,id=a,target=/a --mount=type=cache,id=b,target=/b true");
    const { removed } = await removeCacheMounts(engine, { select: (volume) => volume.id === "a" });
    expect(removed.map((volume) => volume.id)).toEqual(["a"]);
    expect((await listCacheMounts(engine)).map((volume) => volume.id)).toEqual(["b"]);
  });
});

describe("RUN --mount=type=tmpfs", () => {
  test("the engine's tmpfs with exec allowed, as BuildKit's", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("RUN --mount=type=tmpfs,target=/scratch,size=1m true");
    expect(runContainer(stage).HostConfig?.Tmpfs).toEqual({ "/scratch": "exec,dev,size=1048576" });
  });
});

describe("RUN --mount=type=secret", () => {
  test("the value is readable in the step and nowhere else: not the layer, the config, the history or the key", async () => {
    const stage = await StageHarness.create({ secrets: [{ id: "token", env: "TOKEN" }], env: { TOKEN: "s3cr3t-value" } });
    let read: string | undefined;
    stage.engine.onRun = (run: FakeRun) => {
      read = run.readFile("/run/secrets/token");
      return 0;
    };
    await stage.dispatch("RUN --mount=type=secret,id=token cat /run/secrets/token");
    expect(read).toBe("s3cr3t-value");
    const image = stage.image();
    const everything = JSON.stringify({ config: image.config, history: image.history, containerConfig: image.containerConfig, files: [...image.fs].map(([path, file]) => [path, file.content?.toString()]) });
    expect(everything).not.toContain("s3cr3t-value");
    expect(leftovers(stage.engine)).toEqual({ containers: 0, volumes: [] });
    // Only the directories the engine made for the mount stay (as Docker 20.10's BuildKit leaves them).
    expect(image.fs.get("/run/secrets")?.type).toBe("directory");
    expect(image.fs.has("/run/secrets/token")).toBe(false);
    // Another value is the same step: secrets are not part of the key.
    const other = await StageHarness.create({ engine: stage.engine, cacheDir: stage.cacheDir, secrets: [{ id: "token", env: "TOKEN" }], env: { TOKEN: "changed" } });
    expect(await other.dispatch("RUN --mount=type=secret,id=token cat /run/secrets/token")).toEqual([true]);
  });

  test("as an environment variable: read by the wrapper from a file under /dev, never in the container's Env", async () => {
    const stage = await StageHarness.create({ secrets: [{ id: "api", env: "API" }], env: { API: "k3y" } });
    await stage.dispatch("RUN --mount=type=secret,id=api,env=API_KEY true");
    const body = runContainer(stage);
    expect(operations(body)).toEqual(["f:API_KEY=/dev/.dfbuild-mounts/s0"]);
    expect(JSON.stringify(body)).not.toContain("k3y");
    expect(stage.image().config.Entrypoint).toEqual([]);
  });

  test("a missing secret: required fails at its --mount; optional mounts nothing, or an empty variable", async () => {
    const stage = await StageHarness.create();
    const error = await stage.failure("RUN  --mount=type=secret,id=npmrc,required true");
    expect(error.message).toBe("secret npmrc: not found (give it with --secret id=npmrc,src=FILE or id=npmrc,env=VAR)");
    expect(error.location).toEqual({ file: "Dockerfile", line: 2, column: 6 });
    expect(error).toMatchObject({ code: "DFB_MOUNT_SECRET_NOT_FOUND" });
    await stage.dispatch("RUN --mount=type=secret,id=npmrc --mount=type=secret,id=other,env=OTHER true");
    const body = runContainer(stage);
    expect(body.HostConfig?.Mounts).toBeNull();
    expect(operations(body)).toEqual(["e:OTHER="]);
  });
});

describe("RUN --mount=type=ssh", () => {
  test("a remote engine cannot reach this machine's agent: a clear error at the mount", async () => {
    const engine = new FakeEngine({ host: "tcp://10.0.0.5:2376" });
    engine.addImage(BASE, { files: {} });
    const stage = await StageHarness.create({ engine });
    const error = await stage.failure("RUN --mount=type=ssh ssh -T git@example.com");
    expect(error.message).toMatch(/^RUN --mount=type=ssh needs the engine on this machine: the engine at tcp:\/\/10\.0\.0\.5:2376 cannot reach/);
    expect(error).toMatchObject({ code: "DFB_MOUNT_SSH_UNAVAILABLE" });
  });

  test("a required agent that was not given", async () => {
    const stage = await StageHarness.create();
    expect((await stage.failure("RUN --mount=type=ssh,id=deploy,required true")).message).toBe(
      'no SSH key "deploy" forwarded from the client (give it with --ssh deploy=SOCKET)',
    );
  });

  test("SSH_AUTH_SOCK points at the first socket, even with no agent given", async () => {
    const stage = await StageHarness.create();
    await stage.dispatch("RUN --mount=type=ssh true");
    expect(operations(runContainer(stage))).toEqual(["e:SSH_AUTH_SOCK=/run/buildkit/ssh_agent.0"]);
  });
});
