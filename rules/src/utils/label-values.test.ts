/** The label-schema value checks (hadolint DL3052–DL3058), type by type, at their edges. */
import { describe, expect, test } from "vitest";
import { isInvalidLabelValue } from "./label-values.js";

describe("rfc3339", () => {
  test.each([
    "2000-02-29T00:00:00Z", // a leap year: divisible by 400
    "2024-02-29T00:00:00Z",
    "2024-01-31T23:59:60+23:59",
    "2024-12-01T00:00:00.5-00:00",
  ])("%s is valid", (value) => {
    expect(isInvalidLabelValue("rfc3339", value, false)).toBe(false);
  });
  test.each([
    "1900-02-29T00:00:00Z", // not a leap year: divisible by 100, not by 400
    "2023-02-29T00:00:00Z",
    "2024-04-31T00:00:00Z",
    "2024-00-01T00:00:00Z",
    "2024-01-00T00:00:00Z",
    "2024-01-01T24:00:00Z",
    "2024-01-01T00:60:00Z",
    "2024-01-01T00:00:61Z",
    "2024-01-01T00:00:00+24:00",
    "2024-01-01T00:00:00+00:60",
    "2024-01-01", // a date without a time
  ])("%s is invalid", (value) => {
    expect(isInvalidLabelValue("rfc3339", value, false)).toBe(true);
  });
});

describe("spdx", () => {
  test("an expression for dfbuild, one license id for hadolint", () => {
    for (const value of ["MIT+", "Apache-2.0 OR MIT", "GPL-2.0-only WITH Classpath-exception-2.0", "LicenseRef-acme", "DocumentRef-x:LicenseRef-y"]) {
      expect(isInvalidLabelValue("spdx", value, false), value).toBe(false);
      expect(isInvalidLabelValue("spdx", value, true), value).toBe(true);
    }
    expect(isInvalidLabelValue("spdx", "MIT", true)).toBe(false);
    expect(isInvalidLabelValue("spdx", "Apache 2", true)).toBe(true);
  });
});

describe("hash", () => {
  test("hadolint: 7 or 40 hex digits; dfbuild: 7 to 40, or 64", () => {
    const hex = (n: number) => "0123456789abcdef".repeat(5).slice(0, n);
    for (const [length, dfbuild, hadolint] of [
      [6, false, false],
      [7, true, true],
      [10, true, false],
      [40, true, true],
      [41, false, false],
      [64, true, false],
    ] as const) {
      expect(isInvalidLabelValue("hash", hex(length).padEnd(length, "a"), false), `${length}`).toBe(!dfbuild);
      expect(isInvalidLabelValue("hash", hex(length).padEnd(length, "a"), true), `${length}`).toBe(!hadolint);
    }
    expect(isInvalidLabelValue("hash", `x${hex(7)}`, true)).toBe(true);
    expect(isInvalidLabelValue("hash", `${hex(7)}x`, true)).toBe(true);
  });
});

describe("email", () => {
  test("an addr-spec, not a group or a display name", () => {
    expect(isInvalidLabelValue("email", "team@example.com", false)).toBe(false);
    expect(isInvalidLabelValue("email", "team: a@example.com;", false)).toBe(true);
    expect(isInvalidLabelValue("email", "<a@example.com>", false)).toBe(true);
    expect(isInvalidLabelValue("email", "a@example.com>", false)).toBe(true);
    // RFC 6532: UTF-8 in the local part and the domain.
    expect(isInvalidLabelValue("email", "jörg@exämple.com", false)).toBe(false);
  });
});

test("url and semver", () => {
  expect(isInvalidLabelValue("url", "urn:isbn:0451450523", false)).toBe(false);
  expect(isInvalidLabelValue("url", "/relative/path", false)).toBe(true);
  expect(isInvalidLabelValue("semver", "1.0.0", true)).toBe(false);
  expect(isInvalidLabelValue("semver", "1.0", true)).toBe(true);
});

test("any text is text", () => {
  expect(isInvalidLabelValue("text", "", false)).toBe(false);
  expect(isInvalidLabelValue("text", "anything <at all>", true)).toBe(false);
});
