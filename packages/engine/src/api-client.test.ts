import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { NEWEST_API_VERSION } from "./api-version.js";
import { Engine, type EngineOptions } from "./engine.js";
import type { RequestTiming } from "./transport.js";
import { EngineConfigError, EngineError, EngineProtocolError, EngineUnreachableError, EngineVersionError } from "./errors.js";

// A stand-in engine on a unix socket: these tests are about how the client reads answers that a
// real engine here cannot be made to give (other versions, broken connections).
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server | undefined;
let directory: string | undefined;
let engine: Engine | undefined;

afterEach(async () => {
  await engine?.close();
  engine = undefined;
  if (server !== undefined) {
    server.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  }
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

async function fakeEngine(handler: Handler, options: Pick<EngineOptions, "onRequest"> = {}): Promise<Engine> {
  directory = mkdtempSync(join(tmpdir(), "dfbuild-fake-engine-"));
  const socketPath = join(directory, "docker.sock");
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(socketPath, resolve));
  engine = new Engine({ host: `unix://${socketPath}`, env: {}, ...options });
  return engine;
}

/** Answers /_ping with the given API version header and /version with the given body. */
function versions(ping: string | undefined, version: Record<string, string>, seen: string[] = []): Handler {
  return (request, response) => {
    seen.push(request.url ?? "");
    if (request.url === "/_ping") {
      response.writeHead(200, ping === undefined ? {} : { "api-version": ping, ostype: "linux" }).end("OK");
    } else if (request.url === "/version" || /^\/v[\d.]+\/version$/.test(request.url ?? "")) {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(version));
    } else {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "page not found" }));
    }
  };
}

describe("API version negotiation", () => {
  test("an engine older than 1.41 is refused with a version error", async () => {
    const client = await fakeEngine(versions("1.40", { ApiVersion: "1.40" }));
    const error = await client.info().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineVersionError);
    expect(error).toMatchObject({ code: "DFB_ENGINE_VERSION", engineApiVersion: "1.40" });
    expect((error as Error).message).toBe(
      `the Docker engine at ${client.host} speaks API 1.40, older than the 1.41 (Docker 20.10) dfbuild needs: upgrade the engine`,
    );
  });

  test("an engine newer than the client is spoken to at the client's newest version", async () => {
    const seen: string[] = [];
    const client = await fakeEngine(versions("1.60", { ApiVersion: "1.60", MinAPIVersion: "1.44" }, seen));
    expect(await client.apiVersion()).toBe(NEWEST_API_VERSION);
    await client.version();
    expect(seen).toEqual(["/_ping", "/version", `/v${NEWEST_API_VERSION}/version`]);
  });

  test("an engine whose minimum is above the client's newest is refused", async () => {
    const client = await fakeEngine(versions("1.70", { ApiVersion: "1.70", MinAPIVersion: "1.60" }));
    await expect(client.apiVersion()).rejects.toThrow(
      `the Docker engine at ${client.host} accepts API 1.60 or newer, and dfbuild speaks at most ${NEWEST_API_VERSION}: upgrade dfbuild`,
    );
  });

  test("without an Api-Version header, /version decides", async () => {
    const client = await fakeEngine(versions(undefined, { ApiVersion: "1.43", MinAPIVersion: "1.12" }));
    expect(await client.apiVersion()).toBe("1.43");
  });

  test("negotiation happens once, and is retried after a failure", async () => {
    const seen: string[] = [];
    let failFirst = true;
    const answer = versions("1.45", { ApiVersion: "1.45" }, seen);
    const client = await fakeEngine((request, response) => {
      if (failFirst) {
        failFirst = false;
        request.socket.destroy();
        return;
      }
      answer(request, response);
    });
    await expect(client.version()).rejects.toBeInstanceOf(EngineUnreachableError);
    await client.version();
    await client.version();
    expect(seen).toEqual(["/_ping", "/v1.45/version", "/v1.45/version"]);
  });
});

describe("pinned versions", () => {
  test("DOCKER_API_VERSION below 1.41 is refused, naming the variable", () => {
    expect(() => new Engine({ env: { DOCKER_API_VERSION: "1.40" } })).toThrow(EngineConfigError);
    expect(() => new Engine({ env: { DOCKER_API_VERSION: "1.40" } })).toThrow(/^DOCKER_API_VERSION 1\.40 is older than/);
    expect(() => new Engine({ apiVersion: "latest", env: {} })).toThrow('apiVersion "latest" is not an API version');
  });
});

