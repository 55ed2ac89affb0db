import { describe, expect, test } from "vitest";
import { DfbuildSettingsError, resolveSettings } from "./settings.js";

describe("settings.dfbuild", () => {
  test("absent: dfbuild lint's defaults", () => {
    const resolved = resolveSettings({});
    expect(resolved.inlineIgnores).toBe(true);
    expect(resolved.rules).toEqual({ trustedRegistries: [], labelSchema: new Map(), strictLabels: false, preset: "recommended" });
  });

  test("every key reaches the rules", () => {
    const resolved = resolveSettings({
      dfbuild: { trustedRegistries: ["docker.io"], labelSchema: { maintainer: "email", version: "semver" }, strictLabels: true, preset: "hadolint", inlineIgnores: false },
    });
    expect(resolved.inlineIgnores).toBe(false);
    expect(resolved.rules).toEqual({
      trustedRegistries: ["docker.io"],
      labelSchema: new Map([["maintainer", "email"], ["version", "semver"]]),
      strictLabels: true,
      preset: "hadolint",
    });
  });

  test.each([
    [{ dfbuild: [] }, "eslint.config.js: settings.dfbuild: expected an object, got []"],
    [{ dfbuild: { trusted: [] } }, "eslint.config.js: settings.dfbuild.trusted: unknown setting (known: trustedRegistries, labelSchema, strictLabels, preset, inlineIgnores)"],
    [{ dfbuild: { trustedRegistries: "docker.io" } }, "eslint.config.js: settings.dfbuild.trustedRegistries: expected an array of registry host names"],
    [{ dfbuild: { labelSchema: { version: "number" } } }, "eslint.config.js: settings.dfbuild.labelSchema.version: expected one of text, url, spdx, rfc3339, semver, hash, email, got \"number\""],
    [{ dfbuild: { strictLabels: "yes" } }, "eslint.config.js: settings.dfbuild.strictLabels: expected true or false"],
    [{ dfbuild: { preset: "all" } }, "eslint.config.js: settings.dfbuild.preset: expected one of recommended, strict, hadolint, got \"all\""],
  ])("%j is refused with a message naming the setting", (settings, message) => {
    let thrown: unknown;
    try {
      resolveSettings(settings);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DfbuildSettingsError);
    expect((thrown as DfbuildSettingsError).code).toBe("DFBUILD_ESLINT_SETTINGS");
    expect((thrown as DfbuildSettingsError).message).toBe(message);
  });
});
