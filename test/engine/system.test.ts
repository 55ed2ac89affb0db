import { Engine, EngineUnreachableError, OLDEST_API_VERSION } from "@dfbuild/engine";
import { afterAll, describe, expect, test } from "vitest";
import { localEngine } from "./helpers.js";

const engine = localEngine();
afterAll(() => engine.close());

describe("system endpoints against the real engine", () => {
  test("ping reports the engine's API version and OS", async () => {
    const ping = await engine.ping();
    expect(ping.osType).toBe("linux");
    expect(ping.apiVersion).toMatch(/^1\.\d+$/);
  });

  test("the negotiated version is the engine's newest, within what the client speaks", async () => {
    const ping = await engine.ping();
    // Debian 12's engine tops out at 1.41, which is also the oldest the client accepts.
    expect(await engine.apiVersion()).toBe(ping.apiVersion);
    expect(await engine.apiVersion()).toBe(OLDEST_API_VERSION);
  });

  test("version and info", async () => {
    const version = await engine.version();
    expect(version.ApiVersion).toBe(await engine.apiVersion());
    expect(version.Os).toBe("linux");
    expect(version.Version).toMatch(/^\d+\.\d+/);
    const info = await engine.info();
    expect(info.OSType).toBe("linux");
    expect(info.Driver).not.toBe("");
    expect(info.ServerVersion).toBe(version.Version);
  });

  test("DOCKER_HOST from the environment is honoured", async () => {
    const fromEnv = new Engine({ env: { DOCKER_HOST: "unix:///var/run/docker.sock" } });
    try {
      expect(fromEnv.host).toBe("unix:///var/run/docker.sock");
      await expect(fromEnv.ping()).resolves.toMatchObject({ osType: "linux" });
    } finally {
      await fromEnv.close();
    }
  });

  test("a pinned API version is used as is (DOCKER_API_VERSION)", async () => {
    const pinned = new Engine({ host: "unix:///var/run/docker.sock", env: { DOCKER_API_VERSION: "1.41" } });
    try {
      expect(await pinned.apiVersion()).toBe("1.41");
      await expect(pinned.info()).resolves.toHaveProperty("OSType", "linux");
    } finally {
      await pinned.close();
    }
  });

  test("a version the engine does not speak is refused by the engine with its own message", async () => {
    const tooNew = new Engine({ host: "unix:///var/run/docker.sock", apiVersion: "1.99", env: {} });
    try {
      await expect(tooNew.info()).rejects.toMatchObject({
        name: "EngineError",
        status: 400,
        engineMessage: expect.stringMatching(/client version 1\.99 is too new/) as unknown,
      });
    } finally {
      await tooNew.close();
    }
  });

  test("a socket nobody listens on gives the unreachable error, and the engine is not bothered", async () => {
    const nowhere = new Engine({ host: "unix:///var/run/dfbuild-no-engine.sock", env: {} });
    const error = await nowhere.ping().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect((error as Error).message).toBe(
      "cannot connect to the Docker engine at unix:///var/run/dfbuild-no-engine.sock — is dockerd running?",
    );
    await nowhere.close();
  });
});
