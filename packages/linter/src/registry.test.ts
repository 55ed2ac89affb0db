/** RuleRegistry: rules by id and alias, the checks its constructor makes, and "did you mean" hints. */
import { describe, expect, test } from "vitest";
import { RuleRegistry, isBuildkitCheckName, isHadolintCode } from "./registry.js";
import { defineRule } from "./rule.js";
import type { AnyRule } from "./types.js";

function rule(id: string, aliases?: string[]): AnyRule {
  return defineRule({ meta: { id, ...(aliases ? { aliases } : {}), severity: "warning", type: "problem", docs: { description: id }, messages: {} }, create: () => ({}) });
}

test("hadolint and ShellCheck codes, in any case, and nothing around them", () => {
  expect(["DL3008", "dl3008", "SC2086", "sc2086"].map(isHadolintCode)).toEqual([true, true, true, true]);
  expect(["DL300", "DL30080", "XDL3008", "DL3008x", "SC208a", "DX3008"].map(isHadolintCode)).toEqual([false, false, false, false, false, false]);
});

test("BuildKit's check names, in any case", () => {
  expect(["StageNameCasing", "stagenamecasing", "COPYIGNOREDFILE"].map(isBuildkitCheckName)).toEqual([true, true, true]);
  expect(["StageNameCase", "DL3008"].map(isBuildkitCheckName)).toEqual([false, false]);
});

describe("RuleRegistry", () => {
  const cmd = rule("multiple-cmd", ["DL4003", "MultipleInstructionsDisallowed"]);
  const entrypoint = rule("multiple-entrypoint", ["DL4004", "MultipleInstructionsDisallowed"]);
  const pin = rule("apt-pin-versions", ["DL3008"]);
  const registry = new RuleRegistry([cmd, entrypoint, pin]);

  test("holds the engine's own rules first, then the given ones, by id", () => {
    expect(registry.rules.map((known) => known.meta.id)).toEqual(["parse-error", "invalid-directive", "no-empty-continuation", "multiple-cmd", "multiple-entrypoint", "apt-pin-versions"]);
    expect(registry.get("apt-pin-versions")).toBe(pin);
    expect(registry.get("DL3008")).toBeUndefined();
  });

  test("resolves an id exactly, an alias in any case, and an alias to every rule it names", () => {
    expect(registry.resolve("apt-pin-versions")).toEqual([pin]);
    expect(registry.resolve("APT-PIN-VERSIONS")).toEqual([]);
    expect(registry.resolve("dl3008")).toEqual([pin]);
    expect(registry.resolve("DL3008")).toEqual([pin]);
    expect(registry.resolve("multipleinstructionsdisallowed")).toEqual([cmd, entrypoint]);
    expect(registry.resolve("DL9999")).toEqual([]);
  });

  test("refuses an id that is not kebab-case, a duplicate id, and an alias that is an id", () => {
    for (const id of ["Apt", "apt_pin", "apt--pin", "-apt", "apt-", "1apt", "apt pin"]) {
      expect(() => new RuleRegistry([rule(id)]), id).toThrow(`rule id "${id}" is not kebab-case`);
    }
    expect(() => new RuleRegistry([rule("a1-b2-c3")])).not.toThrow();
    expect(() => new RuleRegistry([pin, rule("apt-pin-versions")])).toThrow('two rules have the id "apt-pin-versions"');
    expect(() => new RuleRegistry([rule("parse-error")])).toThrow('two rules have the id "parse-error"');
    expect(() => new RuleRegistry([pin, rule("other", ["apt-pin-versions"])])).toThrow('alias "apt-pin-versions" of other is also a rule id');
  });

  test("suggests the closest id within a third of the name's length (at least 2 edits)", () => {
    expect(registry.suggest("apt-pin-version")).toBe("apt-pin-versions");
    expect(registry.suggest("APT-PIN-VERSION")).toBe("apt-pin-versions");
    expect(registry.suggest("multiple-cdm")).toBe("multiple-cmd");
    // Two edits from "parse-error" is within the minimum of 2, however short the name.
    expect(registry.suggest("parse-err")).toBe("parse-error");
    // "multiple-xyz" is 3 edits from multiple-cmd: within 12 / 3 = 4.
    expect(registry.suggest("multiple-xyz")).toBe("multiple-cmd");
    // More than max(2, 6 / 3) edits from every id.
    expect(registry.suggest("parsex")).toBeUndefined();
    expect(registry.suggest("zzzzzzzz")).toBeUndefined();
    // Exactly at the threshold: 2 edits on a 6-character name.
    const short = new RuleRegistry([rule("abcdef")]);
    expect(short.suggest("abcdXY")).toBe("abcdef");
    expect(short.suggest("abcXYZ")).toBeUndefined();
    // Of two ids at the same distance, the first registered.
    expect(new RuleRegistry([rule("abc-x"), rule("abc-y")]).suggest("abc-z")).toBe("abc-x");
    expect(registry.hint("apt-pin-version")).toBe(' Did you mean "apt-pin-versions"?');
    expect(registry.hint("zzzzzzzz")).toBe("");
  });

  test("the distance counts insertions, deletions and substitutions", () => {
    const single = new RuleRegistry([rule("abcdefghij")]);
    // Two edits each (insertions, deletions, substitutions, mixed): within max(2, length / 3).
    for (const name of ["abcdefghijXY", "abcdefgh", "abXdefghiY", "Xbcdefghij", "abcdefghiX", "bcdefghijX"]) {
      expect(single.suggest(name), name).toBe("abcdefghij");
    }
    // Three substitutions on a 10-character name are within 10 / 3; four are not.
    expect(single.suggest("XYZdefghij")).toBe("abcdefghij");
    expect(single.suggest("XYZWefghij")).toBeUndefined();
    expect(single.suggest("abcdefghij")).toBe("abcdefghij");
    // A short name against a long id: every insertion counts (8 here, far above the threshold).
    expect(new RuleRegistry([rule("ab"), rule("xyzxyzxyzx")]).suggest("xy")).toBe("ab");
  });
});