describe("uploads", () => {
  test("an error of the caller's tar source reaches the caller unchanged, even with a system code", async () => {
    const client = await fakeEngine((request, response) => {
      if (request.url === "/_ping") {
        response.writeHead(200, { "api-version": "1.41" }).end("OK");
        return;
      }
      request.resume();
      request.on("end", () => response.writeHead(200).end());
    });
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open 'context/app.js'"), {
      code: "ENOENT",
      syscall: "open",
    });
    // A source that is itself fed from the network fails with a network code.
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read" });
    function* failingTar(failure: Error): Generator<Buffer> {
      yield Buffer.alloc(512);
      throw failure;
    }
    await expect(client.containers.putArchive("x", "/", failingTar(missing))).rejects.toBe(missing);
    await expect(client.containers.putArchive("x", "/", failingTar(reset))).rejects.toBe(reset);
  });
});

describe("reading answers", () => {
  test("a JSON error body gives its message; a text body is quoted whole", async () => {
    const client = await fakeEngine((request, response) => {
      if (request.url === "/_ping") {
        response.writeHead(200, { "api-version": "1.41" }).end("OK");
      } else if (request.url?.includes("json-error") === true) {
        response.writeHead(409, { "content-type": "application/json" }).end('{"message":"conflict: in use"}\n');
      } else {
        response.writeHead(502, { "content-type": "text/plain" }).end("Bad Gateway from a proxy\n");
      }
    });
    await expect(client.images.inspect("json-error")).rejects.toMatchObject({
      status: 409,
      engineMessage: "conflict: in use",
      message: "conflict: in use (the engine answered 409 to GET /v1.41/images/json-error/json)",
    });
    const error = await client.images.inspect("text-error").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ status: 502, engineMessage: "Bad Gateway from a proxy" });
  });

  test("a success body that is not JSON is a protocol error", async () => {
    const client = await fakeEngine((request, response) => {
      if (request.url === "/_ping") response.writeHead(200, { "api-version": "1.41" }).end("OK");
      else response.writeHead(200, { "content-type": "application/json" }).end("<html>");
    });
    await expect(client.info()).rejects.toThrow(EngineProtocolError);
    await expect(client.info()).rejects.toThrow("the engine answered GET /v1.41/info with a body that is not JSON: <html>");
  });

  test("a connection dropped mid-answer says so", async () => {
    const client = await fakeEngine((request, response) => {
      if (request.url === "/_ping") {
        response.writeHead(200, { "api-version": "1.41" }).end("OK");
        return;
      }
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"ID":"partial');
      setTimeout(() => request.socket.destroy(), 20);
    });
    const error = await client.info().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect((error as Error).message).toBe(
      `the Docker engine at ${client.host} closed the connection during GET /v1.41/info`,
    );
  });

  test("an attach answered without switching protocols is a protocol error", async () => {
    const client = await fakeEngine((request, response) => {
      if (request.url === "/_ping") response.writeHead(200, { "api-version": "1.41" }).end("OK");
      else response.writeHead(200).end("not a stream");
    });
    await expect(client.containers.attach("x", { tty: false })).rejects.toThrow(
      "answered 200 to POST /v1.41/containers/x/attach?stream=1&stdout=1&stderr=1 instead of switching to a raw stream (101)",
    );
  });

  test("a system frame in a log stream is an engine error, after the output before it", async () => {
    const frame = (stream: number, text: string): Buffer => {
      const header = Buffer.alloc(8);
      header.writeUInt8(stream, 0);
      header.writeUInt32BE(Buffer.byteLength(text), 4);
      return Buffer.concat([header, Buffer.from(text)]);
    };
    const client = await fakeEngine((request, response) => {
      if (request.url === "/_ping") response.writeHead(200, { "api-version": "1.41" }).end("OK");
      else response.writeHead(200).end(Buffer.concat([frame(1, "before\n"), frame(3, "log file is corrupt\n")]));
    });
    const output = await client.containers.logs("x", { tty: false });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of output) received.push(chunk.data.toString());
    })().catch((caught: unknown) => caught);
    expect(received).toEqual(["before\n"]);
    expect(error).toMatchObject({ name: "EngineStreamError", engineMessage: "log file is corrupt" });
  });
});

describe("onRequest", () => {
  test("is called once per request as it is answered, with the path as sent and the status; 0 when no answer came", async () => {
    const timings: RequestTiming[] = [];
    const client = await fakeEngine(versions(NEWEST_API_VERSION, { ApiVersion: NEWEST_API_VERSION }), { onRequest: (timing) => timings.push(timing) });
    await client.version();
    await client.info().catch(() => undefined);
    expect(timings.map(({ method, path, status }) => `${String(status)} ${method} ${path}`)).toEqual([
      "200 GET /_ping",
      `200 GET /v${NEWEST_API_VERSION}/version`,
      `404 GET /v${NEWEST_API_VERSION}/info`,
    ]);
    for (const timing of timings) {
      expect(timing.startMs).toBeGreaterThanOrEqual(0);
      expect(timing.durationMs).toBeGreaterThanOrEqual(0);
    }
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    await client.info().catch(() => undefined);
    expect(timings.at(-1)).toMatchObject({ method: "GET", path: `/v${NEWEST_API_VERSION}/info`, status: 0 });
  });
});
