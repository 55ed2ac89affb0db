/**
 * The configuration module on its own (test/lint/config.test.ts runs the same settings through the
 * CLI): every key of `.dfbuild.yaml` and hadolint's file, the positions of its errors, hadolint's
 * environment variables, how layers combine and which file applies where.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  ConfigError,
  ConfigResolver,
  type ConfigLayer,
  applyHadolintLists,
  configFromEnvironment,
  defaultConfig,
  emptyLayer,
  isConfigFileName,
  loadConfigFile,
  parseConfig,
  parseRequiredLabel,
  resolveConfig,
  resolveRuleName,
  setLevelByName,
  unimplementedWarning,
} from "./config.js";
import { RuleRegistry } from "./registry.js";
import { defineRule } from "./rule.js";

/** Temporary directories, removed after the file's last test (test/tmpdir-setup.ts fails a run that leaves one). */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

function rule(id: string, aliases: string[] = []) {
  return defineRule({ meta: { id, aliases, severity: "warning", type: "problem", docs: { description: id }, messages: { m: "m" } }, create: () => ({}) });
}

/** Built per test: a mutant Stryker activates for one test must see fresh objects. */
function registry(): RuleRegistry {
  return new RuleRegistry([rule("consecutive-run", ["DL3059"]), rule("one-cmd", ["DL4003", "MultipleInstructionsDisallowed"]), rule("one-entrypoint", ["MultipleInstructionsDisallowed"]), rule("shellcheck", [])]);
}

const fail = (detail: string): never => {
  throw new Error(detail);
};

/** The error `promise` rejects with, which must be a ConfigError. */
async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

describe("defaults and layers", () => {
  test("the defaults: hadolint's failure threshold (info), inline ignores on, the recommended preset", () => {
    const config = defaultConfig();
    expect({ ...config, fmt: undefined }).toEqual({
      levels: new Map(),
      codeLevels: new Map(),
      failureThreshold: "info",
      noFail: false,
      inlineIgnores: true,
      trustedRegistries: [],
      preset: "recommended",
      presetVersion: config.presetVersion,
      labelSchema: new Map(),
      strictLabels: false,
      format: null,
      color: null,
      fmt: undefined,
      sources: [],
      warnings: [],
    });
    expect(config.fmt).toEqual({ keywordCase: "upper", indent: 4, blankLineBetweenStages: true });
    // Each call is a fresh object: a run's changes never leak into the next run's defaults.
    config.fmt.indent = 2;
    config.levels.set("x", "off");
    expect(defaultConfig().fmt.indent).toBe(4);
    expect(defaultConfig().levels.size).toBe(0);
  });

  test("later layers win for single settings; lists and maps add up; missing layers are skipped", () => {
    const low: ConfigLayer = {
      ...emptyLayer("low.yaml"),
      preset: { name: "strict", version: 1 },
      levels: new Map([["a", "error"], ["b", "info"]]),
      codeLevels: new Map([["SC1000", "off"]]),
      failureThreshold: "error",
      noFail: true,
      inlineIgnores: false,
      trustedRegistries: ["a.io", "b.io"],
      labelSchema: new Map([["x", "url"]]),
      strictLabels: true,
      format: "json",
      color: false,
      fmt: { keywordCase: "lower", indent: 2, blankLineBetweenStages: false },
      warnings: ["w1"],
    };
    const high: ConfigLayer = { ...emptyLayer("high.yaml"), levels: new Map([["a", "off"]]), codeLevels: new Map([["SC1000", "style"]]), trustedRegistries: ["b.io", "c.io"], labelSchema: new Map([["y", "email"]]), warnings: ["w2"] };
    const config = resolveConfig([null, low, undefined, high]);
    expect(config).toEqual({
      levels: new Map([["a", "off"], ["b", "info"]]),
      codeLevels: new Map([["SC1000", "style"]]),
      failureThreshold: "error",
      noFail: true,
      inlineIgnores: false,
      trustedRegistries: ["a.io", "b.io", "c.io"],
      preset: "strict",
      presetVersion: 1,
      labelSchema: new Map([["x", "url"], ["y", "email"]]),
      strictLabels: true,
      format: "json",
      color: false,
      fmt: { keywordCase: "lower", indent: 2, blankLineBetweenStages: false },
      sources: ["low.yaml", "high.yaml"],
      warnings: ["w1", "w2"],
    });
    const over = resolveConfig([low, { ...emptyLayer("cli"), preset: { name: "hadolint", version: 1 }, failureThreshold: "none", noFail: false, inlineIgnores: true, strictLabels: false, format: "sarif", color: true, fmt: { keywordCase: "preserve", indent: "tab", blankLineBetweenStages: true } }]);
    expect([over.preset, over.failureThreshold, over.noFail, over.inlineIgnores, over.strictLabels, over.format, over.color, over.fmt.indent]).toEqual(["hadolint", "none", false, true, false, "sarif", true, "tab"]);
    expect(resolveConfig([]).sources).toEqual([]);
    expect(emptyLayer("e")).toStrictEqual({ source: "e", levels: new Map(), codeLevels: new Map(), trustedRegistries: [], labelSchema: new Map(), warnings: [] });
  });

  test("a ConfigError names the file, position and key, with a stable code", () => {
    const error = new ConfigError(".dfbuild.yaml", "rules.x", "unknown rule", { line: 3, column: 5 });
    expect(error.message).toBe(".dfbuild.yaml:3:5: rules.x: unknown rule");
    expect(error.code).toBe("DFB_CONFIG_INVALID");
    expect(error.name).toBe("ConfigError");
    expect(error).toBeInstanceOf(Error);
    expect(new ConfigError("HADOLINT_IGNORE", "", "bad").message).toBe("HADOLINT_IGNORE: bad");
  });
});

