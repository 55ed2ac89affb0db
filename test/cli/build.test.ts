import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runCli } from "../cli.js";
import { tempDir } from "../temp-dir.js";

/** `dfbuild build` failures found before any engine is reached (no engine needed). */
describe("dfbuild build without an engine", () => {
  const dir = tempDir("dfbuild-build-cli-");
  writeFileSync(join(dir, "Dockerfile"), "FROM scratch\n");

  test("a malformed -H is one message, not an internal error", async () => {
    const result = await runCli(["build", "-H", "bogus://x", dir]);
    expect(result.stderr).toBe('dfbuild build: host "bogus://x": unknown scheme "bogus"; dfbuild connects to unix:// and tcp:// hosts\n');
    expect(result.code).toBe(1);
  });

  test("unreadable TLS certificates are one message naming the file", async () => {
    const certs = join(dir, "no-certs");
    const result = await runCli(["build", "-H", "tcp://127.0.0.1:1", dir], "", dir, { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs });
    expect(result.stderr).toBe(`dfbuild build: TLS for tcp://127.0.0.1:1: cannot read the CA certificate ${join(certs, "ca.pem")}: no such file\n`);
    expect(result.code).toBe(1);
  });

  test("a TAG may have upper case letters, a NAME may not", async () => {
    // Past the tag check, the build stops at the malformed host: no engine is needed.
    const valid = await runCli(["build", "-t", "registry.example:5000/team/app:1.0-RC1", "-H", "bogus://x", dir]);
    expect(valid.stderr).toMatch(/^dfbuild build: host "bogus:\/\/x"/);
    const upper = await runCli(["build", "-t", "App:1", dir]);
    expect(upper.stderr).toMatch(/^dfbuild build: invalid tag "App:1"/);
    expect(upper.code).toBe(2);
    const badTag = await runCli(["build", "-t", "app:-x", dir]);
    expect(badTag.code).toBe(2);
  });
});
