import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type EngineSelectionOptions, selectEngine } from "./engine-selection.js";
import { EngineConfigError } from "./errors.js";

let home = "";
let config = "";
let certs = "";

/** Writes a context as `docker context create` does (docker/cli cli/context/store). */
function writeContext(name: string, endpoint: Record<string, unknown> | null, tlsFiles: string[] = []): void {
  const id = createHash("sha256").update(name).digest("hex");
  mkdirSync(join(config, "contexts", "meta", id), { recursive: true });
  writeFileSync(join(config, "contexts", "meta", id, "meta.json"), JSON.stringify({ Name: name, Metadata: {}, Endpoints: endpoint === null ? {} : { docker: endpoint } }));
  if (tlsFiles.length === 0) return;
  mkdirSync(join(config, "contexts", "tls", id, "docker"), { recursive: true });
  for (const file of tlsFiles) writeFileSync(join(config, "contexts", "tls", id, "docker", file), "pem");
}

const select = (options: EngineSelectionOptions, env: Record<string, string> = {}) =>
  selectEngine({ homeDir: home, ...options, env: { DOCKER_CONFIG: config, ...env } });

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), "dfbuild-selection-"));
  config = join(home, "docker-config");
  certs = join(home, "certs");
  mkdirSync(certs);
  for (const file of ["ca.pem", "cert.pem", "key.pem"]) writeFileSync(join(certs, file), "pem");
  writeContext("remote", { Host: "tcp://10.0.0.5:2376", SkipTLSVerify: false }, ["ca.pem", "cert.pem", "key.pem"]);
  writeContext("plain", { Host: "tcp://10.0.0.6:2375", SkipTLSVerify: false });
  writeContext("insecure", { Host: "tcp://10.0.0.7:2376", SkipTLSVerify: true });
  writeContext("system-ca", { Host: "tcp://10.0.0.8:2376", SkipTLSVerify: false }, ["cert.pem", "key.pem"]);
  writeContext("socket", { Host: "unix:///run/other.sock", SkipTLSVerify: false }, ["ca.pem"]);
  writeContext("no-scheme", { Host: "10.0.0.9:2375" });
  writeContext("no-docker", null);
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

describe("selectEngine: precedence, as the docker CLI's resolveContextName", () => {
  test("nothing set: the local socket", () => {
    expect(select({})).toMatchObject({ host: "unix:///var/run/docker.sock", tls: false, contextName: "default", chosenBy: "default", isLocalDefault: true });
  });

  test("config.json's currentContext, then DOCKER_CONTEXT, then DOCKER_HOST, then -H; --context beats the environment", () => {
    writeFileSync(join(config, "config.json"), JSON.stringify({ currentContext: "plain" }));
    try {
      expect(select({})).toMatchObject({ host: "tcp://10.0.0.6:2375", contextName: "plain", chosenBy: "config.json", isLocalDefault: false });
      expect(select({}, { DOCKER_CONTEXT: "remote" })).toMatchObject({ contextName: "remote", chosenBy: "DOCKER_CONTEXT" });
      expect(select({}, { DOCKER_CONTEXT: "default" })).toMatchObject({ host: "unix:///var/run/docker.sock", contextName: "default" });
      expect(select({}, { DOCKER_CONTEXT: "remote", DOCKER_HOST: "tcp://h:1" })).toMatchObject({ host: "tcp://h:1", contextName: "default", chosenBy: "DOCKER_HOST" });
      expect(select({ hosts: ["tcp://cli:2"] }, { DOCKER_CONTEXT: "remote", DOCKER_HOST: "tcp://h:1" })).toMatchObject({ host: "tcp://cli:2", chosenBy: "-H" });
      expect(select({ context: "remote" }, { DOCKER_CONTEXT: "plain", DOCKER_HOST: "tcp://h:1" })).toMatchObject({ host: "tcp://10.0.0.5:2376", chosenBy: "--context" });
      // An empty DOCKER_HOST or DOCKER_CONTEXT counts as unset.
      expect(select({}, { DOCKER_HOST: "", DOCKER_CONTEXT: "" })).toMatchObject({ contextName: "plain" });
    } finally {
      rmSync(join(config, "config.json"));
    }
  });

  test("--config moves the context store", () => {
    const other = join(home, "other-config");
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, "config.json"), JSON.stringify({ currentContext: "nowhere" }));
    expect(() => select({ configDir: other })).toThrow(/context "nowhere": context not found/);
  });

  test("-H with --context, and two -H, are errors", () => {
    expect(() => select({ hosts: ["tcp://h:1"], context: "remote" })).toThrow(new EngineConfigError("conflicting options: cannot specify both --host and --context"));
    expect(() => select({ hosts: ["tcp://a:1", "tcp://b:1"] })).toThrow("specify only one -H");
  });

  test("an unknown context names the file that is missing", () => {
    const id = createHash("sha256").update("nosuch").digest("hex");
    expect(() => select({ context: "nosuch" })).toThrow(`context "nosuch": context not found: open ${join(config, "contexts", "meta", id, "meta.json")}: no such file or directory`);
  });

  test("a malformed config.json is a warning, and the default engine is used, as the docker CLI does", () => {
    writeFileSync(join(config, "config.json"), "{");
    try {
      const selection = select({});
      expect(selection.host).toBe("unix:///var/run/docker.sock");
      expect(selection.warnings).toEqual([expect.stringMatching(/^WARNING: Error loading config file: .*config\.json: /)]);
    } finally {
      rmSync(join(config, "config.json"));
    }
  });
});

