import { Readable } from "node:stream";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { ContainerJanitor, expectIdle, localEngine, streamedTarOfOneFile, until } from "./helpers.js";

const engine = localEngine();
const janitor = new ContainerJanitor(engine);
afterEach(() => janitor.removeAll());
afterAll(() => engine.close());

const TICKER = ["sh", "-c", "while true; do echo tick; echo tock >&2; sleep 0.05; done"];

/** Runs `operation` with a signal aborted once `started` says so, and returns what it rejected with. */
async function abortMidway(
  operation: (signal: AbortSignal, onProgress: () => void) => Promise<unknown>,
  reason: unknown,
): Promise<unknown> {
  const controller = new AbortController();
  let progressed = false;
  const result = operation(controller.signal, () => {
    if (!progressed) {
      progressed = true;
      controller.abort(reason);
    }
  });
  const outcome = await result.then(
    () => "resolved",
    (error: unknown) => error,
  );
  expect(progressed).toBe(true);
  return outcome;
}

describe("aborting", () => {
  test("a followed logs stream mid-way rejects with the reason and frees its connection", async () => {
    const id = await janitor.create({ Cmd: TICKER });
    await engine.containers.start(id);
    const baseline = engine.connectionStats().connected;
    const reason = new Error("stop following");
    let chunks = 0;
    const outcome = await abortMidway(async (signal, onProgress) => {
      const output = await engine.containers.logs(id, { follow: true, signal });
      for await (const chunk of output) {
        chunks++;
        expect(["stdout", "stderr"]).toContain(chunk.stream);
        if (chunks === 5) onProgress();
      }
    }, reason);
    expect(outcome).toBe(reason);
    expect(chunks).toBeGreaterThanOrEqual(5);
    await expectIdle(engine);
    // The aborted connection was closed, not returned to the pool half-read.
    expect(engine.connectionStats().connected).toBeLessThanOrEqual(baseline);
    // The client still works, and the container is still there to remove.
    await expect(engine.ping()).resolves.toHaveProperty("osType", "linux");
    expect((await engine.containers.inspect(id)).State.Running).toBe(true);
  });

  test("an attach stream mid-way closes the upgraded connection", async () => {
    const id = await janitor.create({ Cmd: TICKER });
    const reason = new Error("stop attaching");
    const outcome = await abortMidway(async (signal, onProgress) => {
      const output = await engine.containers.attach(id, { signal });
      expect(engine.connectionStats().attached).toBe(1);
      await engine.containers.start(id);
      for await (const chunk of output) {
        if (chunk.data.length > 0) onProgress();
      }
    }, reason);
    expect(outcome).toBe(reason);
    await expectIdle(engine);
    await expect(engine.containers.wait(id, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: "TimeoutError" });
    await expectIdle(engine);
  });

  test("breaking out of an output loop closes it too", async () => {
    const id = await janitor.create({ Cmd: TICKER });
    await engine.containers.start(id);
    const output = await engine.containers.logs(id, { follow: true });
    let first: string | undefined;
    for await (const chunk of output) {
      first = Buffer.from(chunk.data).toString();
      break;
    }
    // The loop ran (an output that ended at once would break nothing) and got the ticker's output.
    expect(first).toMatch(/^(tick|tock)\n/);
    await expectIdle(engine);
    const attached = await engine.containers.attach(id);
    expect(engine.connectionStats().attached).toBe(1);
    attached.close();
    await expectIdle(engine);
  });

  test("a pending wait", async () => {
    const id = await janitor.create({ Cmd: ["sleep", "30"] });
    await engine.containers.start(id);
    const controller = new AbortController();
    const waiting = engine.containers.wait(id, { signal: controller.signal });
    // Aborted once the request is in flight (not before it was sent).
    await until(() => engine.connectionStats().running === 1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
    await expectIdle(engine);
  });

  test("an upload mid-stream stops reading the source and frees the connection", async () => {
    const id = await janitor.create({ Cmd: ["true"] });
    const reason = new Error("stop uploading");
    let generated = 0;
    let tar: Readable | undefined;
    const outcome = await abortMidway(async (signal, onProgress) => {
      // A 1 GiB tar, aborted after 8 MiB: it must neither be read to the end nor finish.
      tar = Readable.from(streamedTarOfOneFile("big.bin", 1024 ** 3, {
        onChunk: (chunk) => {
          generated += chunk.length;
          if (generated >= 8 * 1024 ** 2) onProgress();
        },
      }), { objectMode: false });
      await engine.containers.putArchive(id, "/tmp", tar, { signal });
    }, reason);
    expect(outcome).toBe(reason);
    await expectIdle(engine);
    // The source stream was destroyed, not left to be read on, and it was far from its end.
    expect(tar?.destroyed).toBe(true);
    expect(generated).toBeLessThan(1024 ** 3);
    await expect(engine.containers.statPath(id, "/tmp")).resolves.toHaveProperty("type", "directory");
  });

  test("a pull aborted as soon as it starts", async () => {
    // No registry answers on this port; what matters is that the request stops when asked.
    // (images.test.ts aborts a pull half-way through a download.)
    const controller = new AbortController();
    const events = engine.images.pull("127.0.0.1:9/dfbuild/never:1", { auth: null, signal: controller.signal });
    const iteration = events.next();
    controller.abort(new Error("stop pulling"));
    await expect(iteration).rejects.toThrow("stop pulling");
    await expectIdle(engine);
  });

  test("a signal that is already aborted sends nothing", async () => {
    const before = engine.connectionStats();
    const reason = new Error("aborted before the call");
    const signal = AbortSignal.abort(reason);
    await expect(engine.images.inspect("busybox", { signal })).rejects.toBe(reason);
    await expect(engine.containers.attach("anything", { signal, tty: false })).rejects.toBe(reason);
    await expect(engine.ping({ signal })).rejects.toBe(reason);
    // No request and no new connection (an idle keep-alive connection may close meanwhile).
    const after = engine.connectionStats();
    expect({ ...after, connected: 0 }).toEqual({ ...before, connected: 0 });
    expect(after.connected).toBeLessThanOrEqual(before.connected);
  });

  test("one caller's abort during version negotiation does not fail another caller", async () => {
    const fresh = localEngine();
    try {
      const controller = new AbortController();
      const aborted = fresh.info({ signal: controller.signal });
      const other = fresh.version();
      controller.abort();
      await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
      await expect(other).resolves.toHaveProperty("ApiVersion");
      await expectIdle(fresh);
    } finally {
      await fresh.close();
    }
  });
});
