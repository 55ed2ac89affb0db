import { ChangeKind, EngineError, collectOutput, type OutputChunk } from "@dfbuild/engine";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { BUSYBOX, ContainerJanitor, localEngine, readAll, readTar, tarOf, uniqueName } from "./helpers.js";

const engine = localEngine();
const janitor = new ContainerJanitor(engine);
afterEach(() => janitor.removeAll());
afterAll(() => engine.close());

async function runToEnd(id: string): Promise<number> {
  await engine.containers.start(id);
  return (await engine.containers.wait(id)).StatusCode;
}

describe("container lifecycle", () => {
  test("create, inspect, start, wait, remove", async () => {
    const name = uniqueName("lifecycle");
    const { Id, Warnings } = await engine.containers.create(
      { Image: BUSYBOX, Cmd: ["sh", "-c", "exit 3"], Labels: { purpose: "lifecycle" } },
      { name },
    );
    expect(Warnings ?? []).toEqual([]);
    try {
      const created = await engine.containers.inspect(Id);
      expect(created).toMatchObject({ Id, Name: `/${name}`, State: { Status: "created" } });
      expect(created.Config.Labels).toEqual({ purpose: "lifecycle" });
      // By name too.
      expect((await engine.containers.inspect(name)).Id).toBe(Id);

      await engine.containers.start(Id);
      const waited = await engine.containers.wait(Id);
      expect(waited.StatusCode).toBe(3);
      expect((await engine.containers.inspect(Id)).State).toMatchObject({ Status: "exited", ExitCode: 3 });
    } finally {
      await engine.containers.remove(Id);
    }
    await expect(engine.containers.inspect(Id)).rejects.toMatchObject({ name: "EngineError", status: 404 });
  });

  test("starting a running container is not an error", async () => {
    const id = await janitor.create({ Cmd: ["sleep", "30"] });
    await engine.containers.start(id);
    await expect(engine.containers.start(id)).resolves.toBeUndefined();
  });

  test("kill stops a running container with the signal given", async () => {
    const id = await janitor.create({ Cmd: ["sleep", "30"] });
    await engine.containers.start(id);
    await engine.containers.kill(id);
    expect((await engine.containers.wait(id)).StatusCode).toBe(137);

    const other = await janitor.create({ Cmd: ["sh", "-c", "trap 'exit 42' USR1; echo trapped; while true; do sleep 0.1; done"] });
    const output = await engine.containers.attach(other);
    await engine.containers.start(other);
    // Signalled once the shell says its trap is installed.
    for await (const chunk of output) {
      if (Buffer.from(chunk.data).toString().includes("trapped")) break;
    }
    await engine.containers.kill(other, { killSignal: "SIGUSR1" });
    expect((await engine.containers.wait(other)).StatusCode).toBe(42);
  });

  test("kill of a container that is not running is the engine's 409", async () => {
    const id = await janitor.create({ Cmd: ["true"] });
    await expect(engine.containers.kill(id)).rejects.toMatchObject({
      status: 409,
      engineMessage: expect.stringContaining("is not running") as unknown,
    });
  });

  test("create with a bad config gives the engine's message", async () => {
    const error = await engine.containers
      .create({ Image: BUSYBOX, Entrypoint: null, Cmd: null, HostConfig: { NetworkMode: "none" } })
      .catch((caught: unknown) => caught);
    // The image has no Cmd and no Entrypoint of its own.
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ status: 400, method: "POST", engineMessage: "No command specified" });
    expect((error as Error).message).toBe(
      "No command specified (the engine answered 400 to POST /v1.41/containers/create)",
    );
  });

  test("list finds containers by label, stopped ones only with all", async () => {
    const label = uniqueName("list");
    const id = await janitor.create({ Cmd: ["true"], Labels: { "dfbuild-test": label } });
    const filters = { label: [`dfbuild-test=${label}`] };
    expect(await engine.containers.list({ filters })).toEqual([]);
    const all = await engine.containers.list({ all: true, filters });
    expect(all.map((container) => container.Id)).toEqual([id]);
    expect(all[0]).toMatchObject({ Image: BUSYBOX, State: "created", Labels: { "dfbuild-test": label } });
  });

  test("changes lists what the container's layer added, modified and deleted", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", "echo hi > /added.txt && rm /etc/group && echo x >> /etc/passwd"] });
    expect(await runToEnd(id)).toBe(0);
    const changes = await engine.containers.changes(id);
    expect(changes).toEqual(
      expect.arrayContaining([
        { Path: "/added.txt", Kind: ChangeKind.Added },
        { Path: "/etc/group", Kind: ChangeKind.Deleted },
        { Path: "/etc/passwd", Kind: ChangeKind.Modified },
      ]),
    );
    const untouched = await janitor.create({ Cmd: ["true"] });
    expect(await engine.containers.changes(untouched)).toEqual([]);
  });
});

