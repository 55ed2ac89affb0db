/**
 * image-name.ts: distribution/reference's `ParseNormalizedNamed` verdicts (its `reference_test.go`
 * and `normalize_test.go` cases). test/image-reference.test.ts checks the same verdicts against the
 * engine's parser; these pin them where the module is.
 */
import { describe, expect, test } from "vitest";
import { isValidImageReference } from "./image-name.js";

const hex = (n: number, c = "a") => c.repeat(n);

describe("isValidImageReference", () => {
  test("Docker Hub names: one or more lower-case path components", () => {
    for (const text of ["busybox", "someone/app", "a/b/c/d", "a_b", "a__b", "a.b", "a-b", "a---b", "a9", "a_b/c", "a__b/c/d"]) expect(isValidImageReference(text), text).toBe(true);
    for (const text of ["", "a___b", "a..b", "-a", "a-", "_a", "a/", "/a", "a//b", "Busybox", "someone/App"]) expect(isValidImageReference(text), text).toBe(false);
  });

  test("a registry: a first component with . or :, localhost, or an upper-case letter", () => {
    for (const text of ["localhost/app", "localhost:5000/a/b", "reg.io/app", "reg.io:5000/app", "Registry.Example/app", "UPPER/app", "A/b", "[::1]:5000/app", "[fe80::1]/app"]) {
      expect(isValidImageReference(text), text).toBe(true);
    }
    // The repository after the registry is lower case; a port is digits; localhost without a path is an image.
    for (const text of ["reg.io/Team/app", "reg.io:port/app", "reg.io:/app", "[::1/app", "reg-.io/app"]) expect(isValidImageReference(text), text).toBe(false);
    expect(isValidImageReference("localhost")).toBe(true);
    expect(isValidImageReference("localhost:5000")).toBe(true);
  });

  test("a tag: a word character, then up to 127 of word characters, . and -", () => {
    for (const text of ["app:1.36", "app:Latest", "reg.io/a:Latest", "app:_x", `app:${hex(128, "t")}`, "reg.io:5000/app:v1-rc.2"]) expect(isValidImageReference(text), text).toBe(true);
    for (const text of ["app:", "app:-bad", "app:.x", `app:${hex(129, "t")}`, "app:a:b", "app:a/b"]) expect(isValidImageReference(text), text).toBe(false);
  });

  test("a digest: an algorithm, then at least 32 hex digits", () => {
    for (const text of [`app@sha256:${hex(64)}`, `app:1@sha256:${hex(64, "B")}`, `app@sha256:${hex(32)}`, `app@sha256+b64.x:${hex(40)}`]) {
      expect(isValidImageReference(text), text).toBe(true);
    }
    // The repository name, up to the first `:`, is lower case: an upper-case algorithm is refused there.
    for (const text of ["app@sha256:short", `app@SHA256:${hex(64)}`, `reg.io/a@SHA256:${hex(64)}`, `app@sha256:${hex(31)}`, `app@:${hex(64)}`, `app@1sha:${hex(64)}`, `app@sha256:${hex(64, "g")}`, `app@${hex(64)}`]) {
      expect(isValidImageReference(text), text).toBe(false);
    }
  });

  test("a 64-hex-digit image ID is no name", () => {
    expect(isValidImageReference(hex(64))).toBe(false);
    expect(isValidImageReference(hex(63))).toBe(true);
    expect(isValidImageReference(hex(65))).toBe(true);
    expect(isValidImageReference(`x${hex(64)}`)).toBe(true);
  });

  test("the whole name, registry and library/ included, is at most 255 characters", () => {
    // docker.io/library/ is 18 characters.
    expect(isValidImageReference(hex(237))).toBe(true);
    expect(isValidImageReference(hex(238))).toBe(false);
    expect(isValidImageReference(`reg.io/${hex(248)}`)).toBe(true);
    expect(isValidImageReference(`reg.io/${hex(249)}`)).toBe(false);
    // A namespace is no registry: docker.io/ is in front of it.
    expect(isValidImageReference(`someone/${hex(237)}`)).toBe(true);
    expect(isValidImageReference(`someone/${hex(238)}`)).toBe(false);
    // localhost is a registry: no docker.io/ in front.
    expect(isValidImageReference(`localhost/${hex(245)}`)).toBe(true);
    expect(isValidImageReference(`localhost/${hex(246)}`)).toBe(false);
    // The tag does not count.
    expect(isValidImageReference(`${hex(237)}:${hex(100, "t")}`)).toBe(true);
  });

  test("variables are not expanded here: $ is no reference character", () => {
    expect(isValidImageReference("$IMAGE")).toBe(false);
    expect(isValidImageReference("app:$TAG")).toBe(false);
  });
});
