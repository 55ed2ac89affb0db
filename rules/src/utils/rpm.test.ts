/** The pure string tests of the RPM helpers: what counts as a pinned spec, for dfbuild and for hadolint. */
import { describe, expect, test } from "vitest";
import { cacheDirectories, hadolintRpmVersioned, rpmSpecPinned } from "./rpm.js";

describe("rpmSpecPinned", () => {
  test.each([
    ["name-version", "curl-7.76.1"],
    ["name-version-release with an arch", "curl-7.76.1-26.el9.x86_64"],
    ["an epoch", "curl-1:7.76.1"],
    ["an epoch in name-version-release", "curl-1:7.76.1-26.el9"],
    ["a trailing glob", "curl-7.76*"],
    ["a comparison", "curl >= 7.76"],
    ["an exact comparison without a space after it", "curl =7.76"],
    ["each comparison operator", "curl == 7.76"],
    ["less than", "curl < 8"],
    ["at most", "curl <= 8"],
    ["more than", "curl > 7"],
    ["a package file", "curl.rpm"],
    ["a path", "./pkgs/curl"],
  ])("%s: %s is pinned", (_name, spec) => {
    expect(rpmSpecPinned(spec, false)).toBe(true);
  });

  test.each([
    ["a name", "curl"],
    ["a number inside the name", "java-17-openjdk"],
    ["a number inside the name, with an arch", "java-17-openjdk.x86_64"],
    ["an arch alone", "curl.noarch"],
    ["a release that is no version", "curl-7.76-el9"],
    ["a version that does not start with a digit", "curl-v7"],
    ["a comparison sign without its blank", "curl>=7.76"],
    ["a digit inside the last part", "lib-x86-abc1"],
    ["a name alone that starts with a digit", "7zip"],
    ["a glob inside the version (only a trailing one is read as a glob)", "curl-7.*.1"],
  ])("%s: %s is not pinned", (_name, spec) => {
    expect(rpmSpecPinned(spec, false)).toBe(false);
  });

  test("a module spec is pinned by its stream", () => {
    expect(rpmSpecPinned("nodejs:20", true)).toBe(true);
    expect(rpmSpecPinned("nodejs", true)).toBe(false);
    // Outside `module install`, a colon alone is not a version.
    expect(rpmSpecPinned("nodejs:20", false)).toBe(false);
  });

  test("an arch is only a suffix", () => {
    // `.src` in the middle of a version is part of it, not an arch.
    expect(rpmSpecPinned("pkg-1.src.2", false)).toBe(true);
    expect(rpmSpecPinned("pkg-1.2.x86_64.rpm", false)).toBe(true);
    expect(rpmSpecPinned("x86_64-tools", false)).toBe(false);
  });
});

describe("hadolintRpmVersioned", () => {
  test.each([
    ["curl-7.76.1", true],
    ["curl-1:7.76.1-26.el9", true],
    ["java-17-openjdk", true],
    ["curl", false],
    ["curl.rpm", false],
    ["curl-x.rpm", true],
    ["curl-latest", false],
    ["curl-7.76 1", false],
    ["curl-7/x", false],
    ["7zip-latest", false],
    ["curl-v7", false],
    ["curl-1.0-a/b", false],
  ])("%s: %s", (spec, versioned) => {
    expect(hadolintRpmVersioned(spec)).toBe(versioned);
  });
});

describe("cacheDirectories", () => {
  test("each tool's directories, the generations yum and dnf may be included", () => {
    expect(cacheDirectories("yum")).toEqual({ absolute: ["/var/cache/yum", "/var/cache/dnf"], inHome: [] });
    expect(cacheDirectories("dnf")).toEqual({ absolute: ["/var/cache/dnf", "/var/cache/libdnf5"], inHome: [".cache/libdnf5"] });
    expect(cacheDirectories("dnf5")).toEqual({ absolute: ["/var/cache/libdnf5"], inHome: [".cache/libdnf5"] });
    expect(cacheDirectories("microdnf")).toEqual({ absolute: ["/var/cache/yum"], inHome: [] });
  });
});
