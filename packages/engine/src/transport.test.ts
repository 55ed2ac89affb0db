import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterEach, describe, expect, test } from "vitest";
import { resolveEndpoint } from "./endpoint.js";
import { EngineError, EngineProtocolError, EngineUnreachableError } from "./errors.js";
import { tarStream } from "./tar-source.js";
import { Transport } from "./transport.js";

// A stand-in engine, on a unix socket or a TCP port, for what the real one cannot be made to do.
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: Server | NetServer, where: string | { host: string; port: 0 }): Promise<void> {
  await new Promise<void>((resolve) => {
    if (typeof where === "string") server.listen(where, resolve);
    else server.listen(where.port, where.host, resolve);
  });
  cleanups.push(async () => {
    if ("closeAllConnections" in server) server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
}

function socketInTemp(): string {
  const directory = mkdtempSync(join(tmpdir(), "dfbuild-transport-"));
  cleanups.push(() => {
    rmSync(directory, { recursive: true, force: true });
  });
  return join(directory, "docker.sock");
}

function transportTo(host: string): Transport {
  const transport = new Transport(resolveEndpoint({ host, env: {} }));
  cleanups.push(() => transport.close());
  return transport;
}

/** A fake engine on a unix socket, and a transport to it. */
async function fakeEngine(handler: Handler): Promise<Transport> {
  const socketPath = socketInTemp();
  await listen(createServer(handler), socketPath);
  return transportTo(`unix://${socketPath}`);
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const idle = (transport: Transport): Promise<void> => until(() => transport.stats().running === 0);

/**
 * Sends `call` to an engine that takes the request and never answers, aborts it once the engine
 * has it, and checks that the call rejects with the abort's reason and leaves nothing running.
 */
async function abortedWhileWaiting(call: (transport: Transport, signal: AbortSignal) => Promise<unknown>): Promise<Transport> {
  let received = false;
  const transport = await fakeEngine(() => {
    received = true;
  });
  const controller = new AbortController();
  const reason = new Error("stop waiting");
  const calling = call(transport, controller.signal);
  await until(() => received);
  controller.abort(reason);
  await expect(calling).rejects.toBe(reason);
  await idle(transport);
  return transport;
}

/**
 * Pipes an answer's body into a reader taking 1 ms a chunk, which aborts `controller` with `reason`
 * once it has `abortAfter` bytes: what the pipeline failed with (translated as the client would),
 * or how far the body got if it ended without an error.
 */
async function pipeToSlowReader(transport: Transport, body: Readable, slowness: { highWaterMark: number; abortAfter: number; controller: AbortController; reason: Error }): Promise<unknown> {
  const { highWaterMark, abortAfter, controller, reason } = slowness;
  let written = 0;
  const slow = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      written += chunk.length;
      if (written >= abortAfter && !controller.signal.aborted) controller.abort(reason);
      setTimeout(callback, 1);
    },
  });
  return pipeline(body, slow).then(
    () => `ended after ${String(written)} bytes`,
    (error: unknown) => transport.translate(error, { method: "GET", path: "/containers/x/archive", signal: controller.signal }),
  );
}

