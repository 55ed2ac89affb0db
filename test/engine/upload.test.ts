/**
 * A large upload is streamed: the client sends each part of the body as it is produced, so it never
 * holds much more than its socket buffers. Checked by state, not by memory: a proxy in front of the
 * engine counts the bytes that reached it, and the source is never far ahead of that count. (The
 * memory it takes is measured by bench/upload.ts.)
 */
import { createHash, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { createConnection, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engine, collectOutput } from "@dfbuild/engine";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { ContainerJanitor, localEngine, streamedTarOfOneFile } from "./helpers.js";

const engine = localEngine();
const janitor = new ContainerJanitor(engine);
afterEach(() => janitor.removeAll());

const MIB = 1024 * 1024;
const FILE_SIZE = 100 * MIB;

/** A unix-socket proxy to the engine that counts the bytes clients sent through it. */
const socketPath = join(tmpdir(), `dfbuild-upload-proxy-${randomUUID().slice(0, 8)}.sock`);
let forwarded = 0;
let proxy: Server | undefined;
let proxied: Engine | undefined;

beforeAll(async () => {
  proxy = createServer((client) => {
    const upstream = createConnection("/var/run/docker.sock");
    client.on("data", (chunk: Buffer) => (forwarded += chunk.length));
    client.pipe(upstream).pipe(client);
    const close = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  await new Promise<void>((resolve) => proxy?.listen(socketPath, resolve));
  proxied = new Engine({ host: `unix://${socketPath}`, env: {} });
});

afterAll(async () => {
  await proxied?.close();
  await new Promise<void>((resolve) => {
    if (proxy === undefined) resolve();
    else proxy.close(() => { resolve(); });
  });
  await rm(socketPath, { force: true });
  await engine.close();
});

test("a 100 MiB tar upload streams (the source stays within a few MiB of what the engine got) and arrives intact", async () => {
  const id = await janitor.create({ Cmd: ["md5sum", "/tmp/big.bin"] });
  const hash = createHash("md5");
  let generated = 0;
  let furthestAhead = 0;
  let reachedEngineBeforeTheEnd = false;
  const forwardedBefore = forwarded;

  await proxied?.containers.putArchive(
    id,
    "/tmp",
    streamedTarOfOneFile("big.bin", FILE_SIZE, {
      onChunk: (chunk) => {
        hash.update(chunk);
        generated += chunk.length;
        const received = forwarded - forwardedBefore;
        furthestAhead = Math.max(furthestAhead, generated - received);
        if (received > 0) reachedEngineBeforeTheEnd = true;
      },
    }),
  );

  expect(generated).toBe(FILE_SIZE);
  // Buffering the body would put all 100 MiB ahead of the engine before it got a byte; streaming
  // keeps only the client's and the sockets' buffers ahead (under 1 MiB here).
  expect(reachedEngineBeforeTheEnd).toBe(true);
  expect(furthestAhead, `the source got ${(furthestAhead / MIB).toFixed(1)} MiB ahead of the engine`).toBeLessThan(16 * MIB);

  const stat = await engine.containers.statPath(id, "/tmp/big.bin");
  expect(stat).toMatchObject({ type: "file", size: FILE_SIZE });

  const output = await engine.containers.attach(id);
  const reading = collectOutput(output);
  await engine.containers.start(id);
  expect((await reading).stdout).toBe(`${hash.digest("hex")}  /tmp/big.bin\n`);
});