describe("selectEngine: a named context's endpoint and TLS", () => {
  test("TLS iff TLS files or SkipTLSVerify; the client certificate only as a pair", () => {
    const tlsDir = (name: string): string => join(config, "contexts", "tls", createHash("sha256").update(name).digest("hex"), "docker");
    expect(select({ context: "remote" }).tls).toEqual({
      caFile: join(tlsDir("remote"), "ca.pem"), certFile: join(tlsDir("remote"), "cert.pem"), keyFile: join(tlsDir("remote"), "key.pem"), verify: true,
    });
    expect(select({ context: "plain" }).tls).toBe(false);
    expect(select({ context: "insecure" }).tls).toEqual({ verify: false });
    // No ca.pem: the system's CAs.
    expect(select({ context: "system-ca" }).tls).toEqual({ certFile: join(tlsDir("system-ca"), "cert.pem"), keyFile: join(tlsDir("system-ca"), "key.pem"), verify: true });
    expect(select({ context: "socket" })).toMatchObject({ host: "unix:///run/other.sock", tls: false });
  });

  test("the TLS flags and variables do not apply to a named context", () => {
    expect(select({ context: "plain", tlsVerify: true }, { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs }).tls).toBe(false);
  });

  test("a host without a scheme, or no docker endpoint, is an error", () => {
    expect(() => select({ context: "no-scheme" })).toThrow('context "no-scheme": unable to parse docker host `10.0.0.9:2375`');
    expect(() => select({ context: "no-docker" })).toThrow('context "no-docker": cannot find docker endpoint in context');
  });

  test("the description says which context", () => {
    expect(select({ context: "remote" }).description).toBe('tcp://10.0.0.5:2376 (docker context "remote")');
    expect(select({}, { DOCKER_CONTEXT: "remote" }).description).toBe('tcp://10.0.0.5:2376 (docker context "remote", from DOCKER_CONTEXT)');
  });
});