describe("rule names", () => {
  test("ids and aliases name rules (an alias may name several); SC codes are codes; known but unimplemented names; else a hint", () => {
    const known = registry();
    expect(resolveRuleName(known, "consecutive-run")).toEqual({ kind: "rules", ids: ["consecutive-run"] });
    expect(resolveRuleName(known, "dl3059")).toEqual({ kind: "rules", ids: ["consecutive-run"] });
    expect(resolveRuleName(known, "MultipleInstructionsDisallowed")).toEqual({ kind: "rules", ids: ["one-cmd", "one-entrypoint"] });
    expect(resolveRuleName(known, "sc2086")).toEqual({ kind: "code", code: "SC2086" });
    expect(resolveRuleName(known, "SC20866")).toEqual({ kind: "unknown", hint: ' Run "dfbuild rules" for the list.' });
    expect(resolveRuleName(known, "xSC2086")).toMatchObject({ kind: "unknown" });
    expect(resolveRuleName(known, "DL3008")).toEqual({ kind: "unimplemented" });
    expect(resolveRuleName(known, "stagenamecasing")).toEqual({ kind: "unimplemented" });
    expect(resolveRuleName(known, "consecutive-runs")).toEqual({ kind: "unknown", hint: ' Did you mean "consecutive-run"? Run "dfbuild rules" for the list.' });
    expect(unimplementedWarning("DL3008")).toBe("DL3008 names a hadolint rule this dfbuild has no rule for yet; the setting has no effect.");
    expect(unimplementedWarning("StageNameCasing")).toBe("StageNameCasing names a BuildKit check this dfbuild has no rule for yet; the setting has no effect.");
  });

  test("setLevelByName: rules by level, codes by level, a warning for what is not implemented, fail() for the unknown", () => {
    const layer = emptyLayer("x");
    const known = registry();
    setLevelByName(layer, known, "MultipleInstructionsDisallowed", "error", "here", fail);
    setLevelByName(layer, known, "SC2086", "off", "here", fail);
    setLevelByName(layer, known, "DL3008", "off", "x.yaml:2:3: rules.DL3008", fail);
    expect(layer.levels).toEqual(new Map([["one-cmd", "error"], ["one-entrypoint", "error"]]));
    expect(layer.codeLevels).toEqual(new Map([["SC2086", "off"]]));
    expect(layer.warnings).toEqual(["x.yaml:2:3: rules.DL3008: DL3008 names a hadolint rule this dfbuild has no rule for yet; the setting has no effect."]);
    expect(() => {
      setLevelByName(layer, known, "nope", "off", "here", fail);
    }).toThrow('unknown rule "nope". Run "dfbuild rules" for the list.');
  });

  test("hadolint's lists: the more severe list wins, and ignored over all", () => {
    const layer = emptyLayer("x");
    const entry = (name: string) => ({ name, where: "here", fail });
    applyHadolintLists(layer, registry(), { ignored: [entry("DL4003")], error: [entry("DL3059"), entry("DL4003")], style: [entry("DL3059")], info: [entry("SC2086")], warning: [entry("SC2086")] });
    expect(layer.levels).toEqual(new Map([["consecutive-run", "error"], ["one-cmd", "off"]]));
    expect(layer.codeLevels).toEqual(new Map([["SC2086", "warning"]]));
  });
});

