import { describe, expect, test } from "vitest";
import { formatImageReference, ImageReferenceError, isValidTag, parseImageReference } from "./image-reference.js";

describe("parseImageReference", () => {
  // Cases from distribution/reference normalize_test.go and reference_test.go.
  test.each([
    ["busybox", "docker.io", "library/busybox", undefined, undefined],
    ["busybox:1.36", "docker.io", "library/busybox", "1.36", undefined],
    ["someone/app", "docker.io", "someone/app", undefined, undefined],
    ["docker.io/someone/app:v1", "docker.io", "someone/app", "v1", undefined],
    ["index.docker.io/app", "docker.io", "library/app", undefined, undefined],
    ["localhost/app", "localhost", "app", undefined, undefined],
    ["localhost:5000/a/b/c:t", "localhost:5000", "a/b/c", "t", undefined],
    ["127.0.0.1:5098/team/app:cache", "127.0.0.1:5098", "team/app", "cache", undefined],
    ["Registry.Example/app", "Registry.Example", "app", undefined, undefined],
    ["[::1]:5000/app", "[::1]:5000", "app", undefined, undefined],
    ["a.b/c__d/e-f---g.h:T_1", "a.b", "c__d/e-f---g.h", "T_1", undefined],
    [
      `ghcr.io/o/a@sha256:${"a".repeat(64)}`,
      "ghcr.io",
      "o/a",
      undefined,
      `sha256:${"a".repeat(64)}`,
    ],
    [`app:1@sha256:${"b".repeat(64)}`, "docker.io", "library/app", "1", `sha256:${"b".repeat(64)}`],
  ])("%s", (text, domain, path, tag, digest) => {
    expect(parseImageReference(text)).toEqual({ domain, path, tag, digest });
  });

  test.each([
    ["", "repository name must have at least one component"],
    ["Busybox", "repository name (library/Busybox) must be lowercase"],
    ["reg.io/Team/app", "repository name (Team/app) must be lowercase"],
    ["app:", "invalid reference format"],
    ["app:-bad", "invalid reference format"],
    ["a//b", "invalid reference format"],
    ["app@sha256:short", "invalid reference format"],
    [`app:${"t".repeat(129)}`, "invalid reference format"],
    ["a".repeat(64), "cannot specify 64-byte hexadecimal strings as a repository name"],
    [`reg.io/${"a".repeat(250)}`, "repository name must not be more than 255 characters"],
  ])("%j is rejected: %s", (text, reason) => {
    expect(() => parseImageReference(text)).toThrow(ImageReferenceError);
    expect(() => parseImageReference(text)).toThrow(`invalid reference "${text}": ${reason}`);
  });

  test("formats back in full", () => {
    expect(formatImageReference(parseImageReference("busybox"))).toBe("docker.io/library/busybox");
    expect(formatImageReference(parseImageReference("127.0.0.1:5098/a:b"))).toBe("127.0.0.1:5098/a:b");
  });

  test("tags", () => {
    expect(isValidTag("v1.0-RC_1")).toBe(true);
    expect(isValidTag(".hidden")).toBe(false);
    expect(isValidTag("t".repeat(128))).toBe(true);
    expect(isValidTag("t".repeat(129))).toBe(false);
  });
});