describe("selectEngine: the default context's TLS, as docker/cli cli/flags/options.go", () => {
  const files = (dir: string) => ({ caFile: join(dir, "ca.pem"), certFile: join(dir, "cert.pem"), keyFile: join(dir, "key.pem") });

  test("any non-empty DOCKER_TLS_VERIFY, even 0, turns on verified TLS", () => {
    for (const value of ["1", "0", "false"]) {
      expect(select({ hosts: ["tcp://h:2376"] }, { DOCKER_TLS_VERIFY: value, DOCKER_CERT_PATH: certs }).tls).toEqual({ ...files(certs), verify: true });
    }
    expect(select({ hosts: ["tcp://h:2376"] }, { DOCKER_TLS_VERIFY: "", DOCKER_CERT_PATH: certs }).tls).toBe(false);
  });

  test("DOCKER_TLS and --tls: TLS without verification; --tlsverify given at all turns TLS on", () => {
    expect(select({ hosts: ["tcp://h:2376"] }, { DOCKER_TLS: "1", DOCKER_CERT_PATH: certs }).tls).toEqual({ ...files(certs), verify: false });
    expect(select({ hosts: ["tcp://h:2376"], tls: true }, { DOCKER_CERT_PATH: certs }).tls).toEqual({ ...files(certs), verify: false });
    expect(select({ hosts: ["tcp://h:2376"], tlsVerify: false }, { DOCKER_CERT_PATH: certs }).tls).toEqual({ ...files(certs), verify: false });
    expect(select({ hosts: ["tcp://h:2376"], tlsVerify: false }, { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs }).tls).toEqual({ ...files(certs), verify: false });
  });

  test("--tlscacert/--tlscert/--tlskey alone do not turn TLS on", () => {
    expect(select({ hosts: ["tcp://h:2376"], caFile: "/x/ca.pem", certFile: "/x/c.pem", keyFile: "/x/k.pem" }).tls).toBe(false);
  });

  test("the flags name the files; the defaults are DOCKER_CERT_PATH, else DOCKER_CONFIG, else ~/.docker — never --config", () => {
    expect(select({ hosts: ["tcp://h:1"], tlsVerify: true, caFile: "/x/ca.pem", certFile: "/x/c.pem", keyFile: "/x/k.pem" }).tls).toEqual({
      caFile: "/x/ca.pem", certFile: "/x/c.pem", keyFile: "/x/k.pem", verify: true,
    });
    // DOCKER_CONFIG holds no cert.pem or key.pem: they are dropped; ca.pem stays (and must exist when connecting).
    expect(select({ hosts: ["tcp://h:1"], tlsVerify: true, configDir: certs }).tls).toEqual({ caFile: join(config, "ca.pem"), verify: true });
    expect(selectEngine({ hosts: ["tcp://h:1"], tlsVerify: true, homeDir: home, env: {} }).tls).toEqual({ caFile: join(home, ".docker", "ca.pem"), verify: true });
  });

  test("hosts: no scheme is tcp; no host with TLS is tcp://localhost:2376; TLS is ignored for a socket", () => {
    expect(select({ hosts: ["127.0.0.1:2375"] }).host).toBe("tcp://127.0.0.1:2375");
    expect(select({}, { DOCKER_HOST: "10.1.1.1:2376" })).toMatchObject({ host: "tcp://10.1.1.1:2376", chosenBy: "DOCKER_HOST" });
    expect(select({ tlsVerify: true }, { DOCKER_CERT_PATH: certs }).host).toBe("tcp://localhost:2376");
    expect(select({ hosts: ["unix:///var/run/docker.sock"], tlsVerify: true }, { DOCKER_CERT_PATH: certs })).toMatchObject({ tls: false, isLocalDefault: true });
  });

  test("the description says how TLS is used and what chose the host", () => {
    expect(select({ hosts: ["127.0.0.1:2376"], tlsVerify: true }, { DOCKER_CERT_PATH: certs }).description).toBe("tcp://127.0.0.1:2376, TLS (-H)");
    expect(select({}, { DOCKER_HOST: "tcp://h:2376", DOCKER_TLS: "1", DOCKER_CERT_PATH: certs }).description).toBe("tcp://h:2376, TLS without verification (DOCKER_HOST)");
  });
});
