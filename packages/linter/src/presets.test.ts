import { describe, expect, test } from "vitest";
import { LATEST_PRESET_VERSION, PresetSyntaxError, formatPreset, newerRules, parsePreset, presetLevel } from "./presets.js";
import { defineRule } from "./rule.js";
import type { AnyRule, RuleMeta } from "./types.js";

function rule(meta: Partial<RuleMeta>): AnyRule {
  return defineRule({ meta: { id: "x", severity: "warning", type: "problem", docs: { description: "x" }, messages: {}, ...meta }, create: () => ({}) });
}

describe("parsePreset", () => {
  test("a name alone is version 1; @latest follows the release", () => {
    expect(parsePreset("recommended")).toEqual({ name: "recommended", version: 1 });
    expect(parsePreset("strict@1")).toEqual({ name: "strict", version: 1 });
    expect(parsePreset("hadolint@latest")).toEqual({ name: "hadolint", version: "latest" });
  });
  test("spaces around the name and the version are ignored", () => {
    expect(parsePreset(" strict ")).toEqual({ name: "strict", version: 1 });
    expect(parsePreset("strict @ 1 ")).toEqual({ name: "strict", version: 1 });
    expect(parsePreset("hadolint@ latest")).toEqual({ name: "hadolint", version: "latest" });
  });
  test("formatPreset writes what parsePreset reads", () => {
    expect(formatPreset({ name: "strict", version: 1 })).toBe("strict@1");
    expect(formatPreset({ name: "hadolint", version: "latest" })).toBe("hadolint@latest");
  });
  test("a refusal is a PresetSyntaxError with a stable code", () => {
    const error = (() => {
      try {
        parsePreset("strictest");
      } catch (thrown) {
        return thrown;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(PresetSyntaxError);
    expect(error).toMatchObject({ name: "PresetSyntaxError", code: "DFB_PRESET_INVALID" });
  });
  test.each([
    // Only a plain decimal version: no leading zero, sign, exponent or decimal point.
    ["recommended@01", /unknown version "01"/],
    ["recommended@+1", /unknown version "\+1"/],
    ["recommended@1e0", /unknown version "1e0"/],
    ["recommended@1.", /unknown version "1\."/],
    ["strictest", /unknown preset "strictest" \(expected recommended, strict, hadolint/],
    [`recommended@${LATEST_PRESET_VERSION + 1}`, /a newer version needs a newer dfbuild/],
    ["recommended@0", /unknown version "0"/],
    ["recommended@one", /unknown version "one"/],
  ])("%s is refused", (text, message) => {
    expect(() => parsePreset(text)).toThrow(PresetSyntaxError);
    expect(() => parsePreset(text)).toThrow(message);
  });
});

describe("presetLevel", () => {
  const plain = rule({ severity: "warning", hadolint: "error" });
  const optIn = rule({ severity: "info", recommended: false });
  const buildkitOnly = rule({ severity: "warning" });
  const hadolintIgnored = rule({ severity: "info", recommended: false, hadolint: "off" });
  test("recommended runs rules at dfbuild's severity, opt-in rules off", () => {
    expect(presetLevel(plain, { name: "recommended", version: 1 })).toBe("warning");
    expect(presetLevel(optIn, { name: "recommended", version: 1 })).toBe("off");
  });
  test("strict runs every rule", () => {
    expect(presetLevel(optIn, { name: "strict", version: 1 })).toBe("info");
  });
  test("hadolint runs hadolint's rules at hadolint's severity, and nothing else", () => {
    expect(presetLevel(plain, { name: "hadolint", version: 1 })).toBe("error");
    expect(presetLevel(buildkitOnly, { name: "hadolint", version: 1 })).toBe("off");
    expect(presetLevel(hadolintIgnored, { name: "hadolint", version: 1 })).toBe("off");
  });
  test("a rule a later version added stays off in a configuration pinned before it", () => {
    const later = rule({ severity: "warning", presetVersion: 2 });
    expect(presetLevel(later, { name: "recommended", version: 1 })).toBe("off");
    expect(presetLevel(later, { name: "recommended", version: 2 })).toBe("warning");
    // Only versions this release knows count as newer: v2 does not exist yet.
    expect(LATEST_PRESET_VERSION).toBe(1);
    expect(newerRules([plain, later], { name: "recommended", version: 1 })).toEqual([]);
  });
});