describe("configuration files", () => {
  test("every .dfbuild.yaml key", async () => {
    const text = [
      "preset: strict@1",
      "rules:",
      "  DL3059: error",
      "  SC2086: off",
      "ignored: [one-cmd]",
      "override:",
      "  info: [one-entrypoint]",
      "failure-threshold: warning",
      "trustedRegistries: [a.io, b.io]",
      "label-schema:",
      "  maintainer: email",
      "strict-labels: true",
      "disable-ignore-pragma: true",
      "no-fail: true",
      "no-color: true",
      "format: sarif",
      "verbose: false",
      "fmt:",
      "  indent: 2",
      "",
    ].join("\n");
    const layer = await parseConfig(text, ".dfbuild.yaml", registry());
    expect(layer).toEqual({
      source: ".dfbuild.yaml",
      preset: { name: "strict", version: 1 },
      levels: new Map([["consecutive-run", "error"], ["one-entrypoint", "info"], ["one-cmd", "off"]]),
      codeLevels: new Map([["SC2086", "off"]]),
      failureThreshold: "warning",
      trustedRegistries: ["a.io", "b.io"],
      labelSchema: new Map([["maintainer", "email"]]),
      strictLabels: true,
      inlineIgnores: false,
      noFail: true,
      color: false,
      format: "sarif",
      fmt: { keywordCase: "upper", indent: 2, blankLineBetweenStages: true },
      warnings: [],
    });
  });

  test("the other spellings and values: trusted-registries as one string, formats as a one-item list, falsy flags", async () => {
    const layer = await parseConfig("trusted-registries: a.io\nformats: [json]\nno-color: false\ndisable-ignore-pragma: false\nno-fail: false\nstrict-labels: false\n", "x.yaml", registry());
    expect(layer).toMatchObject({ trustedRegistries: ["a.io"], format: "json", inlineIgnores: true, noFail: false, strictLabels: false });
    expect(layer).not.toHaveProperty("color");
    expect(layer).not.toHaveProperty("preset");
    expect(await parseConfig("formats: []\nrules:\noverride:\nlabel-schema:\nignored:\n", "x.yaml", registry())).toStrictEqual(emptyLayer("x.yaml"));
  });

  test("an empty file, or one with only comments, sets nothing; a hadolint file starts from the hadolint preset", async () => {
    expect(await parseConfig("", "a/.dfbuild.yaml", registry())).toEqual(emptyLayer("a/.dfbuild.yaml"));
    expect(await parseConfig("# nothing\n", "a/.dfbuild.yml", registry())).toEqual(emptyLayer("a/.dfbuild.yml"));
    expect(await parseConfig("null\n", "a/.dfbuild.yml", registry())).toEqual(emptyLayer("a/.dfbuild.yml"));
    expect(await parseConfig("~\n", "a/.dfbuild.yml", registry())).toEqual(emptyLayer("a/.dfbuild.yml"));
    expect((await parseConfig("", "a/.hadolint.yaml", registry())).preset).toEqual({ name: "hadolint", version: 1 });
    expect((await parseConfig("", "/home/me/hadolint.yml", registry())).preset).toEqual({ name: "hadolint", version: 1 });
    expect((await parseConfig("preset: strict\n", ".hadolint.yaml", registry())).preset).toMatchObject({ name: "strict" });
    expect((await parseConfig("", "a/xhadolint.yaml", registry())).preset).toBeUndefined();
    expect((await parseConfig("", "a/.hadolint.yaml.bak", registry())).preset).toBeUndefined();
  });

  test("errors point at the value, or at the key for problems with the key", async () => {
    const cases: [string, string][] = [
      ["rules:\n  DL3059: loud\n", "c.yaml:2:11: rules.DL3059: expected one of off, error, warning, info, style, got \"loud\""],
      ["rules:\n  nope: off\n", 'c.yaml:2:3: rules.nope: unknown rule "nope". Run "dfbuild rules" for the list.'],
      ["rules:\n  DL3059: off\n  nope: off\n", 'c.yaml:3:3: rules.nope: unknown rule "nope". Run "dfbuild rules" for the list.'],
      ["trustedRegistries: 3\n", "c.yaml:1:20: trustedRegistries: expected a list"],
      ["formats: json\n", "c.yaml:1:10: formats: expected a list"],
      ["override: 3\n", "c.yaml:1:11: override: expected a mapping of error/warning/info/style to lists of rules"],
      ["override:\n  error: DL3059\n", "c.yaml:2:10: override.error: expected a list"],
      ["label-schema: 3\n", "c.yaml:1:15: label-schema: expected a mapping of label name to text, url, spdx, rfc3339, semver, hash, email"],
      ["rules: [a]\n", "c.yaml:1:8: rules: expected a mapping of rule id to off, style, info, warning or error"],
      ["rules: off\n", "c.yaml:1:8: rules: expected a mapping of rule id to off, style, info, warning or error"],
      ["preset: 3\n", "c.yaml:1:9: preset: expected a preset name such as recommended, strict@1 or hadolint, got 3"],
      ["preset: loose\n", "c.yaml:1:9: preset: "],
      ["failure-threshold: loud\n", 'c.yaml:1:20: failure-threshold: expected one of error, warning, info, style, ignore, none, got "loud"'],
      ["ignored: DL3059\n", "c.yaml:1:10: ignored: expected a list"],
      ["ignored:\n  - DL3059\n  - 3\n", "c.yaml:3:5: ignored.1: expected a string"],
      ["ignored: [nope]\n", 'c.yaml:1:11: ignored.0: unknown rule "nope". Run "dfbuild rules" for the list.'],
      ["override: [a]\n", "c.yaml:1:11: override: expected a mapping of error/warning/info/style to lists of rules"],
      ["override:\n  loud: [DL3059]\n", 'c.yaml:2:9: override.loud: expected one of error, warning, info, style, got "loud"'],
      ["override:\n  error: [DL3059, nope]\n", 'c.yaml:2:19: override.error.1: unknown rule "nope". Run "dfbuild rules" for the list.'],
      ["label-schema: [a]\n", "c.yaml:1:15: label-schema: expected a mapping of label name to text, url, spdx, rfc3339, semver, hash, email"],
      ["label-schema:\n  a: number\n", 'c.yaml:2:6: label-schema.a: expected one of text, url, spdx, rfc3339, semver, hash, email, got "number"'],
      ["strict-labels: yes\n", 'c.yaml:1:16: strict-labels: expected true or false, got "yes"'],
      ["no-fail: 1\n", "c.yaml:1:10: no-fail: expected true or false, got 1"],
      ["no-color: 1\n", "c.yaml:1:11: no-color: expected true or false, got 1"],
      ["disable-ignore-pragma: 1\n", "c.yaml:1:24: disable-ignore-pragma: expected true or false, got 1"],
      ["verbose: 1\n", "c.yaml:1:10: verbose: expected true or false, got 1"],
      ["format: [json]\n", 'c.yaml:1:9: format: expected a format name, got ["json"]'],
      ["formats: [json, tty]\n", "c.yaml:1:10: formats: dfbuild writes one report per run: give one format (run dfbuild once per format)"],
      ["fmt: 3\n", "c.yaml:1:6: fmt: expected a mapping of formatter settings (keyword-case, indent, blank-line-between-stages)"],
      ["fmt:\n  indent: 99\n", "c.yaml:2:11: fmt.indent: expected a number of spaces from 0 to 16, or tab, got 99"],
      ["fmt:\n  width: 3\n", "c.yaml:2:3: fmt.width: unknown setting (expected keyword-case, indent, blank-line-between-stages)"],
      ["colour: true\n", "c.yaml:1:1: colour: unknown setting (expected preset, rules, ignored, override, failure-threshold, trustedRegistries, label-schema, strict-labels, disable-ignore-pragma, no-fail, no-color, format or fmt)"],
      ["- a\n- b\n", "c.yaml:1:1: expected a mapping of settings (preset:, rules:, ignored:, failure-threshold: …)"],
      ["just text\n", "c.yaml:1:1: expected a mapping of settings (preset:, rules:, ignored:, failure-threshold: …)"],
    ];
    for (const [text, message] of cases) {
      const error = await configError(parseConfig(text, "c.yaml", registry()));
      if (message.endsWith(": ")) expect(error.message.startsWith(message), text).toBe(true);
      else expect(error.message, text).toBe(message);
    }
  });

  test("invalid YAML: the parser's first error, its position, without the position repeated in the text", async () => {
    // Line and column past 9: the position yaml appends to its message (" at line 10, column 27:") is cut whole.
    const deep = await configError(parseConfig(`${"\n".repeat(9)}rules: {abcdefgh: off, x: y: z}\n`, "c.yaml", registry()));
    expect(deep.message).toBe("c.yaml:10:27: invalid YAML: Block collections are not allowed within flow collections");
    const error = await configError(parseConfig("rules:\n  a: [b\nc: d\n", "c.yaml", registry()));
    expect(error.key).toBe("");
    expect(error.position).toMatchObject({ line: expect.any(Number) as number, column: expect.any(Number) as number });
    expect(error.message).toMatch(/^c\.yaml:\d+:\d+: invalid YAML: \S/);
    expect(error.message).not.toMatch(/ at line \d+, column \d+/);
    expect(error.message).not.toContain("\n");
  });

  test("a warning for a name without a rule names where it was set", async () => {
    const layer = await parseConfig("rules:\n  DL3008: off\nignored: [StageNameCasing]\n", "c.yaml", registry());
    expect(layer.warnings).toEqual([
      "c.yaml:2:3: rules.DL3008: DL3008 names a hadolint rule this dfbuild has no rule for yet; the setting has no effect.",
      "c.yaml:3:11: ignored.0: StageNameCasing names a BuildKit check this dfbuild has no rule for yet; the setting has no effect.",
    ]);
  });

  test("loadConfigFile reads the file, or says why it cannot", async () => {
    const dir = tempDir("dfbuild-config-");
    const file = join(dir, ".dfbuild.yaml");
    writeFileSync(file, "no-fail: true\n");
    expect((await loadConfigFile(file, registry())).noFail).toBe(true);
    const missing = join(dir, "missing.yaml");
    expect((await configError(loadConfigFile(missing, registry()))).message).toBe(`${missing}: cannot read the configuration: no such file`);
    const error = await configError(loadConfigFile(dir, registry()));
    expect(error.message.startsWith(`${dir}: cannot read the configuration: `)).toBe(true);
    expect(error.message).not.toContain("no such file");
  });
});

