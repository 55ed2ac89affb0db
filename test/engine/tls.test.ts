import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Engine, EngineTlsError, tlsFilesIn, type TlsFiles } from "@dfbuild/engine";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { TlsDaemon } from "./tls-daemon.js";

let daemon: TlsDaemon;
beforeAll(async () => {
  daemon = await TlsDaemon.start();
});
afterAll(async () => {
  const root = daemon.certificates.dir;
  await daemon.stop();
  expect(existsSync(root)).toBe(false);
});

/** Runs `use` with an engine at the TLS daemon configured with `tls`, and closes it afterwards. */
async function withEngine<T>(tls: TlsFiles, use: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = new Engine({ host: daemon.host, tls, env: {} });
  try {
    return await use(engine);
  } finally {
    await engine.close();
  }
}

async function failure(tls: TlsFiles, host = daemon.host): Promise<EngineTlsError> {
  const engine = new Engine({ host, tls, env: {} });
  try {
    const error = await engine.ping().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EngineTlsError);
    return error as EngineTlsError;
  } finally {
    await engine.close();
  }
}

describe("TCP with TLS against a second dockerd started with --tlsverify", () => {
  test("works with the right CA and client certificate", async () => {
    await withEngine(daemon.goodTls, async (engine) => {
      expect(engine.host).toBe(daemon.host);
      await expect(engine.ping()).resolves.toMatchObject({ osType: "linux" });
      expect(await engine.apiVersion()).toBe("1.41");
      const info = await engine.info();
      // Its own data root, not the main engine's.
      expect(info.DockerRootDir).toBe(`${daemon.certificates.dir}/data`);
      await expect(engine.images.list()).resolves.toEqual([]);
      await expect(engine.images.inspect("nope:1")).rejects.toMatchObject({ name: "EngineError", status: 404 });
    });
  });

  test("works from DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH", async () => {
    const { dir } = daemon.certificates;
    // tlsFilesIn names ca.pem, cert.pem and key.pem; the daemon's files are named differently, so
    // point the environment at a directory laid out the CLI's way.
    const { mkdtempSync, copyFileSync, rmSync } = await import("node:fs");
    const certPath = mkdtempSync(`${dir}-cli-`);
    try {
      const files = tlsFilesIn(certPath);
      copyFileSync(daemon.certificates.caFile, files.caFile);
      copyFileSync(daemon.certificates.clientCertFile, String(files.certFile));
      copyFileSync(daemon.certificates.clientKeyFile, String(files.keyFile));
      const engine = new Engine({ env: { DOCKER_HOST: daemon.host, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certPath } });
      try {
        await expect(engine.version()).resolves.toHaveProperty("ApiVersion", "1.41");
      } finally {
        await engine.close();
      }
    } finally {
      rmSync(certPath, { recursive: true, force: true });
    }
  });

  test("without a client certificate the engine refuses, and the error says what is missing", async () => {
    const error = await failure({ caFile: daemon.certificates.caFile });
    expect(error).toMatchObject({ code: "DFB_ENGINE_TLS", certificate: "client", host: daemon.host });
    expect(error.message).toMatch(
      new RegExp(`^the engine at ${daemon.host} requires a client certificate and none was presented: put cert.pem and key.pem in DOCKER_CERT_PATH`),
    );
  });

  test("a client certificate from another CA is rejected by the engine", async () => {
    const { caFile, rogueClientCertFile, rogueClientKeyFile } = daemon.certificates;
    const error = await failure({ caFile, certFile: rogueClientCertFile, keyFile: rogueClientKeyFile });
    expect(error).toMatchObject({ certificate: "client", file: rogueClientCertFile });
    expect(error.message).toMatch(
      new RegExp(`^the client certificate ${rogueClientCertFile} was rejected by the engine at ${daemon.host} \\(TLS alert: [a-z ]+\\)`),
    );
  });

  test("a server whose certificate is not signed by the given CA is refused", async () => {
    const { rogueCaFile, clientCertFile, clientKeyFile } = daemon.certificates;
    const error = await failure({ caFile: rogueCaFile, certFile: clientCertFile, keyFile: clientKeyFile });
    expect(error).toMatchObject({ certificate: "server", file: rogueCaFile });
    expect(error.message).toMatch(
      new RegExp(`^the server certificate of the engine at ${daemon.host} is not signed by the CA in ${rogueCaFile} \\([A-Z_]+\\)$`),
    );
  });

  test("a server certificate issued for another address is refused", async () => {
    // The certificate names 127.0.0.1 only; localhost reaches the same daemon under another name.
    const error = await failure(daemon.goodTls, daemon.host.replace("127.0.0.1", "localhost"));
    expect(error).toMatchObject({ certificate: "server" });
    expect(error.message).toMatch(/is not issued for localhost/);
  });

  test("plain HTTP to the TLS port is told to use TLS", async () => {
    const engine = new Engine({ host: daemon.host, tls: false, env: {} });
    try {
      const error = await engine.ping().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(EngineTlsError);
      expect((error as Error).message).toBe(
        `the engine at ${daemon.host} expects TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (or pass tls files)`,
      );
    } finally {
      await engine.close();
    }
  });

  test("TLS to a port that speaks plain HTTP is told so", async () => {
    const plain: Server = createServer((_request, response) => response.end("OK"));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    try {
      const host = `tcp://127.0.0.1:${(plain.address() as AddressInfo).port}`;
      const error = await failure(daemon.goodTls, host);
      expect(error.message).toMatch(new RegExp(`^the engine at ${host} does not speak TLS on that port`));
    } finally {
      plain.closeAllConnections();
      await new Promise<void>((resolve) => plain.close(() => { resolve(); }));
    }
  });
});
