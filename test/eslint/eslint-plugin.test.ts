import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ESLint, Linter } from "eslint";
import { type Finding, RuleRegistry, defaultConfig, fixText, lintText } from "@dfbuild/linter";
import { rules } from "@dfbuild/rules";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tempDir } from "../temp-dir.js";

/**
 * ESLint's own `ESLint` class, in a project of its own whose `eslint.config.mjs` imports the plugin
 * from its node_modules as a user's would, must report what lintText reports (rule, range,
 * message) and fix what fixText fixes. The plugin is installed there as one esbuild bundle of its
 * sources (with its package.json), so the test needs no `pnpm build` and never sees a stale dist.
 */
const pluginDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../packages/eslint-plugin");
const registry = new RuleRegistry(rules);
const scratch = tempDir("dfbuild-eslint-");
const installed = join(scratch, "eslint-plugin");
const eslintApi = pathToFileURL(createRequire(import.meta.url).resolve("eslint")).href;

beforeAll(async () => {
  mkdirSync(join(installed, "dist"), { recursive: true });
  copyFileSync(join(pluginDir, "package.json"), join(installed, "package.json"));
  await build({
    entryPoints: [join(pluginDir, "src/index.ts")],
    outfile: join(installed, "dist/index.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["source"],
    // CommonJS dependencies in an ES module bundle still need a `require`.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    logLevel: "silent",
  });
}, 120_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * Runs ESLint's `ESLint` class in a Node process of its own, as a user's editor or script does
 * (the test runner's module conditions would load the plugin's TypeScript sources instead).
 */
function eslint(root: string, patterns: string[], options: { fix?: boolean } = {}): ESLint.LintResult[] {
  const script = `import { ESLint } from ${JSON.stringify(eslintApi)};
    const results = await new ESLint({ cwd: process.cwd(), fix: ${String(options.fix === true)} }).lintFiles(${JSON.stringify(patterns)});
    process.stdout.write(JSON.stringify(results));`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, env, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`ESLint failed (exit ${String(run.status)}): ${run.stderr}`);
  return JSON.parse(run.stdout) as ESLint.LintResult[];
}

/** A project whose node_modules holds the plugin, with this config and these files. */
function project(config: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(scratch, "project-"));
  mkdirSync(join(root, "node_modules/@dfbuild"), { recursive: true });
  symlinkSync(installed, join(root, "node_modules/@dfbuild/eslint-plugin"), "dir");
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "dockerfiles", private: true, type: "module" }));
  writeFileSync(join(root, "eslint.config.mjs"), config);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

interface Compared {
  rule: string | null;
  range: [number, number, number, number];
  message: string;
}

function fromEslint(messages: readonly Linter.LintMessage[]): Compared[] {
  return messages.map((message) => ({
    rule: message.ruleId,
    range: [message.line, message.column, message.endLine ?? -1, message.endColumn ?? -1],
    message: message.message,
  }));
}

function fromDfbuild(findings: readonly Finding[]): Compared[] {
  return findings.map((finding) => ({
    rule: `dfbuild/${finding.ruleId}`,
    range: [finding.range.start.line, finding.range.start.column, finding.range.end.line, finding.range.end.column],
    message: finding.message,
  }));
}

const byPosition = (a: Compared, b: Compared) =>
  a.range[0] - b.range[0] || a.range[1] - b.range[1] || a.range[2] - b.range[2] || a.range[3] - b.range[3] || String(a.rule).localeCompare(String(b.rule));

/**
 * Many rules at once: fixes (casing, MAINTAINER, apt-get -y…), suggestions, an ONBUILD trigger,
 * a parse error, an empty continuation line, ignore comments of both kinds, one naming no rule.
 */
const DOCKERFILE = `# syntax=docker/dockerfile:1
FROM ubuntu:latest as Build
MAINTAINER someone@example.com
RUN apt-get update
RUN apt-get install curl
# hadolint ignore=DL3003
RUN cd /tmp && make
# dfbuild-ignore no-such-rule
workdir app
ONBUILD RUN apt-get install wget
RUN echo a \\

  && echo b
COPY onlyone
ENV A=1 B=$A
from alpine AS final
COPY --from=build /app /app
EXPOSE 80000
CMD echo hi
USER root
`;