describe("hadolint's environment variables", () => {
  test("none set: null", () => {
    expect(configFromEnvironment({ PATH: "/bin" }, registry())).toBeNull();
  });

  test("every variable, each alone enough to make a layer", () => {
    const layer = configFromEnvironment(
      {
        HADOLINT_IGNORE: " DL4003 , ,",
        HADOLINT_OVERRIDE_ERROR: "DL3059",
        HADOLINT_OVERRIDE_WARNING: "SC2086",
        HADOLINT_OVERRIDE_INFO: "one-entrypoint",
        HADOLINT_OVERRIDE_STYLE: "SC1000",
        HADOLINT_TRUSTED_REGISTRIES: "a.io, b.io,",
        HADOLINT_REQUIRE_LABELS: "maintainer:email, ,version:semver",
        HADOLINT_STRICT_LABELS: "Yes",
        HADOLINT_DISABLE_IGNORE_PRAGMA: "on",
        HADOLINT_NOFAIL: "1",
        HADOLINT_FAILURE_THRESHOLD: "error",
        HADOLINT_FORMAT: " json ,tty",
      },
      registry(),
    );
    expect(layer).toEqual({
      source: "environment",
      levels: new Map([["one-entrypoint", "info"], ["consecutive-run", "error"], ["one-cmd", "off"]]),
      codeLevels: new Map([["SC1000", "style"], ["SC2086", "warning"]]),
      trustedRegistries: ["a.io", "b.io"],
      labelSchema: new Map([["maintainer", "email"], ["version", "semver"]]),
      strictLabels: true,
      inlineIgnores: false,
      noFail: true,
      failureThreshold: "error",
      format: "json",
      warnings: [],
    });
    for (const name of ["HADOLINT_IGNORE", "HADOLINT_OVERRIDE_ERROR", "HADOLINT_OVERRIDE_WARNING", "HADOLINT_OVERRIDE_INFO", "HADOLINT_OVERRIDE_STYLE", "HADOLINT_TRUSTED_REGISTRIES", "HADOLINT_REQUIRE_LABELS", "HADOLINT_STRICT_LABELS", "HADOLINT_DISABLE_IGNORE_PRAGMA", "HADOLINT_NOFAIL", "HADOLINT_FAILURE_THRESHOLD", "HADOLINT_FORMAT"]) {
      expect(configFromEnvironment({ [name]: name === "HADOLINT_FAILURE_THRESHOLD" ? "info" : "" }, registry()), name).not.toBeNull();
    }
  });

  test("hadolint's truthy words, in any case; anything else is false; unset flags stay unset", () => {
    for (const value of ["1", "y", "on", "true", "yes", "TRUE", "Y"]) expect(configFromEnvironment({ HADOLINT_NOFAIL: value }, registry())?.noFail, value).toBe(true);
    for (const value of ["0", "no", "off", "", "2"]) expect(configFromEnvironment({ HADOLINT_NOFAIL: value }, registry())?.noFail, value).toBe(false);
    const layer = configFromEnvironment({ HADOLINT_DISABLE_IGNORE_PRAGMA: "false", HADOLINT_FORMAT: "" }, registry());
    expect(layer?.inlineIgnores).toBe(true);
    expect(layer?.noFail).toBeUndefined();
    expect(layer?.strictLabels).toBeUndefined();
    expect(layer).not.toHaveProperty("format");
    expect(configFromEnvironment({ HADOLINT_NOFAIL: "1" }, registry())).not.toHaveProperty("inlineIgnores");
  });

  test("bad values name the variable", () => {
    expect(() => configFromEnvironment({ HADOLINT_FAILURE_THRESHOLD: "loud" }, registry())).toThrow(
      new ConfigError("HADOLINT_FAILURE_THRESHOLD", "", 'expected one of error, warning, info, style, ignore, none, got "loud"'),
    );
    expect(() => configFromEnvironment({ HADOLINT_IGNORE: "DL3059,nope" }, registry())).toThrow(new ConfigError("HADOLINT_IGNORE", "", 'unknown rule "nope". Run "dfbuild rules" for the list.'));
    expect(() => configFromEnvironment({ HADOLINT_REQUIRE_LABELS: "a:b" }, registry())).toThrow(
      new ConfigError("HADOLINT_REQUIRE_LABELS", "", 'expected LABEL:TYPE with TYPE one of text, url, spdx, rfc3339, semver, hash, email, got "a:b"'),
    );
    expect(configFromEnvironment({ HADOLINT_IGNORE: "DL3008" }, registry())?.warnings).toEqual(["HADOLINT_IGNORE: DL3008 names a hadolint rule this dfbuild has no rule for yet; the setting has no effect."]);
  });

  test("LABEL:TYPE splits at the last colon and trims both sides", () => {
    expect(parseRequiredLabel(" org.x:y : url ", fail)).toEqual(["org.x:y", "url"]);
    expect(parseRequiredLabel("a:url", fail)).toEqual(["a", "url"]);
    for (const bad of ["maintainer", ":email", "a:", "a:mail", "email"]) expect(() => parseRequiredLabel(bad, fail), bad).toThrow(`got ${JSON.stringify(bad)}`);
  });
});

