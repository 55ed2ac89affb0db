import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { EngineConfigError } from "./errors.js";
import { encodeRegistryAuth, readRegistryAuth, registryOfReference } from "./registry-auth.js";

describe("registryOfReference", () => {
  test.each([
    ["busybox", "docker.io"],
    ["busybox:1.36", "docker.io"],
    ["library/busybox", "docker.io"],
    ["someone/app:1", "docker.io"],
    ["docker.io/someone/app", "docker.io"],
    ["index.docker.io/someone/app", "docker.io"],
    ["ghcr.io/owner/app:2", "ghcr.io"],
    ["localhost/app", "localhost"],
    ["localhost:5000/app:1", "localhost:5000"],
    ["127.0.0.1:5000/app", "127.0.0.1:5000"],
    ["Registry/app", "registry"],
    ["registry.example.com/a/b/c@sha256:abc", "registry.example.com"],
  ])("%s is on %s", (reference, registry) => {
    expect(registryOfReference(reference)).toBe(registry);
  });
});

describe("encodeRegistryAuth", () => {
  test("is URL-safe base64 of the JSON, padded as the engine's decoder requires", () => {
    // "?>" encodes to "Pz4" + padding in standard base64 and contains the characters that differ.
    const auth = { username: "u", password: "??>>>" };
    const encoded = encodeRegistryAuth(auth);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+=*$/);
    expect(encoded.length % 4).toBe(0);
    expect(JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"))).toEqual(auth);
    expect(encodeRegistryAuth({ username: "ab" })).toMatch(/=$/);
  });
});

describe("readRegistryAuth", () => {
  const configDirs: string[] = [];
  afterEach(() => {
    for (const dir of configDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function withConfig(config: unknown): string {
    const dir = mkdtempSync(join(tmpdir(), "dfbuild-docker-config-"));
    configDirs.push(dir);
    writeFileSync(join(dir, "config.json"), typeof config === "string" ? config : JSON.stringify(config));
    return dir;
  }
  const basic = (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString("base64");

  test("finds Docker Hub credentials under the CLI's key", async () => {
    const dir = withConfig({ auths: { "https://index.docker.io/v1/": { auth: basic("hub-user", "p:ss") } } });
    await expect(readRegistryAuth("someone/app", { configDir: dir })).resolves.toEqual({
      username: "hub-user",
      password: "p:ss",
      serveraddress: "https://index.docker.io/v1/",
    });
  });

  test("matches a registry with a port, with or without scheme", async () => {
    const dir = withConfig({
      auths: {
        "https://127.0.0.1:5000": { username: "local", password: "secret" },
        "ghcr.io": { identitytoken: "token-123" },
      },
    });
    await expect(readRegistryAuth("127.0.0.1:5000/app:1", { configDir: dir })).resolves.toEqual({
      username: "local",
      password: "secret",
      serveraddress: "https://127.0.0.1:5000",
    });
    await expect(readRegistryAuth("ghcr.io/o/a", { configDir: dir })).resolves.toEqual({
      identitytoken: "token-123",
      serveraddress: "ghcr.io",
    });
    await expect(readRegistryAuth("quay.io/o/a", { configDir: dir })).resolves.toBeUndefined();
  });

  test("reads DOCKER_CONFIG when no directory is given", async () => {
    const dir = withConfig({ auths: { "reg.example": { auth: basic("a", "b") } } });
    await expect(readRegistryAuth("reg.example/x", { env: { DOCKER_CONFIG: dir } })).resolves.toMatchObject({
      username: "a",
    });
  });

  test("no config file means anonymous", async () => {
    await expect(readRegistryAuth("busybox", { configDir: join(tmpdir(), "dfbuild-no-such-dir") })).resolves.toBeUndefined();
  });

  test("a broken config file is an error naming it", async () => {
    const dir = withConfig("{ not json");
    await expect(readRegistryAuth("busybox", { configDir: dir })).rejects.toThrow(EngineConfigError);
    await expect(readRegistryAuth("busybox", { configDir: dir })).rejects.toThrow(join(dir, "config.json"));
    const bad = withConfig({ auths: { "docker.io": { auth: Buffer.from("no-colon").toString("base64") } } });
    await expect(readRegistryAuth("busybox", { configDir: bad })).rejects.toThrow(/not base64 of "username:password"/);
  });
});