// Each test starts ESLint in a process of its own: seconds on a busy machine.
describe("@dfbuild/eslint-plugin under ESLint", { timeout: 120_000 }, () => {
  test("the recommended config reports what dfbuild lint reports, and fixes what it fixes", () => {
    const root = project(
      `import dfbuild from "@dfbuild/eslint-plugin";\nexport default [dfbuild.configs.recommended];\n`,
      { Dockerfile: DOCKERFILE },
    );
    const expected = lintText(DOCKERFILE, { registry, filePath: join(root, "Dockerfile") });
    const [result] = eslint(root, ["."]);
    expect(result?.filePath).toBe(join(root, "Dockerfile"));
    const got = fromEslint(result?.messages ?? []).sort(byPosition);
    const want = fromDfbuild(expected.findings).sort(byPosition);
    expect(want.length).toBeGreaterThan(12);
    expect(got).toEqual(want);
    // ESLint's levels: a preset's error stays an error, every other severity warns.
    const severities = new Map(expected.findings.map((finding) => [`dfbuild/${finding.ruleId}`, finding.severity === "error" ? 2 : 1]));
    for (const message of result?.messages ?? []) expect(message.severity, message.ruleId ?? "").toBe(severities.get(message.ruleId ?? ""));
    // Every finding with a fix or suggestions has them in ESLint too.
    expect((result?.messages ?? []).filter((message) => message.fix).length).toBe(expected.findings.filter((finding) => finding.fix).length);
    expect((result?.messages ?? []).flatMap((message) => message.suggestions ?? []).length).toBe(
      expected.findings.flatMap((finding) => finding.suggestions ?? []).length,
    );

    const [fixed] = eslint(root, ["Dockerfile"], { fix: true });
    const want2 = fixText(DOCKERFILE, { registry, filePath: join(root, "Dockerfile") });
    expect(want2.fixed).toBe(true);
    expect(fixed?.output).toBe(want2.output);
    expect(fromEslint(fixed?.messages ?? []).sort(byPosition)).toEqual(fromDfbuild(want2.findings).sort(byPosition));
  });

  test("the hadolint config judges as dfbuild lint's hadolint preset", () => {
    const root = project(`import dfbuild from "@dfbuild/eslint-plugin";\nexport default [dfbuild.configs.hadolint];\n`, { "web.dockerfile": DOCKERFILE });
    const config = defaultConfig();
    config.preset = "hadolint";
    const expected = lintText(DOCKERFILE, { registry, config });
    const [result] = eslint(root, ["web.dockerfile"]);
    expect(fromEslint(result?.messages ?? []).sort(byPosition)).toEqual(fromDfbuild(expected.findings).sort(byPosition));
    // Not the same findings as recommended: the presets differ on this file.
    expect(fromDfbuild(expected.findings)).not.toEqual(fromDfbuild(lintText(DOCKERFILE, { registry }).findings));
  });

  test("the configuration from the README: one rule, on the files it names", () => {
    const root = project(
      `import dfbuild from "@dfbuild/eslint-plugin";
export default [
  { files: ["**/Dockerfile"], plugins: { dfbuild }, language: "dfbuild/dockerfile", rules: { "dfbuild/consecutive-run": "warn" } },
];
`,
      { "api/Dockerfile": "FROM alpine:3.20\nRUN apk add --no-cache git\nRUN git --version\n", "notes.txt": "RUN RUN\n" },
    );
    const results = eslint(root, ["."]);
    // The Dockerfile, and the config file ESLint lints as JavaScript; never notes.txt.
    expect(results.map((result) => result.filePath)).toEqual([join(root, "api/Dockerfile"), join(root, "eslint.config.mjs")]);
    const config = defaultConfig();
    config.levels.set("consecutive-run", "warning");
    const expected = lintText("FROM alpine:3.20\nRUN apk add --no-cache git\nRUN git --version\n", { registry, config, only: ["consecutive-run"] });
    expect(expected.findings.length).toBe(1);
    expect(fromEslint(results[0]?.messages ?? [])).toEqual(fromDfbuild(expected.findings));
    expect(results[0]?.messages[0]?.severity).toBe(1);
    expect(results[0]?.messages[0]?.fix).toBeDefined();
  });

  test("settings.dfbuild reach the rules, ESLint's disable comments work, bad settings are errors", () => {
    const text = "FROM ghcr.io/acme/base:1.0\nRUN true\n# eslint-disable-next-line dfbuild/consecutive-run\nRUN true\nRUN false\n";
    const root = project(
      `import dfbuild from "@dfbuild/eslint-plugin";
export default [
  dfbuild.configs.recommended,
  { rules: { "dfbuild/trusted-registry": "error" }, settings: { dfbuild: { trustedRegistries: ["docker.io"] } } },
];
`,
      { Dockerfile: text },
    );
    const [result] = eslint(root, ["Dockerfile"]);
    const config = defaultConfig();
    config.trustedRegistries = ["docker.io"];
    config.levels.set("trusted-registry", "error");
    const expected = lintText(text, { registry, config });
    const trusted = expected.findings.filter((finding) => finding.ruleId === "trusted-registry");
    expect(trusted.length).toBe(1);
    expect(fromEslint((result?.messages ?? []).filter((message) => message.ruleId === "dfbuild/trusted-registry"))).toEqual(fromDfbuild(trusted));
    // The comment hides the finding on line 4 only; dfbuild lint (which ignores ESLint's comments) has both.
    const consecutive = (result?.messages ?? []).filter((message) => message.ruleId === "dfbuild/consecutive-run").map((message) => message.line);
    expect(consecutive).toEqual([5]);
    expect(expected.findings.filter((finding) => finding.ruleId === "consecutive-run").map((finding) => finding.range.start.line)).toEqual([4, 5]);

    const bad = project(
      `import dfbuild from "@dfbuild/eslint-plugin";\nexport default [dfbuild.configs.recommended, { settings: { dfbuild: { trustedRegistry: ["x"] } } }];\n`,
      { Dockerfile: "FROM alpine:3.20\n" },
    );
    expect(() => eslint(bad, ["Dockerfile"])).toThrow(
      "eslint.config.js: settings.dfbuild.trustedRegistry: unknown setting (known: trustedRegistries, labelSchema, strictLabels, preset, inlineIgnores)",
    );
  });
});
