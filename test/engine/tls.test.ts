import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Engine, EngineTlsError, tlsFilesIn, type TlsFiles } from "@dfbuild/engine";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type CliResult, runCli } from "../cli.js";
import { TlsDaemon } from "./tls-daemon.js";
import { tempDir } from "../temp-dir.js";


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
    const certPath = mkdtempSync(`${dir}-cli-`);
    try {
      const files = tlsFilesIn(certPath);
      copyFileSync(daemon.certificates.caFile, String(files.caFile));
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
      new RegExp(`^the engine at ${daemon.host} requires a client certificate and none was presented: pass --tlscert and --tlskey, or put cert.pem and key.pem in DOCKER_CERT_PATH`),
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
        `the engine at ${daemon.host} expects TLS: pass --tlsverify with --tlscacert, --tlscert and --tlskey, or set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to a directory with ca.pem, cert.pem and key.pem`,
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

/**
 * `dfbuild build` picks the engine as the docker CLI does: the TLS flags, the environment, and
 * docker contexts made by the real `docker context create` / `docker context use`.
 */
describe("dfbuild build against the TLS daemon, chosen as the docker CLI chooses", () => {
  const scratch: string[] = [];
  let context = "";
  let configDir = "";
  let certPath = "";
  const tags: string[] = [];

  beforeAll(() => {
    context = tempDir("dfbuild-tls-build-");
    writeFileSync(join(context, "Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
    writeFileSync(join(context, "hello.txt"), "built over TLS\n");
    configDir = tempDir("dfbuild-docker-config-");
    certPath = tempDir("dfbuild-cert-path-");
    const { caFile, clientCertFile, clientKeyFile } = daemon.certificates;
    copyFileSync(caFile, join(certPath, "ca.pem"));
    copyFileSync(clientCertFile, join(certPath, "cert.pem"));
    copyFileSync(clientKeyFile, join(certPath, "key.pem"));
    scratch.push(context, configDir, certPath);
    process.env.DFBUILD_CACHE_DIR ??= tempDir("dfbuild-tls-cache-");
    scratch.push(process.env.DFBUILD_CACHE_DIR);
    // The real docker CLI writes the context store (meta.json and the TLS files) in configDir.
    const { caFile: ca, clientCertFile: cert, clientKeyFile: key } = daemon.certificates;
    dockerCli(["context", "create", "tls-remote", "--docker", `host=${daemon.host},ca=${ca},cert=${cert},key=${key}`]);
    dockerCli(["context", "create", "tls-plain", "--docker", `host=${daemon.host}`]);
  });
  afterAll(() => {
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  function dockerCli(args: string[]): string {
    return execFileSync("docker", args, { env: { ...process.env, DOCKER_CONFIG: configDir }, encoding: "utf8" });
  }

  /** Builds with a clean environment (no DOCKER_* of the test runner) plus `env`. */
  async function build(args: string[], env: Record<string, string> = {}): Promise<CliResult & { tag: string }> {
    const tag = `dfbuild-tls/app:${String(tags.length)}`;
    tags.push(tag);
    const clean: Record<string, string> = { DOCKER_CONFIG: configDir, DFBUILD_CACHE_DIR: process.env.DFBUILD_CACHE_DIR ?? "" };
    for (const name of ["DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"]) clean[name] = "";
    const result = await runCli(["build", "-q", "-t", tag, ...args, context], "", context, { ...clean, ...env });
    return { ...result, tag };
  }

  /** Whether the TLS daemon has the image, and the local engine does not. */
  async function builtRemotely(tag: string): Promise<void> {
    await withEngine(daemon.goodTls, async (engine) => {
      expect((await engine.images.inspect(tag)).RepoTags).toContain(tag);
    });
    const local = new Engine({ host: "unix:///var/run/docker.sock", env: {} });
    try {
      await expect(local.images.inspect(tag)).rejects.toMatchObject({ status: 404 });
    } finally {
      await local.close();
    }
  }

  test("-H without a scheme and docker's TLS flags", async () => {
    const { caFile, clientCertFile, clientKeyFile } = daemon.certificates;
    const hostPort = daemon.host.replace("tcp://", "");
    const result = await build(["-H", hostPort, "--tlsverify", "--tlscacert", caFile, "--tlscert", clientCertFile, "--tlskey", clientKeyFile]);
    expect(result.stderr).toBe(`dfbuild build: building on ${daemon.host}, TLS (-H)\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    await builtRemotely(result.tag);
  });

  test("DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH", async () => {
    const result = await build([], { DOCKER_HOST: daemon.host, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certPath });
    expect(result.stderr).toBe(`dfbuild build: building on ${daemon.host}, TLS (DOCKER_HOST)\n`);
    expect(result.code).toBe(0);
    await builtRemotely(result.tag);
  });

  test("DOCKER_TLS (no verification) with a certificate issued for another name still connects", async () => {
    const result = await build(["-H", daemon.host.replace("127.0.0.1", "localhost")], { DOCKER_TLS: "1", DOCKER_CERT_PATH: certPath });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(", TLS without verification (-H)");
  });

  test("--tlsverify checks the name: localhost against a certificate for 127.0.0.1 fails", async () => {
    const result = await build(["-H", daemon.host.replace("127.0.0.1", "localhost"), "--tlsverify"], { DOCKER_CERT_PATH: certPath });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not issued for localhost/);
  });

  test("--context, DOCKER_CONTEXT and `docker context use` pick the context docker made", async () => {
    const byFlag = await build(["--context", "tls-remote"]);
    expect(byFlag.stderr).toBe(`dfbuild build: building on ${daemon.host} (docker context "tls-remote")\n`);
    expect(byFlag.code).toBe(0);
    await builtRemotely(byFlag.tag);

    const byEnv = await build([], { DOCKER_CONTEXT: "tls-remote" });
    expect(byEnv.stderr).toBe(`dfbuild build: building on ${daemon.host} (docker context "tls-remote", from DOCKER_CONTEXT)\n`);
    expect(byEnv.code).toBe(0);

    dockerCli(["context", "use", "tls-remote"]);
    try {
      const byConfig = await build([]);
      expect(byConfig.stderr).toBe(`dfbuild build: building on ${daemon.host} (docker context "tls-remote", the current context in config.json)\n`);
      expect(byConfig.code).toBe(0);
      await builtRemotely(byConfig.tag);
      // DOCKER_HOST beats the current context, as in the docker CLI.
      const local = await build(["--no-cache"], { DOCKER_HOST: "unix:///var/run/docker.sock" });
      expect(local.code, local.stderr).toBe(0);
      expect(local.stderr).toBe("");
      execFileSync("docker", ["rmi", local.tag], { env: { ...process.env, DOCKER_CONFIG: configDir, DOCKER_HOST: "unix:///var/run/docker.sock" } });
    } finally {
      dockerCli(["context", "use", "default"]);
    }
  });

  test("a context without TLS files talks plain HTTP to the TLS port, and is told to use TLS; the TLS environment does not apply to it", async () => {
    const result = await build(["--context", "tls-plain"], { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certPath });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the engine at ${daemon.host} expects TLS: pass --tlsverify`);
  });

  test("an unknown context, and -H with --context, fail before anything is sent", async () => {
    const unknown = await build(["--context", "nosuch"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^dfbuild build: context "nosuch": context not found: open .*meta\.json: no such file or directory/);
    const both = await build(["--context", "tls-remote", "-H", daemon.host]);
    expect(both.stderr).toBe("dfbuild build: conflicting options: cannot specify both --host and --context\n");
    expect(both.code).toBe(1);
  });
});