describe("attach and logs", () => {
  // Both streams written alternately, many times, with no TTY: the frames must be told apart exactly.
  const interleaved = "i=1; while [ $i -le 200 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done";
  const expected = (prefix: string): string => Array.from({ length: 200 }, (_, i) => `${prefix}${i + 1}\n`).join("");

  test("attach demultiplexes interleaved stdout and stderr", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", interleaved], AttachStdout: true, AttachStderr: true });
    const output = await engine.containers.attach(id);
    expect(output.tty).toBe(false);
    const reading = collectOutput(output);
    await engine.containers.start(id);
    const { stdout, stderr } = await reading;
    expect(stdout).toBe(expected("out"));
    expect(stderr).toBe(expected("err"));
    expect((await engine.containers.wait(id)).StatusCode).toBe(0);
  });

  test("attach yields chunks in arrival order, each tagged with its stream", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", "echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three"] });
    const output = await engine.containers.attach(id, { tty: false });
    await engine.containers.start(id);
    const chunks: OutputChunk[] = [];
    for await (const chunk of output) chunks.push(chunk);
    expect(chunks.map((chunk) => [chunk.stream, chunk.data.toString()])).toEqual([
      ["stdout", "one\n"],
      ["stderr", "two\n"],
      ["stdout", "three\n"],
    ]);
  });

  test("attach to a container with a TTY reads raw output", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", "echo out; echo err >&2"], Tty: true });
    const output = await engine.containers.attach(id);
    expect(output.tty).toBe(true);
    const reading = collectOutput(output);
    await engine.containers.start(id);
    const { stdout, stderr } = await reading;
    // A terminal turns \n into \r\n and mixes both streams.
    expect(stdout).toBe("out\r\nerr\r\n");
    expect(stderr).toBe("");
  });

  test("attach to a missing container is the engine's 404", async () => {
    await expect(engine.containers.attach("dfbuild-no-such-container", { tty: false })).rejects.toMatchObject({
      name: "EngineError",
      status: 404,
      engineMessage: "No such container: dfbuild-no-such-container",
    });
  });

  test("logs of an exited container, both streams and each alone", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", interleaved] });
    expect(await runToEnd(id)).toBe(0);
    expect(await collectOutput(await engine.containers.logs(id))).toEqual({ stdout: expected("out"), stderr: expected("err") });
    expect(await collectOutput(await engine.containers.logs(id, { stdout: false }))).toEqual({ stdout: "", stderr: expected("err") });
  });

  test("logs tail", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done"] });
    expect(await runToEnd(id)).toBe(0);
    expect(await collectOutput(await engine.containers.logs(id, { tail: 2 }))).toEqual({ stdout: "line4\nline5\n", stderr: "" });
  });

  test("logs follow ends when the container stops", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", "for i in 1 2 3; do echo tick$i; sleep 0.1; done"] });
    await engine.containers.start(id);
    const { stdout } = await collectOutput(await engine.containers.logs(id, { follow: true }));
    expect(stdout).toBe("tick1\ntick2\ntick3\n");
  });

  test("logs with a TTY are raw", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", "echo hello"], Tty: true });
    expect(await runToEnd(id)).toBe(0);
    const output = await engine.containers.logs(id);
    expect(output.tty).toBe(true);
    expect((await collectOutput(output)).stdout).toBe("hello\r\n");
  });

  test("logs with the none driver give the engine's 501", async () => {
    const id = await janitor.create({ Cmd: ["true"], HostConfig: { LogConfig: { Type: "none" } } });
    await expect(engine.containers.logs(id, { tty: false })).rejects.toMatchObject({
      status: 501,
      engineMessage: expect.stringContaining("does not support reading") as unknown,
    });
  });
});

