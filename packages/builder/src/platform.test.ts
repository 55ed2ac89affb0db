import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatPlatform, hasEmulator, parsePlatform, platformMatches, PlatformError } from "./platform.js";

const amd64 = { os: "linux", architecture: "amd64" };

describe("parsePlatform: containerd's Parse and Normalize on an amd64 engine", () => {
  test.each([
    ["linux/amd64", "linux/amd64"],
    ["linux/x86_64", "linux/amd64"],
    ["LINUX/AMD64", "linux/amd64"],
    ["linux/aarch64", "linux/arm64"],
    ["linux/arm64/v8", "linux/arm64/v8"],
    ["linux/arm", "linux/arm/v7"],
    ["linux/armhf", "linux/arm/v7"],
    ["linux/armel", "linux/arm/v6"],
    ["linux/arm/7", "linux/arm/v7"],
    ["linux/i386", "linux/386"],
    ["linux", "linux/amd64"],
    ["arm64", "linux/arm64"],
    ["windows/amd64", "windows/amd64"],
    ["macos/arm64", "darwin/arm64"],
  ])("%s is %s", (specifier, expected) => {
    expect(formatPlatform(parsePlatform(specifier, amd64))).toBe(expected);
  });

  test.each([
    ["foo/bar/baz/x", '"foo/bar/baz/x": cannot parse platform specifier: invalid argument'],
    ["", '"" is an invalid component of "": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument'],
    ["linux/", '"" is an invalid component of "linux/": platform specifier component must match "^[A-Za-z0-9_-]+$": invalid argument'],
    ["linux/*", '"linux/*": wildcards not yet supported: invalid argument'],
    ["nosuch", '"nosuch": unknown operating system or architecture: invalid argument'],
  ])("%j is refused with containerd's words", (specifier, message) => {
    const error = (() => {
      try {
        parsePlatform(specifier, amd64);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).code).toBe("DFB_PLATFORM_INVALID");
    expect((error as PlatformError).message).toBe(message);
  });
});

describe("platformMatches: containerd's Only matcher", () => {
  test("a machine runs its own platform and what it runs natively", () => {
    expect(platformMatches(amd64, { os: "linux", architecture: "amd64" })).toBe(true);
    expect(platformMatches(amd64, { os: "linux", architecture: "386" })).toBe(true);
    expect(platformMatches(amd64, { os: "linux", architecture: "arm64" })).toBe(false);
    expect(platformMatches(amd64, { os: "windows", architecture: "amd64" })).toBe(false);
    expect(platformMatches({ os: "linux", architecture: "arm64" }, { os: "linux", architecture: "arm", variant: "v7" })).toBe(true);
    expect(platformMatches({ os: "linux", architecture: "arm", variant: "v7" }, { os: "linux", architecture: "arm", variant: "v6" })).toBe(true);
    expect(platformMatches({ os: "linux", architecture: "arm", variant: "v6" }, { os: "linux", architecture: "arm", variant: "v7" })).toBe(false);
    // An image's `arm` without a variant is arm/v7.
    expect(platformMatches({ os: "linux", architecture: "arm", variant: "v7" }, { os: "linux", architecture: "arm" })).toBe(true);
  });
});

describe("hasEmulator: an enabled binfmt_misc registration for the architecture", () => {
  test("enabled, disabled, absent", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dfbuild-binfmt-"));
    try {
      await writeFile(join(dir, "qemu-aarch64"), "enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: POCF\n");
      await writeFile(join(dir, "qemu-riscv64"), "disabled\ninterpreter /usr/bin/qemu-riscv64\n");
      expect(await hasEmulator({ os: "linux", architecture: "arm64" }, dir)).toBe(true);
      expect(await hasEmulator({ os: "linux", architecture: "riscv64" }, dir)).toBe(false);
      expect(await hasEmulator({ os: "linux", architecture: "s390x" }, dir)).toBe(false);
      expect(await hasEmulator({ os: "linux", architecture: "wasm" }, dir)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