describe("failures to connect", () => {
  test("a refused TCP connection is the unreachable error", async () => {
    const probe = createNetServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const transport = transportTo(`tcp://127.0.0.1:${String(port)}`);
    const error = await transport.send({ method: "GET", path: "/_ping" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect(error).toMatchObject({ code: "DFB_ENGINE_UNREACHABLE", reason: "ECONNREFUSED" });
    expect((error as Error).message).toBe(`cannot connect to the Docker engine at tcp://127.0.0.1:${String(port)} — is dockerd running?`);
    // The failed connection leaves the agent once it has closed, a moment later.
    await until(() => transport.stats().connected === 0);
    expect(transport.stats()).toEqual({ connected: 0, running: 0, pending: 0, attached: 0 });
  });

  test("a socket path with no listener behind it is refused, said as a missing socket is", async () => {
    // connect(2) to a file that is not a listening socket fails with ECONNREFUSED.
    const socketPath = socketInTemp();
    writeFileSync(socketPath, "");
    const transport = transportTo(`unix://${socketPath}`);
    const error = await transport.send({ method: "GET", path: "/_ping" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "DFB_ENGINE_UNREACHABLE", reason: "ECONNREFUSED" });
    expect((error as Error).message).toBe(`cannot connect to the Docker engine at unix://${socketPath} — is dockerd running?`);
  });

  test("an engine that accepts and never answers fails at the headers timeout, naming the request", async () => {
    const transport = await fakeEngine(() => undefined);
    const error = await transport.send({ method: "GET", path: "/_ping", headersTimeout: 50 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect((error as Error).message).toMatch(/accepted the connection but did not answer GET \/_ping in time$/);
    await idle(transport);
  });
});

describe("request bodies", () => {
  test("a request Node refuses to send (a path with a space) fails without being counted as running", async () => {
    const transport = await fakeEngine((_request, response) => response.writeHead(200).end());
    await expect(transport.send({ method: "GET", path: "/images/a b/json" })).rejects.toMatchObject({ code: "ERR_UNESCAPED_CHARACTERS" });
    expect(transport.stats().running).toBe(0);
    // So close() has nothing to wait for.
    await transport.close();
  });

  test("a source that fails before anything was sent fails the request with its own error, an ENOENT included", async () => {
    const transport = await fakeEngine((request, response) => {
      request.resume();
      request.on("end", () => response.writeHead(200).end());
    });
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open 'context/app.js'"), { code: "ENOENT", errno: -2, syscall: "open" });
    const source = new Readable({
      read() {
        this.destroy(missing);
      },
    });
    await expect(transport.send({ method: "POST", path: "/build", body: source })).rejects.toBe(missing);
    await idle(transport);
  });

  test("a connection the engine resets mid-upload is the unreachable error, and the source is closed", async () => {
    const transport = await fakeEngine((request) => {
      request.once("data", () => request.socket.destroy());
    });
    const source = Readable.from(
      (function* () {
        for (let index = 0; index < 16 * 1024; index++) yield Buffer.alloc(64 * 1024);
      })(),
      { objectMode: false },
    );
    const error = await transport.send({ method: "POST", path: "/build", body: source }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect((error as Error).message).toBe(`the Docker engine at ${transport.endpoint.display} closed the connection during POST /build`);
    await idle(transport);
    await until(() => source.destroyed);
  });

  test("a string is sent with its length, a stream or bytes chunked, and no body as an empty one", async () => {
    const seen: { method: string; length: string | undefined; encoding: string | undefined; body: string }[] = [];
    const transport = await fakeEngine((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        seen.push({
          method: request.method ?? "",
          length: request.headers["content-length"],
          encoding: request.headers["transfer-encoding"],
          body: Buffer.concat(chunks).toString(),
        });
        response.writeHead(200).end();
      });
    });
    const send = async (method: "GET" | "POST" | "PUT", body?: string | Readable): Promise<void> => {
      await (await transport.send({ method, path: "/x", ...(body === undefined ? {} : { body }) })).body.dump();
    };
    await send("POST", '{"Image":"é"}');
    await send("PUT", tarStream(new Uint8Array([104, 105])));
    await send("POST", tarStream([Buffer.from("a"), Buffer.from("b")]));
    await send("POST");
    await send("GET");
    expect(seen).toEqual([
      { method: "POST", length: "14", encoding: undefined, body: '{"Image":"é"}' },
      { method: "PUT", length: undefined, encoding: "chunked", body: "hi" },
      { method: "POST", length: undefined, encoding: "chunked", body: "ab" },
      { method: "POST", length: "0", encoding: undefined, body: "" },
      { method: "GET", length: undefined, encoding: undefined, body: "" },
    ]);
    await idle(transport);
  });

  test("an engine that answers an upload before reading it all gives its answer, and the source is not read on", async () => {
    const transport = await fakeEngine((request, response) => {
      response.writeHead(404, { "content-type": "application/json" }).end('{"message":"No such container: x"}');
      request.once("data", () => request.socket.destroy());
    });
    let generated = 0;
    const source = Readable.from(
      (function* () {
        for (let index = 0; index < 16 * 1024; index++) {
          generated += 64 * 1024;
          yield Buffer.alloc(64 * 1024);
        }
      })(),
      { objectMode: false },
    );
    const error = await transport.send({ method: "PUT", path: "/containers/x/archive", body: source }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ status: 404, engineMessage: "No such container: x" });
    await idle(transport);
    await until(() => source.destroyed);
    expect(generated).toBeLessThan(1024 ** 3);
  });
});

describe("aborting", () => {
  test("a signal already aborted sends nothing and closes the upload's source", async () => {
    let requests = 0;
    const transport = await fakeEngine((_request, response) => {
      requests++;
      response.writeHead(200).end();
    });
    const reason = new Error("aborted before the call");
    const source = tarStream([Buffer.alloc(512)]);
    await expect(transport.send({ method: "PUT", path: "/containers/x/archive", body: source, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(source.destroyed).toBe(true);
    expect(requests).toBe(0);
    expect(transport.stats()).toEqual({ connected: 0, running: 0, pending: 0, attached: 0 });
  });

  test("while waiting for the answer rejects with the reason and frees the request", async () => {
    await abortedWhileWaiting((transport, signal) => transport.send({ method: "POST", path: "/containers/x/wait", signal }));
  });

  test("a body piped to a slow reader fails rather than ending early when aborted", async () => {
    const transport = await fakeEngine((_request, response) => {
      response.writeHead(200).end(Buffer.alloc(256 * 1024, 97));
    });
    const controller = new AbortController();
    const reason = new Error("stop downloading");
    const response = await transport.send({ method: "GET", path: "/containers/x/archive", signal: controller.signal });
    const outcome = await pipeToSlowReader(transport, response.body, { highWaterMark: 1024, abortAfter: 16 * 1024 + 1, controller, reason });
    expect(outcome).toBe(reason);
    await idle(transport);
  });

  test("a body that has all arrived, piped to a slow reader, fails rather than ending short when aborted", async () => {
    // Many small chunks, all of them here before the reader is through with the first.
    const chunks = 48;
    const transport = await fakeEngine((_request, response) => {
      response.writeHead(200);
      for (let index = 0; index < chunks; index++) response.write(Buffer.alloc(256, 97));
      response.end();
    });
    const controller = new AbortController();
    const reason = new Error("stop downloading");
    const response = await transport.send({ method: "GET", path: "/containers/x/archive", signal: controller.signal });
    await until(() => (response.body as unknown as { complete: boolean }).complete);
    const outcome = await pipeToSlowReader(transport, response.body, { highWaterMark: 512, abortAfter: 1024, controller, reason });
    expect(outcome).toBe(reason);
    await idle(transport);
  });

  test("an attach while waiting for the switch rejects with the reason and frees the request", async () => {
    const transport = await abortedWhileWaiting((engine, signal) => engine.upgrade({ method: "POST", path: "/containers/x/attach", signal }));
    expect(transport.stats().attached).toBe(0);
  });
});

describe("attach", () => {
  test("a 101 gives the raw connection, starting with what came right after the headers", async () => {
    const socketPath = socketInTemp();
    const server = createServer();
    const seen: Record<string, string | undefined>[] = [];
    server.on("upgrade", (request: IncomingMessage, socket: Socket) => {
      seen.push({ connection: request.headers.connection, upgrade: request.headers.upgrade });
      socket.write("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\nfirst ");
      setTimeout(() => socket.end("second"), 10);
    });
    await listen(server, socketPath);
    const transport = transportTo(`unix://${socketPath}`);
    const socket = await transport.upgrade({ method: "POST", path: "/containers/x/attach" });
    expect(transport.stats().attached).toBe(1);
    const chunks: Buffer[] = [];
    for await (const chunk of socket) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("first second");
    expect(seen).toEqual([{ connection: "Upgrade", upgrade: "tcp" }]);
    await until(() => transport.stats().attached === 0);
    await idle(transport);
  });

  test("an attach answered 404 is the engine's error", async () => {
    const transport = await fakeEngine((_request, response) => {
      response.writeHead(404, { "content-type": "application/json" }).end('{"message":"No such container: x"}');
    });
    const error = await transport.upgrade({ method: "POST", path: "/containers/x/attach" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ status: 404, engineMessage: "No such container: x" });
    await idle(transport);
  });

  test("an attach answered 200 is a protocol error", async () => {
    const transport = await fakeEngine((_request, response) => response.writeHead(200).end("not a stream"));
    await expect(transport.upgrade({ method: "POST", path: "/containers/x/attach" })).rejects.toBeInstanceOf(EngineProtocolError);
    await idle(transport);
  });
});

describe("IPv6", () => {
  test("a tcp:// host in brackets is connected to, with the bracketed Host header", async () => {
    const server = createServer((request, response) => response.writeHead(200).end(request.headers.host));
    try {
      await listen(server, { host: "::1", port: 0 });
    } catch {
      return;
    }
    const { port } = server.address() as { port: number };
    const transport = transportTo(`tcp://[::1]:${String(port)}`);
    const response = await transport.send({ method: "GET", path: "/_ping" });
    expect(await response.body.text()).toBe(`[::1]:${String(port)}`);
  });
});

describe("connections", () => {
  test("an answer received whole and not read holds neither close() nor the process, and can still be read", async () => {
    const socketPath = socketInTemp();
    const server = createServer((_request, response) => response.writeHead(200, { "content-type": "application/json" }).end('{"ApiVersion":"1.41"}'));
    server.on("connection", (socket: Socket) => socket.unref());
    await listen(server, socketPath);
    server.unref();
    const transport = new Transport(resolveEndpoint({ host: `unix://${socketPath}`, env: {} }));
    const pipes = (): number => process.getActiveResourcesInfo().filter((resource) => resource === "PipeWrap").length;
    const before = pipes();
    const response = await transport.send({ method: "GET", path: "/version" });
    // As undici counted it: the request is over once its answer is all here.
    await until(() => transport.stats().running === 0);
    await until(() => pipes() === before);
    await transport.close();
    expect(await response.body.text()).toBe('{"ApiVersion":"1.41"}');
  });

  test("a connection reused at once by the next request keeps the process alive while that one is answered", async () => {
    const socketPath = socketInTemp();
    let requests = 0;
    let answerSecond: (() => void) | undefined;
    const server = createServer((_request, response) => {
      requests++;
      if (requests === 1) response.writeHead(200).end("first");
      else answerSecond = () => response.writeHead(200).end("second");
    });
    server.on("connection", (socket: Socket) => socket.unref());
    await listen(server, socketPath);
    server.unref();
    const transport = transportTo(`unix://${socketPath}`);
    const pipes = (): number => process.getActiveResourcesInfo().filter((resource) => resource === "PipeWrap").length;
    const before = pipes();
    expect(await (await transport.send({ method: "GET", path: "/first" })).body.text()).toBe("first");
    const second = transport.send({ method: "GET", path: "/second" });
    await until(() => answerSecond !== undefined);
    expect(transport.stats().connected).toBe(1);
    // Nothing the first request left behind lets go of the connection the second one waits on.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(pipes()).toBe(before + 1);
    answerSecond?.();
    expect(await (await second).body.text()).toBe("second");
  });

  test("an idle keep-alive connection does not keep the process alive; one being answered does", async () => {
    const socketPath = socketInTemp();
    const server = createServer((_request, response) => {
      // The answer's end comes a moment after its start.
      response.writeHead(200).write("O");
      setTimeout(() => response.end("K"), 20);
    });
    // The server's own handles are left out of the count.
    server.on("connection", (socket: Socket) => socket.unref());
    await listen(server, socketPath);
    server.unref();
    const transport = transportTo(`unix://${socketPath}`);
    const pipes = (): number => process.getActiveResourcesInfo().filter((resource) => resource === "PipeWrap").length;
    const before = pipes();
    const response = await transport.send({ method: "GET", path: "/_ping" });
    expect(pipes()).toBe(before + 1);
    expect(await response.body.text()).toBe("OK");
    await idle(transport);
    await until(() => pipes() === before);
    expect(transport.stats()).toMatchObject({ connected: 1, running: 0 });
    // It is reused, and again let go.
    await (await transport.send({ method: "GET", path: "/_ping" })).body.dump();
    await idle(transport);
    expect(transport.stats().connected).toBe(1);
    await until(() => pipes() === before);
  });

});

describe("close", () => {
  test("waits for a request in flight, then closes the connections", async () => {
    let answer: (() => void) | undefined;
    const transport = await fakeEngine((_request, response) => {
      answer = () => response.writeHead(200).end("done");
    });
    const sending = transport.send({ method: "GET", path: "/x" });
    await until(() => answer !== undefined);
    let closed = false;
    const closing = transport.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(false);
    answer?.();
    expect(await (await sending).body.text()).toBe("done");
    await closing;
    await until(() => transport.stats().connected === 0);
    expect(transport.stats()).toEqual({ connected: 0, running: 0, pending: 0, attached: 0 });
  });
});