describe("archives", () => {
  test("put a tar, stat the paths, get them back", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", "stat -c '%a %u:%g %s' /tmp/dir/tool /tmp/dir/note.txt"] });
    const tar = tarOf([
      { name: "dir", type: "directory", mode: 0o750, uid: 1000, gid: 1000 },
      { name: "dir/tool", content: Buffer.from("#!/bin/sh\necho tool\n"), mode: 0o755, uid: 1000, gid: 1000 },
      { name: "dir/note.txt", content: Buffer.from("hello"), mode: 0o600 },
    ]);
    // Chunks that split a header: the engine sees one byte stream.
    await engine.containers.putArchive(id, "/tmp", [tar.subarray(0, 700), tar.subarray(700)]);

    const directory = await engine.containers.statPath(id, "/tmp/dir");
    expect(directory).toMatchObject({ name: "dir", type: "directory", permissions: 0o750 });
    const tool = await engine.containers.statPath(id, "/tmp/dir/tool");
    expect(tool).toMatchObject({ name: "tool", type: "file", permissions: 0o755, size: 20 });
    const link = await engine.containers.statPath(id, "/bin/sh");
    expect(link).toMatchObject({ type: "symlink", linkTarget: "/bin/busybox" });
    expect((await engine.containers.statPath(id, "/tmp")).permissions).toBe(0o1777);

    const download = await engine.containers.getArchive(id, "/tmp/dir");
    expect(download.stat).toEqual(directory);
    const entries = readTar(await readAll(download.tar));
    expect(entries.get("dir/tool")?.content.toString()).toBe("#!/bin/sh\necho tool\n");
    expect(entries.get("dir/note.txt")?.type).toBe("file");
    // Go's tar writer keeps the file-type bits (0o100000) in the mode field.
    expect((entries.get("dir/note.txt")?.mode ?? 0) & 0o7777).toBe(0o600);
    expect(entries.get("dir/note.txt")?.content.toString()).toBe("hello");

    // Ownership and modes survive into the container as the tar said.
    const output = await engine.containers.attach(id);
    const reading = collectOutput(output);
    await engine.containers.start(id);
    expect((await reading).stdout).toBe("755 1000:1000 20\n600 0:0 5\n");
  });

  test("stat of a missing path is a 404 that says what it may mean", async () => {
    const id = await janitor.create({ Cmd: ["true"] });
    await expect(engine.containers.statPath(id, "/no/such/path")).rejects.toMatchObject({
      name: "EngineError",
      status: 404,
      engineMessage: "",
      message: expect.stringMatching(/404 to HEAD .*: no such container, or no such path in it$/) as unknown,
    });
  });

  test("put into a missing directory, or over a directory, gives the engine's message", async () => {
    const id = await janitor.create({ Cmd: ["true"] });
    const tar = tarOf([{ name: "file.txt", content: Buffer.from("x") }]);
    await expect(engine.containers.putArchive(id, "/no/such/dir", tar)).rejects.toMatchObject({
      status: 404,
      engineMessage: expect.stringContaining("Could not find the file /no/such/dir") as unknown,
    });
    const overDirectory = tarOf([{ name: "bin", content: Buffer.from("not a directory") }]);
    await expect(
      engine.containers.putArchive(id, "/", overDirectory, { noOverwriteDirNonDir: true }),
    ).rejects.toMatchObject({
      engineMessage: expect.stringContaining('cannot overwrite directory "/bin" with non-directory') as unknown,
    });
  });
});

