/**
 * The context is read in place, nothing uploaded (README, `dfbuild build`): where `docker build`
 * sends the whole context to the engine as a tar, dfbuild sends only what the steps copy. A proxy
 * in front of the engine counts every byte dfbuild sends it.
 */
import { randomUUID } from "node:crypto";
import { rm, truncate } from "node:fs/promises";
import { createConnection, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BUSYBOX, dfbuild, makeContext, testScope } from "./helpers.js";

const { contexts, images } = testScope();
const MIB = 1024 * 1024;
const socketPath = join(tmpdir(), `dfbuild-context-proxy-${randomUUID().slice(0, 8)}.sock`);
let sent = 0;
let proxy: Server | undefined;

beforeAll(async () => {
  proxy = createServer((client) => {
    const engine = createConnection("/var/run/docker.sock");
    client.on("data", (chunk: Buffer) => (sent += chunk.length));
    client.pipe(engine).pipe(client);
    const close = (): void => {
      client.destroy();
      engine.destroy();
    };
    client.on("error", close).on("close", close);
    engine.on("error", close).on("close", close);
  });
  await new Promise<void>((resolve) => proxy?.listen(socketPath, resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    if (proxy === undefined) resolve();
    else proxy.close(() => { resolve(); });
  });
  await rm(socketPath, { force: true });
});

describe("the build context", () => {
  test("a 256 MiB file the Dockerfile never copies is never sent to the engine; the file it copies is", async () => {
    const context = await makeContext({ Dockerfile: `FROM ${BUSYBOX}\nCOPY small.txt /\n`, "small.txt": "small\n", "unused.bin": "" });
    contexts.push(context);
    // Sparse: 256 MiB to read and send, no disk space.
    await truncate(join(context, "unused.bin"), 256 * MIB);
    const before = sent;
    const run = await dfbuild(context, ["-H", `unix://${socketPath}`]);
    images.push(run.tag);
    expect(run.code, run.stderr).toBe(0);
    const bytes = sent - before;
    // API requests and small.txt's archive: far below the file a context upload would carry.
    expect(bytes, `dfbuild sent the engine ${(bytes / MIB).toFixed(1)} MiB`).toBeLessThan(4 * MIB);
    expect(bytes).toBeGreaterThan(0);
  });
});
