import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { CredentialHelperError, EngineConfigError } from "./errors.js";
import { DockerCredentials, encodeRegistryAuth, readRegistryAuth, registryOfReference } from "./registry-auth.js";

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
    // An upper-case first component is a host, kept as written (distribution/reference splitDockerDomain).
    ["Registry/app", "Registry"],
    ["registry-1.docker.io/a/b", "registry-1.docker.io"],
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

describe("credential helpers", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function tempDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  }
  /**
   * A `docker-credential-NAME` script that logs each call (`ACTION <stdin>`) and answers from a
   * table of server → JSON; an unknown server gets the helpers' "not found" answer.
   */
  function helper(bin: string, name: string, answers: Record<string, string>, exitCode = 1): string {
    const log = join(bin, `${name}.log`);
    const cases = Object.entries(answers)
      .map(([server, json]) => `  '${server}') printf '%s' '${json}' ;;`)
      .join("\n");
    writeFileSync(
      join(bin, `docker-credential-${name}`),
      `#!/bin/sh\nserver=$(cat)\nprintf '%s %s\\n' "$1" "$server" >> '${log}'\ncase "$server" in\n${cases}\n  *) echo 'credentials not found in native keychain'; exit ${String(exitCode)} ;;\nesac\n`,
    );
    chmodSync(join(bin, `docker-credential-${name}`), 0o755);
    return log;
  }
  function setup(config: unknown): { dir: string; bin: string; env: Record<string, string> } {
    const dir = tempDir("dfbuild-docker-config-");
    const bin = tempDir("dfbuild-helpers-");
    writeFileSync(join(dir, "config.json"), JSON.stringify(config));
    return { dir, bin, env: { DOCKER_CONFIG: dir, PATH: `${bin}:/usr/bin:/bin` } };
  }

  test("credsStore: the helper gets the bare host on stdin and its answer becomes username and password", async () => {
    const { bin, env } = setup({ credsStore: "fake", auths: { "127.0.0.1:5000": { auth: Buffer.from("file:pw").toString("base64") } } });
    const log = helper(bin, "fake", { "127.0.0.1:5000": '{"ServerURL":"127.0.0.1:5000","Username":"alice","Secret":"s3cret"}' });
    await expect(readRegistryAuth("127.0.0.1:5000/team/app:1", { env })).resolves.toEqual({
      username: "alice",
      password: "s3cret",
      serveraddress: "127.0.0.1:5000",
    });
    expect(readFileSync(log, "utf8")).toBe("get 127.0.0.1:5000\n");
  });

  test("Docker Hub is asked for under https://index.docker.io/v1/, and <token> means an identity token", async () => {
    const { bin, env } = setup({ credsStore: "fake" });
    const log = helper(bin, "fake", { "https://index.docker.io/v1/": '{"Username":"<token>","Secret":"refresh-123"}' });
    await expect(readRegistryAuth("someone/app", { env })).resolves.toEqual({
      identitytoken: "refresh-123",
      serveraddress: "https://index.docker.io/v1/",
    });
    expect(readFileSync(log, "utf8")).toBe("get https://index.docker.io/v1/\n");
  });

  test("credHelpers beats credsStore, and both beat auths", async () => {
    const { bin, env } = setup({
      credsStore: "store",
      credHelpers: { "ghcr.io": "per-registry" },
      auths: { "ghcr.io": { auth: Buffer.from("file:pw").toString("base64") } },
    });
    helper(bin, "store", { "ghcr.io": '{"Username":"from-store","Secret":"a"}', "quay.io": '{"Username":"quay-user","Secret":"q"}' });
    helper(bin, "per-registry", { "ghcr.io": '{"Username":"from-helper","Secret":"b"}' });
    await expect(readRegistryAuth("ghcr.io/o/a", { env })).resolves.toMatchObject({ username: "from-helper" });
    await expect(readRegistryAuth("quay.io/o/a", { env })).resolves.toMatchObject({ username: "quay-user" });
  });

  test("a helper without credentials for the server means anonymous, not the auths entry", async () => {
    const { bin, env } = setup({ credsStore: "fake", auths: { "reg.example": { auth: Buffer.from("file:pw").toString("base64") } } });
    helper(bin, "fake", {});
    await expect(readRegistryAuth("reg.example/x", { env })).resolves.toBeUndefined();
  });

  test("a missing or failing helper is an error naming the helper and the config", async () => {
    const { dir, bin, env } = setup({ credHelpers: { "reg.example": "absent" }, credsStore: "broken" });
    writeFileSync(join(bin, "docker-credential-broken"), "#!/bin/sh\necho 'keychain locked'\nexit 3\n");
    chmodSync(join(bin, "docker-credential-broken"), 0o755);
    const missing = readRegistryAuth("reg.example/x", { env });
    await expect(missing).rejects.toThrow(CredentialHelperError);
    await expect(missing).rejects.toThrow(/docker-credential-absent is not on PATH/);
    const failing = readRegistryAuth("other.example/x", { env });
    await expect(failing).rejects.toMatchObject({ code: "DFB_CREDENTIAL_HELPER" });
    await expect(failing).rejects.toThrow(`exit 3): keychain locked; fix the helper or change credHelpers["other.example"] or credsStore ("broken") in ${join(dir, "config.json")}`);
  });

  test("a config without any credentials uses the platform's default helper when it is installed", async () => {
    const { bin, env } = setup({ currentContext: "default" });
    helper(bin, "secretservice", { "reg.example": '{"Username":"desk","Secret":"top"}' });
    await expect(readRegistryAuth("reg.example/x", { env })).resolves.toMatchObject({ username: "desk" });
    // With `pass` installed, `pass` is the default; its helper is not installed here, so: anonymous.
    writeFileSync(join(bin, "pass"), "#!/bin/sh\n");
    chmodSync(join(bin, "pass"), 0o755);
    await expect(readRegistryAuth("reg.example/x", { env })).resolves.toBeUndefined();
  });

  test("answers are remembered per registry: the helper runs once", async () => {
    const { bin, env } = setup({ credsStore: "fake" });
    const log = helper(bin, "fake", { "reg.example": '{"Username":"u","Secret":"p"}' });
    const credentials = new DockerCredentials({ env });
    await credentials.forRegistry("reg.example");
    await credentials.forRegistry("reg.example");
    expect(readFileSync(log, "utf8")).toBe("get reg.example\n");
  });
});