describe("commit", () => {
  test("commits the container's layer with the config body, changes and metadata as sent", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", "echo committed > /hello.txt"], Env: ["FROM_CONTAINER=1"] });
    expect(await runToEnd(id)).toBe(0);
    const repo = uniqueName("commit");
    const { Id: imageId } = await engine.containers.commit(id, {
      repo,
      tag: "v1",
      comment: "a test commit",
      author: "dfbuild tests",
      changes: ["LABEL stage=test"],
      config: { Cmd: ["cat", "/hello.txt"], Env: ["FROM_BODY=1"], WorkingDir: "/tmp" },
    });
    try {
      expect(imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
      const image = await engine.images.inspect(`${repo}:v1`);
      expect(image.Id).toBe(imageId);
      expect(image).toMatchObject({ Comment: "a test commit", Author: "dfbuild tests" });
      expect(image.Config).toMatchObject({ Cmd: ["cat", "/hello.txt"], WorkingDir: "/tmp", Labels: { stage: "test" } });
      // The engine merges the container's Env keys into the body's (the trap the builder must handle).
      expect(image.Config?.Env).toEqual(expect.arrayContaining(["FROM_BODY=1", "FROM_CONTAINER=1"]));
      const [newest] = await engine.images.history(imageId);
      expect(newest).toMatchObject({ Comment: "a test commit", CreatedBy: "sh -c echo committed > /hello.txt" });

      const child = await janitor.create({ Image: imageId });
      const output = await engine.containers.attach(child);
      const reading = collectOutput(output);
      await engine.containers.start(child);
      expect((await reading).stdout).toBe("committed\n");
    } finally {
      await janitor.removeAll();
      await engine.images.remove(imageId, { force: true });
    }
  });

  test("without a config the container's own config is committed", async () => {
    const id = await janitor.create({ Cmd: ["sh", "-c", "true"], User: "app" });
    const { Id: imageId } = await engine.containers.commit(id);
    try {
      const image = await engine.images.inspect(imageId);
      expect(image.Config).toMatchObject({ Cmd: ["sh", "-c", "true"], User: "app" });
      expect(image.RepoTags ?? []).toEqual([]);
    } finally {
      await engine.images.remove(imageId);
    }
  });
});

describe("volumes", () => {
  test("remove with volumes (the default) deletes the container's anonymous volumes", async () => {
    const id = await janitor.create({ Cmd: ["true"], HostConfig: { Mounts: [{ Type: "volume", Target: "/data" }] } });
    const [mount] = (await engine.containers.inspect(id)).Mounts;
    const volume = mount?.Name;
    expect(volume).toMatch(/^[0-9a-f]{64}$/);
    await engine.containers.remove(id);
    await expect(engine.volumes.remove(String(volume))).rejects.toMatchObject({ status: 404 });
  });

  test("remove without volumes leaves them, and volumes.remove deletes them", async () => {
    const id = await janitor.create({ Cmd: ["true"], HostConfig: { Mounts: [{ Type: "volume", Target: "/data" }] } });
    const volume = String((await engine.containers.inspect(id)).Mounts[0]?.Name);
    await expect(engine.volumes.remove(volume)).rejects.toMatchObject({
      status: 409,
      engineMessage: expect.stringContaining("volume is in use") as unknown,
    });
    await engine.containers.remove(id, { volumes: false });
    await engine.volumes.remove(volume);
    await expect(engine.volumes.remove(volume)).rejects.toMatchObject({
      name: "EngineError",
      status: 404,
      engineMessage: expect.stringContaining("no such volume") as unknown,
    });
  });
});
