import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { resolveEndpoint, tlsFilesIn } from "./endpoint.js";
import { EngineConfigError, EngineTlsError } from "./errors.js";

describe("resolveEndpoint", () => {
  test("defaults to the local socket", () => {
    expect(resolveEndpoint({ env: {} })).toMatchObject({
      display: "unix:///var/run/docker.sock",
      socketPath: "/var/run/docker.sock",
      tls: undefined,
    });
    expect(resolveEndpoint({ host: "unix://", env: {} }).socketPath).toBe("/var/run/docker.sock");
  });

  test("reads DOCKER_HOST, and an explicit host wins over it", () => {
    const env = { DOCKER_HOST: "unix:///run/user/1000/docker.sock" };
    expect(resolveEndpoint({ env }).display).toBe("unix:///run/user/1000/docker.sock");
    expect(resolveEndpoint({ env, host: "tcp://10.0.0.5:2375" }).display).toBe("tcp://10.0.0.5:2375");
  });

  test("tcp hosts get Docker's default ports and keep IPv6 brackets", () => {
    expect(resolveEndpoint({ host: "tcp://build-box", env: {} })).toMatchObject({
      display: "tcp://build-box:2375",
      origin: "http://build-box:2375",
      hostname: "build-box",
    });
    expect(resolveEndpoint({ host: "tcp://[::1]:2380", env: {} })).toMatchObject({
      origin: "http://[::1]:2380",
      hostname: "::1",
    });
  });

  test.each([
    ["127.0.0.1:23750", "tcp://127.0.0.1:23750"],
    [":23750", "tcp://localhost:23750"],
    ["build-box", "tcp://build-box:2375"],
    ["tcp://", "tcp://localhost:2375"],
    ["[::1]:", "tcp://[::1]:2375"],
    ["unix://", "unix:///var/run/docker.sock"],
    [" unix:///run/docker.sock ", "unix:///run/docker.sock"],
  ])("parses %j as the docker CLI does (ParseHost): %s", (host, display) => {
    expect(resolveEndpoint({ host, env: {} }).display).toBe(display);
  });

  test.each([
    ["ssh://user@host", /ssh:\/\/ hosts are not supported/],
    ["http://host:2375", /unknown scheme "http"/],
    ["tcp://tcp://x", /invalid proto, expected tcp/],
    ["tcp://host:2375/base", /has a path \(\/base\)/],
    ["tcp://host:notaport", /not a valid tcp:\/\/ address/],
  ])("rejects %s clearly", (host, message) => {
    expect(() => resolveEndpoint({ host, env: {} })).toThrow(EngineConfigError);
    expect(() => resolveEndpoint({ host, env: {} })).toThrow(message);
  });

  test("names DOCKER_HOST in the error when the bad value came from there", () => {
    expect(() => resolveEndpoint({ env: { DOCKER_HOST: "ssh://h" } })).toThrow(/^DOCKER_HOST=ssh:\/\/h/);
  });

  describe("TLS", () => {
    let certDir = "";
    beforeAll(() => {
      certDir = mkdtempSync(join(tmpdir(), "dfbuild-endpoint-tls-"));
      const openssl = (...args: string[]): void => {
        execFileSync("openssl", args, { cwd: certDir, stdio: "ignore" });
      };
      openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "1", "-subj", "/CN=test-ca");
      openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=client");
      openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "other-key.pem", "-out", "other.pem", "-days", "1", "-subj", "/CN=other");
    });
    afterAll(() => {
      rmSync(certDir, { recursive: true, force: true });
    });

    test("DOCKER_TLS_VERIFY with DOCKER_CERT_PATH loads the three files; a host without a port is 2375 even so", () => {
      const endpoint = resolveEndpoint({ env: { DOCKER_HOST: "tcp://127.0.0.1", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certDir } });
      expect(endpoint.display).toBe("tcp://127.0.0.1:2375");
      expect(endpoint.origin).toBe("https://127.0.0.1:2375");
      expect(endpoint.tls?.files).toEqual(tlsFilesIn(certDir));
      expect(endpoint.tls?.cert).toBeInstanceOf(Buffer);
    });

    test("with TLS on and no host at all, the host is tcp://localhost:2376", () => {
      expect(resolveEndpoint({ env: { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certDir } }).display).toBe("tcp://localhost:2376");
    });

    test("tls: false forces plain TCP despite the environment", () => {
      const endpoint = resolveEndpoint({ host: "tcp://h:1", tls: false, env: { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certDir } });
      expect(endpoint.tls).toBeUndefined();
    });

    test("a missing certificate file is named", () => {
      const files = { ...tlsFilesIn(certDir), caFile: join(certDir, "missing-ca.pem") };
      expect(() => resolveEndpoint({ host: "tcp://h:1", tls: files, env: {} })).toThrow(EngineTlsError);
      expect(() => resolveEndpoint({ host: "tcp://h:1", tls: files, env: {} })).toThrow(
        `cannot read the CA certificate ${join(certDir, "missing-ca.pem")}: no such file`,
      );
    });

    test("a certificate without its key, or with another key, is refused before connecting", () => {
      expect(() =>
        resolveEndpoint({ host: "tcp://h:1", tls: { caFile: join(certDir, "ca.pem"), certFile: join(certDir, "cert.pem") }, env: {} }),
      ).toThrow(/needs both a certificate file and a key file/);
      let error: unknown;
      try {
        resolveEndpoint({
          host: "tcp://h:1",
          tls: { caFile: join(certDir, "ca.pem"), certFile: join(certDir, "cert.pem"), keyFile: join(certDir, "other-key.pem") },
          env: {},
        });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(EngineTlsError);
      expect(error).toMatchObject({ certificate: "client", file: join(certDir, "cert.pem") });
      expect((error as Error).message).toMatch(/cannot be used: .*key values mismatch/);
    });

    test("a CA file without a certificate is refused", () => {
      expect(() =>
        resolveEndpoint({ host: "tcp://h:1", tls: { caFile: join(certDir, "ca-key.pem") }, env: {} }),
      ).toThrow(/the CA certificate .*ca-key.pem contains no PEM certificate/);
    });

    test("TLS on a unix socket is a configuration error", () => {
      expect(() => resolveEndpoint({ host: "unix:///x.sock", tls: tlsFilesIn(certDir), env: {} })).toThrow(
        /TLS applies to tcp:\/\/ hosts only/,
      );
    });
  });
});
