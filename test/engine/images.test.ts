import { rmSync } from "node:fs";
import { Engine, EngineError, EngineStreamError, type ProgressEvent } from "@dfbuild/engine";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { FakeRegistry } from "./fake-registry.js";
import { BUSYBOX, ContainerJanitor, expectIdle, localEngine, readAll, readTar, tarOf, uniqueName, until } from "./helpers.js";

const engine = localEngine();
const janitor = new ContainerJanitor(engine);
const imagesToRemove = new Set<string>();
afterEach(async () => {
  await janitor.removeAll();
  for (const image of imagesToRemove) {
    await engine.images.remove(image, { force: true }).catch((error: unknown) => {
      if (!(error instanceof EngineError && error.status === 404)) throw error;
    });
  }
  imagesToRemove.clear();
});
afterAll(() => engine.close());

async function drain(events: AsyncIterable<ProgressEvent>): Promise<ProgressEvent[]> {
  const seen: ProgressEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe("image inspect, list, history, tag, remove", () => {
  test("a missing image is an EngineError carrying the engine's message", async () => {
    const error = await engine.images.inspect("dfbuild-test/no-such-image:nope").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({
      code: "DFB_ENGINE_RESPONSE",
      status: 404,
      method: "GET",
      path: "/v1.41/images/dfbuild-test/no-such-image:nope/json",
      engineMessage: "no such image: dfbuild-test/no-such-image:nope: No such image: dfbuild-test/no-such-image:nope",
    });
    expect((error as Error).message).toBe(
      "no such image: dfbuild-test/no-such-image:nope: No such image: dfbuild-test/no-such-image:nope (the engine answered 404 to GET /v1.41/images/dfbuild-test/no-such-image:nope/json)",
    );
  });

  test("inspect the test image", async () => {
    const image = await engine.images.inspect(BUSYBOX);
    expect(image.Id).toMatch(/^sha256:/);
    expect(image.RepoTags).toContain(BUSYBOX);
    expect(image.Os).toBe("linux");
    expect(image.RootFS.Layers).toHaveLength(1);
    expect(image.Config?.Cmd ?? null).toBeNull();
  });

  test("tag, list by reference, history, remove", async () => {
    const repo = uniqueName("tag");
    await engine.images.tag(BUSYBOX, { repo, tag: "one" });
    await engine.images.tag(BUSYBOX, { repo, tag: "two" });
    imagesToRemove.add(`${repo}:one`).add(`${repo}:two`);

    const listed = await engine.images.list({ filters: { reference: [`${repo}:*`] } });
    expect(listed).toHaveLength(1);
    expect([...(listed[0]?.RepoTags ?? [])].sort()).toEqual([`${repo}:one`, `${repo}:two`]);

    const history = await engine.images.history(`${repo}:one`);
    expect(history).toHaveLength(1);
    expect(history[0]?.Comment).toBe("dfbuild-test-busybox");

    // Removing a tag of an image that has other tags only untags it.
    expect(await engine.images.remove(`${repo}:one`)).toEqual([{ Untagged: `${repo}:one` }]);
    await expect(engine.images.inspect(`${repo}:two`)).resolves.toHaveProperty("Id");
    await expect(engine.images.tag("dfbuild-test/no-such-image:x", { repo, tag: "three" })).rejects.toMatchObject({
      status: 404,
    });
  });

  test("remove refuses an image a container uses, with the engine's reason", async () => {
    const repo = uniqueName("in-use");
    const imported = await drain(engine.images.import(tarOf([{ name: "marker", content: Buffer.from("x") }]), { repo, tag: "v1" }));
    const id = String(imported.at(-1)?.status);
    imagesToRemove.add(id);
    await janitor.create({ Image: `${repo}:v1`, Cmd: ["/marker"] });
    await expect(engine.images.remove(id)).rejects.toMatchObject({
      status: 409,
      engineMessage: expect.stringContaining("image is being used by stopped container") as unknown,
    });
  });
});

describe("import", () => {
  test("imports a streamed rootfs with repo, tag, message and changes", async () => {
    const repo = uniqueName("import");
    const rootfs = tarOf([
      { name: "etc", type: "directory" },
      { name: "etc/greeting", content: Buffer.from("imported\n") },
    ]);
    // A producer that hands out pieces asynchronously, as a tar writer does.
    async function* inPieces(): AsyncGenerator<Buffer> {
      for (let offset = 0; offset < rootfs.length; offset += 333) {
        await new Promise((resolve) => setImmediate(resolve));
        yield rootfs.subarray(offset, offset + 333);
      }
    }
    const events = await drain(
      engine.images.import(inPieces(), {
        repo,
        tag: "v1",
        message: "imported by a test",
        changes: ['CMD ["/bin/cat", "/etc/greeting"]', "ENV IMPORTED=yes", "LABEL origin=test"],
      }),
    );
    const imageId = events.at(-1)?.status;
    expect(imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    imagesToRemove.add(String(imageId));

    const image = await engine.images.inspect(`${repo}:v1`);
    expect(image.Id).toBe(imageId);
    expect(image.Config).toMatchObject({ Cmd: ["/bin/cat", "/etc/greeting"], Labels: { origin: "test" } });
    expect(image.Config?.Env).toContain("IMPORTED=yes");
    expect((await engine.images.history(String(imageId)))[0]?.Comment).toBe("imported by a test");

    // The content arrived: read it back out of a container of the new image.
    const id = await janitor.create({ Image: `${repo}:v1` });
    const download = await engine.containers.getArchive(id, "/etc/greeting");
    expect(readTar(await readAll(download.tar)).get("greeting")?.content.toString()).toBe("imported\n");
  });

  test("a body that is not a tar gives the engine's message", async () => {
    const garbage = Buffer.alloc(4096, "not a tar archive ");
    const failure = await drain(engine.images.import([garbage], { repo: uniqueName("garbage") })).catch(
      (caught: unknown) => caught,
    );
    expect(failure).toBeInstanceOf(EngineError);
    expect(failure).toMatchObject({ status: 500, engineMessage: expect.stringContaining("Error processing tar file") as unknown });
  });
});

describe("save and load", () => {
  test("an image saved as a streamed download loads back from a chunked upload", async () => {
    const repo = uniqueName("load");
    await engine.images.tag(BUSYBOX, { repo, tag: "v1" });
    imagesToRemove.add(`${repo}:v1`);
    const archive = await readAll(await engine.images.save([`${repo}:v1`]));
    expect(readTar(archive).has("manifest.json")).toBe(true);
    await engine.images.remove(`${repo}:v1`);
    // A whole archive in memory goes out as one chunk of a chunked body, as a stream does.
    const events = await drain(engine.images.load(new Uint8Array(archive)));
    expect(events.map((event) => event.stream)).toContain(`Loaded image: ${repo}:v1\n`);
    expect((await engine.images.inspect(`${repo}:v1`)).Id).toBe((await engine.images.inspect(BUSYBOX)).Id);
    await expectIdle(engine);
  });
});

describe("pull", () => {
  let registry: FakeRegistry;
  let configDir: string;
  beforeAll(async () => {
    registry = await FakeRegistry.start({
      username: "dfbuild",
      password: "s3cret:with-colon",
      repository: "pulled/app",
      tag: "v1",
      files: [{ name: "pulled.txt", content: Buffer.from("from the registry\n") }],
    });
    configDir = registry.writeDockerConfig();
  });
  afterAll(async () => {
    await registry.stop();
    rmSync(configDir, { recursive: true, force: true });
  });

  test("pulls with the credentials of the docker config and reports progress", async () => {
    const withConfig = new Engine({ host: "unix:///var/run/docker.sock", env: {}, dockerConfigDir: configDir });
    imagesToRemove.add(registry.reference());
    try {
      const events = await drain(withConfig.images.pull(registry.reference()));
      const statuses = events.map((event) => event.status);
      expect(statuses).toContain("Pull complete");
      expect(statuses).toContain(`Status: Downloaded newer image for ${registry.reference()}`);
      expect(statuses).toContain(`Digest: ${registry.manifestDigest()}`);
      // The engine presented exactly the configured credentials to the registry.
      const expected = `Basic ${Buffer.from("dfbuild:s3cret:with-colon").toString("base64")}`;
      expect(registry.authorizations).toContain(expected);
      expect(registry.authorizations.filter((header) => header !== undefined && header !== expected)).toEqual([]);

      const image = await withConfig.images.inspect(registry.reference());
      expect(image.RepoDigests).toContain(`${registry.host}/pulled/app@${registry.manifestDigest()}`);
    } finally {
      await withConfig.close();
    }
  });

  test("an anonymous pull from a registry that wants credentials fails with the engine's reason", async () => {
    const failure = await drain(engine.images.pull(registry.reference(), { auth: null })).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(EngineError);
    expect((failure as EngineError).engineMessage).toMatch(/no basic auth credentials|unauthorized|authentication required/);
  });

  test("a failure after progress started arrives in the stream and is thrown as an EngineStreamError", async () => {
    const seen: ProgressEvent[] = [];
    const failure = await (async () => {
      for await (const event of engine.images.pull(registry.reference("broken"), {
        auth: { username: "dfbuild", password: "s3cret:with-colon" },
      })) {
        seen.push(event);
      }
    })().catch((caught: unknown) => caught);
    expect(seen.map((event) => event.status)).toContain("Pulling fs layer");
    expect(failure).toBeInstanceOf(EngineStreamError);
    expect(failure).toMatchObject({
      code: "DFB_ENGINE_STREAM",
      method: "POST",
      engineMessage: expect.stringContaining("verification failed") as unknown,
    });
    expect((failure as Error).message).toMatch(/\(reported by the engine while answering POST \/v1\.41\/images\/create\?fromImage=/);
  });

  test("aborting a pull half-way stops the download and frees the connection", async () => {
    const controller = new AbortController();
    const reason = new Error("stop pulling");
    const seen: ProgressEvent[] = [];
    const failure = await (async () => {
      for await (const event of engine.images.pull(registry.reference("slow"), {
        auth: { username: "dfbuild", password: "s3cret:with-colon" },
        signal: controller.signal,
      })) {
        seen.push(event);
        if (event.status === "Downloading") controller.abort(reason);
      }
    })().catch((caught: unknown) => caught);
    expect(failure).toBe(reason);
    expect(seen.at(-1)?.status).toBe("Downloading");
    await expectIdle(engine);
    // The engine cancels a pull nobody waits for: the registry sees the download dropped (a pull
    // left running never drops it, and fails the test by its timeout).
    await until(() => registry.abandonedDownloads > 0);
    expect(registry.abandonedDownloads).toBe(1);
    await expect(engine.images.inspect(registry.reference("slow"))).rejects.toMatchObject({ status: 404 });
  });

  test("a tag the registry does not have fails with the engine's reason", async () => {
    const failure = await drain(
      engine.images.pull(`${registry.host}/pulled/app:missing`, { auth: { username: "dfbuild", password: "s3cret:with-colon" } }),
    ).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ engineMessage: expect.stringContaining("manifest unknown") as unknown });
  });
});