describe("which file applies", () => {
  test("the nearest .dfbuild.yaml walking up, else the nearest hadolint file; loaded once", async () => {
    const root = tempDir("dfbuild-config-");
    mkdirSync(join(root, "a/b/c"), { recursive: true });
    writeFileSync(join(root, ".dfbuild.yml"), "no-fail: true\n");
    writeFileSync(join(root, "a/.hadolint.yaml"), "strict-labels: true\n");
    writeFileSync(join(root, "a/b/.hadolint.yml"), "strict-labels: false\n");
    const resolver = new ConfigResolver(registry());
    expect(resolver.fileFor(join(root, "a/b/c"))).toBe(join(root, ".dfbuild.yml"));
    writeFileSync(join(root, "a/b/.dfbuild.yaml"), "failure-threshold: error\n");
    expect(resolver.fileFor(join(root, "a/b/c"))).toBe(join(root, "a/b/.dfbuild.yaml"));
    expect(resolver.fileFor(join(root, "a"))).toBe(join(root, ".dfbuild.yml"));
    const first = resolver.forDirectory(join(root, "a/b/c"));
    expect(resolver.forDirectory(join(root, "a/b"))).toBe(first);
    expect((await first)?.failureThreshold).toBe("error");
    expect((await resolver.forDirectory(join(root, "a")))?.noFail).toBe(true);
  });

  test("a hadolint file when there is no .dfbuild file; none at all is null", async () => {
    const root = tempDir("dfbuild-config-");
    mkdirSync(join(root, "a/b"), { recursive: true });
    writeFileSync(join(root, "a/.hadolint.yaml"), "strict-labels: true\n");
    const resolver = new ConfigResolver(registry());
    // A directory above any configuration (the temporary directory's root) finds none, unless the
    // machine has one further up; the walk stops at the file-system root either way.
    const above = resolver.fileFor(root);
    expect(resolver.fileFor(join(root, "a/b"))).toBe(join(root, "a/.hadolint.yaml"));
    expect((await resolver.forDirectory(join(root, "a/b")))?.preset).toEqual({ name: "hadolint", version: 1 });
    if (above === null) expect(await resolver.forDirectory(root)).toBeNull();
  });

  test("configuration file names", () => {
    for (const name of [".dfbuild.yaml", "a/.dfbuild.yml", "/x/.hadolint.yaml", ".hadolint.yml"]) expect(isConfigFileName(name), name).toBe(true);
    for (const name of ["dfbuild.yaml", ".dfbuild.json", "a/.hadolint.yaml/x", "hadolint.yaml"]) expect(isConfigFileName(name), name).toBe(false);
  });
});
